package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/permissions"
)

// secret is the endpoint's signing secret (whsec_… in the Dashboard).
const secret = "whsec_fcsdk_webhooks_example"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command without the process: it returns the exit status
// (0 done, 1 failed, 2 bad flags).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("webhooks", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", fctest.DefaultSeed, "seed of the embedded simulator")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := webhooksDemo(ctx, stdout, *seed); err != nil {
		fmt.Fprintln(stderr, "webhooks:", err)
		return 1
	}
	return 0
}

// receiver is the application side of the webhooks: it prints each
// dispatched event, remembers the first succeeded payment and counts
// rejected deliveries. Callbacks may run concurrently, hence the mutex.
type receiver struct {
	mu                   sync.Mutex
	w                    io.Writer
	dispatched, rejected int
	paid                 string // id of the first payment_intent.succeeded event
}

// event prints a dispatched event and counts it.
func (r *receiver) event(e webhooks.Event, format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dispatched++
	if e.Type == stripe.EventTypePaymentIntentSucceeded && r.paid == "" {
		r.paid = e.ID
	}
	typ := strings.TrimPrefix(string(e.Type), "financial_connections.")
	fmt.Fprintf(r.w, "   webhook %s %-30s "+format+"\n", append([]any{e.Created.Format("Mon 15:04:05"), typ}, args...)...)
}

// counts returns how many events were dispatched and rejected, and the
// first succeeded payment's event id.
func (r *receiver) counts() (dispatched, rejected int, paid string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dispatched, r.rejected, r.paid
}

func (r *receiver) options() []webhooks.Option {
	payment := func(_ context.Context, e webhooks.PaymentIntentEvent) error {
		p := e.PaymentIntent
		detail := balances.Money{Amount: p.Amount, Currency: balances.Currency(p.Currency)}.String()
		if p.LastPaymentError != nil {
			detail += ", " + string(p.LastPaymentError.Code)
		}
		r.event(e.Event, "%s %s", p.ID, detail)
		return nil // a real receiver records the payment's new state here
	}
	return []webhooks.Option{
		webhooks.OnAccountRefreshed(func(_ context.Context, e webhooks.AccountRefreshedEvent) error {
			// Sent when the refresh leaves pending: check that it succeeded
			// (OwnershipRefresh and TransactionRefresh for the other features).
			status := "unknown"
			if rf := e.Account.BalanceRefresh; e.Feature == permissions.RefreshBalance && rf != nil {
				status = string(rf.Status)
			}
			r.event(e.Event, "%s %s", e.Account.ID, status)
			return nil
		}),
		webhooks.OnPaymentProcessing(payment),
		webhooks.OnPaymentSucceeded(payment),
		webhooks.OnPaymentFailed(payment),
		webhooks.OnError(func(err error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.rejected++
			fmt.Fprintf(r.w, "   webhook rejected: %v\n", err)
		}),
	}
}

// waitingClock is the client's clock. Now is simulated time, but Sleep —
// which the client calls only to wait for a refresh, with
// WithRefreshEvents for the safety interval between reads — blocks like a
// real timer of that length would, until the refresh event ends the wait.
// It first tells the program, on asleep, that the client is waiting.
type waitingClock struct {
	*fctest.Clock
	asleep chan time.Duration
}

func (c waitingClock) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case c.asleep <- d:
	case <-ctx.Done():
		return ctx.Err()
	}
	<-ctx.Done()
	return ctx.Err()
}

func webhooksDemo(ctx context.Context, w io.Writer, seed uint64) error {
	sim, err := fctest.New(fctest.WithSeed(seed), fctest.WithSimulatedSignatureTime())
	if err != nil {
		return err
	}
	rcv := &receiver{w: w}
	notifier := webhooks.NewRefreshNotifier()
	h, err := webhooks.NewHandler(secret, append(rcv.options(),
		webhooks.WithClock(sim.Clock()), // the clock the simulator signs with
		webhooks.WithRefreshNotifier(notifier))...)
	if err != nil {
		return err
	}
	sim.SetWebhookHandler(h, secret) // in production: http.Handle("POST /stripe/webhooks", h)

	clk := waitingClock{Clock: sim.Clock(), asleep: make(chan time.Duration)}
	client, err := fctestclient.New(sim,
		fincon.WithClock(clk),              // the simulator's clock, watched by the demo
		fincon.WithRefreshEvents(notifier)) // RefreshAndWait waits for refreshed_* webhooks
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Webhooks from the embedded simulator (seed %d), signed and checked on simulated time\n", seed)

	fmt.Fprintf(w, "\n1. Link a checking account and one without funds\n")
	const name = "Jenny Rosen"
	cus, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: name})
	if err != nil {
		return err
	}
	perms, err := permissions.NewSet(permissions.PaymentMethod, permissions.Balances)
	if err != nil {
		return err
	}
	sess, err := client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		return err
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess, fctest.InstitutionInsufficientFunds)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   linked %s and %s\n", ids[0], ids[1])

	fmt.Fprintf(w, "\n2. RefreshAndWait(balance) returns when the refreshed_balance webhook arrives\n")
	start, reads := clk.Now(), accountReads(sim, ids[0])
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := client.RefreshAndWait(wctx, ids[0], permissions.RefreshBalance)
		done <- err
	}()
	select {
	case d := <-clk.asleep:
		fmt.Fprintf(w, "   the refresh is pending; the client waits for its event (next safety read in %s)\n", d)
		sim.Clock().Advance(fctest.DefaultRefreshDelay) // the bank answers; the simulator sends the webhook
		select {
		case err = <-done:
		case <-time.After(5 * time.Second): // only if the event never reaches the client
			cancel()
			err = fmt.Errorf("RefreshAndWait was not woken by the refresh event: %w", <-done)
		}
	case err = <-done:
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   RefreshAndWait returned after %s of simulated time and %d reads of the account\n",
		clk.Now().Sub(start), accountReads(sim, ids[0])-reads)

	fmt.Fprintf(w, "\n3. Create and confirm an ACH debit from each account\n")
	mandate := &ach.CustomerAcceptance{Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7",
		UserAgent: "Mozilla/5.0 (fcsdk webhooks example)", AcceptedAt: clk.Now()}
	for i, id := range ids {
		pi, err := client.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
			Account: id, Customer: cus, BillingName: name,
			Amount:         balances.Money{Amount: 4200, Currency: balances.USD},
			IdempotencyKey: fmt.Sprintf("webhooks-example-order-%d", i+1),
		})
		if err != nil {
			return err
		}
		created := pi.Status
		if pi, err = client.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: mandate}); err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s %s from %s: created %s, confirmed %s\n", pi.ID, pi.Amount, id, created, pi.Status)
	}

	fmt.Fprintf(w, "\n4. Advance the clock a day at a time until payment_intent.succeeded arrives\n")
	for day := 1; ; day++ {
		if _, _, paid := rcv.counts(); paid != "" {
			break
		}
		if day > 10 {
			return fmt.Errorf("no payment_intent.succeeded after %d simulated days", day-1)
		}
		fmt.Fprintf(w, "   day %d, %s\n", day, clk.Now().Add(24*time.Hour).Format("Mon 2006-01-02"))
		sim.Clock().Advance(24 * time.Hour)
	}

	fmt.Fprintf(w, "\n5. Stripe redelivers the succeeded event (it retries until it gets a 2xx)\n")
	before, _, paid := rcv.counts()
	if err := sim.ResendEvent(paid); err != nil {
		return err
	}
	deliveries := sim.Deliveries()
	last := deliveries[len(deliveries)-1]
	after, rejected, _ := rcv.counts()
	fmt.Fprintf(w, "   redelivery of %s answered %d, dispatched %d more times\n", last.EventID, last.StatusCode, after-before)
	fmt.Fprintf(w, "\nDone: %d deliveries, %d dispatched to callbacks, %d rejected.\n", len(deliveries), after, rejected)
	return nil
}

// accountReads counts the requests that read the account.
func accountReads(sim *fctest.Sim, id string) int {
	n := 0
	for _, r := range sim.Requests() {
		if r.Method == "GET" && r.Path == "/v1/financial_connections/accounts/"+id {
			n++
		}
	}
	return n
}
