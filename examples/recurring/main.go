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
const secret = "whsec_fcsdk_recurring_example"

// monthly is the subscription's price: $49.00, in cents.
var monthly = balances.Money{Amount: 4900, Currency: balances.USD}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command without the process: it returns the exit status
// (0 done, 1 failed, 2 bad flags).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("recurring", flag.ContinueOnError)
	fs.SetOutput(stderr)
	months := fs.Int("months", 6, "number of monthly debits to attempt (1-24)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *months < 1 || *months > 24 {
		fmt.Fprintln(stderr, "recurring: -months must be between 1 and 24")
		return 2
	}
	if err := recurring(ctx, stdout, *months); err != nil {
		fmt.Fprintln(stderr, "recurring:", err)
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

// recurring runs the whole story; see the package documentation.
func recurring(ctx context.Context, w io.Writer, months int) error {
	out := &printer{w: w}
	sim, err := fctest.New(fctest.WithSimulatedSignatureTime())
	if err != nil {
		return err
	}
	h, err := webhooks.NewHandler(secret, webhooks.WithClock(sim.Clock()),
		webhooks.OnMandateUpdated(func(_ context.Context, e webhooks.MandateEvent) error {
			out.printf("   webhook mandate.updated: mandate is %s\n", e.Mandate.Status)
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

	pm, mandate, customer, err := save(ctx, c, sim, out)
	if err != nil {
		return err
	}
	start := sim.Clock().Now()
	for m := 1; m <= months; m++ {
		sim.Clock().AdvanceTo(start.AddDate(0, m, 0))
		// The bank's answers, scripted on the simulator.
		switch m {
		case 2:
			err = sim.ReturnNextDebit(pm, "R01")
		case 5:
			err = sim.ReturnNextDebit(pm, "R02")
		}
		if err != nil {
			return err
		}
		if err := debitMonth(ctx, c, sim, out, m, pm, mandate, customer); err != nil {
			return err
		}
	}
	n := 0
	for _, pi := range sim.PaymentIntents() {
		if string(pi.Status) == string(fincon.PaymentSucceeded) {
			n++
		}
	}
	out.printf("%d PaymentIntents created, %d succeeded\n", len(sim.PaymentIntents()), n)
	return nil
}

// save links the customer's account and saves it with a SetupIntent.
func save(ctx context.Context, c *fincon.Client, sim *fctest.Sim, out *printer) (pm, mandate, customer string, err error) {
	customer, err = c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen", Email: "jenny.rosen@example.com"})
	if err != nil {
		return "", "", "", err
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(customer),
		Permissions: permissions.Set{}.Add(permissions.PaymentMethod)})
	if err != nil {
		return "", "", "", err
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess) // the browser half
	if err != nil {
		return "", "", "", err
	}
	si, err := c.CreateSetupIntent(ctx, fincon.SetupIntentParams{
		Account: ids[0], Customer: customer, BillingName: "Jenny Rosen", Confirm: true,
		Mandate: &ach.CustomerAcceptance{Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7",
			UserAgent: "Mozilla/5.0", AcceptedAt: sim.Clock().Now()},
		IdempotencyKey: "sub_42-save",
	})
	if err != nil {
		return "", "", "", err
	}
	m, err := c.GetMandate(ctx, si.Mandate)
	if err != nil {
		return "", "", "", err
	}
	out.printf("saved once: setup intent %s, mandate %s %s\n", si.Status, m.Type, m.Status)
	return si.PaymentMethod, si.Mandate, customer, nil
}

// debitMonth checks the saved payment method, debits it and follows the
// debit until it settles, re-presenting an R01 return once.
func debitMonth(ctx context.Context, c *fincon.Client, sim *fctest.Sim, out *printer, month int, pm, mandate, customer string) error {
	label := sim.Clock().Now().Format("2006-01")
	verdict, err := c.CheckSavedPaymentMethod(ctx, pm, mandate)
	if err != nil {
		return err
	}
	if err := verdict.Err(); err != nil {
		var se *ach.IneligibleError
		if errors.As(err, &se) && errors.Is(err, ach.ErrPaymentMethodBlocked) && errors.Is(err, ach.ErrMandateInactive) {
			out.printf("month %d (%s): not debited, refused locally: blocked by %s %s, mandate inactive\n",
				month, label, se.Blocked.NetworkCode, se.Blocked.Reason)
			return nil
		}
		out.printf("month %d (%s): not debited: %v\n", month, label, err)
		return nil
	}
	key := fmt.Sprintf("sub_42-%s", label)
	pi, err := settle(ctx, c, sim, pm, mandate, customer, key)
	if err != nil {
		return err
	}
	originalSettled := sim.Clock().Now()
	for attempt := 1; pi.Status != fincon.PaymentSucceeded; attempt++ {
		if pi.Return == nil {
			out.printf("month %d (%s): %s (%s)\n", month, label, pi.Status, pi.LastErrorCode)
			return nil
		}
		rerr := pi.Return.Code.CheckRepresentment(attempt-1, originalSettled, sim.Clock().Now())
		if rerr != nil {
			out.printf("month %d (%s): returned %s (%s), not re-presented: %v\n", month, label, pi.Return.Code, pi.Return.Code.Meaning(), rerr)
			return nil
		}
		out.printf("month %d (%s): returned %s (%s), re-presenting\n", month, label, pi.Return.Code, pi.Return.Code.Meaning())
		pi, err = settle(ctx, c, sim, pm, mandate, customer, fmt.Sprintf("%s-represent-%d", key, attempt))
		if err != nil {
			return err
		}
	}
	out.printf("month %d (%s): %s debited, %s\n", month, label, pi.Amount, pi.Status)
	return nil
}

// settle debits the saved payment method with the idempotency key and
// waits (simulated business days) until the debit leaves processing.
func settle(ctx context.Context, c *fincon.Client, sim *fctest.Sim, pm, mandate, customer, key string) (*fincon.PaymentIntent, error) {
	pi, err := c.CreateOffSessionPaymentIntent(ctx, fincon.OffSessionPaymentParams{
		PaymentMethod: pm, Mandate: mandate, Customer: customer, Amount: monthly,
		Description: "subscription sub_42", IdempotencyKey: key,
	})
	if err != nil {
		return nil, err
	}
	for pi.Status == fincon.PaymentProcessing {
		sim.Clock().Advance(24 * time.Hour)
		if pi, err = c.GetPaymentIntent(ctx, pi.ID); err != nil {
			return nil, err
		}
	}
	return pi, nil
}
