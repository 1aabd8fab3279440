package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/permissions"
)

// secret is the webhook endpoint's signing secret.
const secret = "whsec_fcsdk_microdeposits_example"

// refundCents is the part of the debit refunded.
const refundCents = 1000

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command without the process: it returns the exit status
// (0 done, 1 failed, 2 bad flags).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("microdeposits", flag.ContinueOnError)
	fs.SetOutput(stderr)
	amount := fs.Int64("amount", 5000, fmt.Sprintf("the debit in cents (%d to %d)", refundCents, ach.MaxAmount))
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *amount < refundCents || *amount > ach.MaxAmount {
		fmt.Fprintf(stderr, "microdeposits: -amount must be between %d and %d cents\n", refundCents, ach.MaxAmount)
		return 2
	}
	if err := story(ctx, stdout, balances.Money{Amount: *amount, Currency: balances.USD}); err != nil {
		fmt.Fprintln(stderr, "microdeposits:", err)
		return 1
	}
	return 0
}

// printer serializes output from the program and webhook callbacks.
type printer struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *printer) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}

func day(t time.Time) string { return t.Format("Mon 2006-01-02") }

// story runs the whole flow; see the package documentation.
func story(ctx context.Context, w io.Writer, amount balances.Money) error {
	out := &printer{w: w}
	sim, err := fctest.New(fctest.WithSimulatedSignatureTime())
	if err != nil {
		return err
	}
	h, err := webhooks.NewHandler(secret, webhooks.WithClock(sim.Clock()),
		webhooks.OnSetupRequiresAction(func(_ context.Context, e webhooks.SetupIntentEvent) error {
			out.printf("   webhook setup_intent.requires_action: %s\n", e.SetupIntent.NextAction.Type)
			return nil
		}),
		webhooks.OnRefundUpdated(func(_ context.Context, e webhooks.RefundEvent) error {
			out.printf("   webhook refund.updated: %s\n", e.Refund.Status)
			return nil
		}))
	if err != nil {
		return err
	}
	sim.SetWebhookHandler(h, secret)
	c, err := fctestclient.New(sim)
	if err != nil {
		return err
	}
	clock := sim.Clock()

	// 1. Save the account: intent-first SetupIntent, typed in by hand.
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen", Email: "jenny.rosen@example.com"})
	if err != nil {
		return err
	}
	si, err := c.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{
		Customer: cus, Options: fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits},
		IdempotencyKey: "microdeposits-example-setup",
	})
	if err != nil {
		return err
	}
	if _, err := sim.CollectBankAccountManually(si.ID); err != nil { // the browser half
		return err
	}
	b, err := c.BankAccountOf(ctx, si.ID)
	if err != nil {
		return err
	}
	out.printf("1. %s: the customer typed in account ****%s (%s)\n", day(clock.Now()), b.Last4, b.Collection)
	mandate := &ach.CustomerAcceptance{Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7",
		UserAgent: "Mozilla/5.0 (fcsdk microdeposits example)", AcceptedAt: clock.Now()}
	if si, err = c.ConfirmSetupIntent(ctx, si.ID, fincon.ConfirmParams{Mandate: mandate}); err != nil {
		return err
	}
	action, ok := si.Microdeposits()
	if !ok {
		return fmt.Errorf("setup intent %s is %s without a microdeposit action", si.ID, si.Status)
	}
	out.printf("2. confirmed: %s, verify with %s arriving %s (hosted page %v)\n",
		si.Status, action.Type, day(action.ArrivalDate), action.HostedVerificationURL)

	// 2. A hand-entered account has no data: refused without a request.
	before := sim.Stats().Requests
	if _, err = b.DataAccount(permissions.Balances); !errors.Is(err, fincon.ErrNoFinancialConnectionsAccount) {
		return fmt.Errorf("balance read of a hand-entered account not refused: %v", err)
	}
	out.printf("3. no balance to read for a hand-entered account: refused locally with ErrNoFinancialConnectionsAccount, %d requests\n",
		sim.Stats().Requests-before)

	// 3. The deposits land; the customer reports them.
	var amounts [2]int64
	for arrived := false; !arrived; {
		clock.Advance(24 * time.Hour)
		if amounts, _, arrived, err = sim.Microdeposits(si.ID); err != nil {
			return err
		}
	}
	out.printf("4. %s: two deposits of %d and %d cents arrived\n", day(clock.Now()), amounts[0], amounts[1])
	_, err = c.VerifySetupIntentMicrodeposits(ctx, si.ID, fincon.MicrodepositVerification{Amounts: []int64{amounts[0], amounts[1] + 9}})
	if !errors.Is(err, fincon.ErrMicrodepositMismatch) {
		return fmt.Errorf("a wrong amount was not refused: %v", err)
	}
	out.printf("5. wrong amounts %d and %d refused with ErrMicrodepositMismatch\n", amounts[0], amounts[1]+9)
	if si, err = c.VerifySetupIntentMicrodeposits(ctx, si.ID, fincon.MicrodepositVerification{Amounts: amounts[:]}); err != nil {
		return err
	}
	out.printf("6. verified with %d and %d: setup intent %s, mandate saved\n", amounts[0], amounts[1], si.Status)

	// 4. Debit the saved account, let it settle, refund part of it.
	pi, err := c.CreateOffSessionPaymentIntent(ctx, fincon.OffSessionPaymentParams{
		PaymentMethod: si.PaymentMethod, Mandate: si.Mandate, Customer: cus, Amount: amount,
		Description: "microdeposits example order 7", IdempotencyKey: "microdeposits-example-order-7",
	})
	if err != nil {
		return err
	}
	out.printf("7. %s: debit of %s %s\n", day(clock.Now()), pi.Amount, pi.Status)
	for pi.Status == fincon.PaymentProcessing {
		clock.Advance(24 * time.Hour)
		if pi, err = c.GetPaymentIntent(ctx, pi.ID); err != nil {
			return err
		}
	}
	out.printf("8. %s: debit %s\n", day(clock.Now()), pi.Status)
	r, err := c.RefundPaymentIntent(ctx, pi.ID, fincon.RefundParams{
		Amount: refundCents, Reason: fincon.RefundRequestedByCustomer, IdempotencyKey: "microdeposits-example-refund-7",
	})
	if err != nil {
		return err
	}
	out.printf("9. refund of %s: %s\n", r.Amount, r.Status)
	for !r.Status.Final() {
		clock.Advance(24 * time.Hour)
		if r, err = c.GetRefund(ctx, r.ID); err != nil {
			return err
		}
	}
	out.printf("10. %s: refund %s; kept %s of %s\n", day(clock.Now()), r.Status,
		balances.Money{Amount: pi.Amount.Amount - r.Amount.Amount, Currency: pi.Amount.Currency}, pi.Amount)
	return nil
}
