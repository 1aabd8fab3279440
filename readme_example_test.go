package fcsdk_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// The README's usage, on the simulator: a customer and a session with
// prefetch, then a fresh balance and a debit that reuses the account read.
// The lines between the README markers appear verbatim in README.md
// (TestReadmeUsesTheExample checks it), so the README's flow runs here.
func Example_freshBalanceThenDebit() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := fctestclient.New(sim) // in production: fincon.New(os.Getenv("STRIPE_SECRET_KEY"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fail := func(err error) { fmt.Println("error:", err) }

	// README: begin
	customer, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen", Email: "jenny@example.com"})
	if err != nil {
		fail(err)
		return
	}
	// Ask for the least the use case needs: ACH debits with a balance check.
	rec, _ := permissions.Recommend(permissions.UseCaseACHDebitNSF) // payment_method,balances; prefetch balances
	sess, err := client.CreateSession(ctx, fincon.SessionParams{
		Holder:      fincon.CustomerHolder(customer),
		Permissions: rec.Permissions,
		Prefetch:    rec.Prefetch,
	})
	if err != nil {
		fail(err)
		return
	}
	// README: end

	// The user links an account in the browser; the simulator does it here.
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		fail(err)
		return
	}
	account := ids[0]
	acceptedAt := client.Now().Add(-time.Minute) // when the customer accepted the mandate
	start := len(sim.Requests())

	// README: begin
	now := client.Now() // the client's clock: the wall clock, or a simulator's
	// A balance at most 10 minutes old: FreshBalance refreshes only when the
	// data is older and Stripe allows a refresh (not right after the
	// prefetch), and waits for it. Older data in Stripe's cooldown matches
	// fincon.ErrRefreshNotAvailable (a *fincon.RefreshError: NextAvailable).
	bal, acct, err := client.FreshBalance(ctx, account, 10*time.Minute)
	if err != nil {
		fail(err)
		return
	}
	amount := balances.Money{Amount: 1234, Currency: balances.USD} // $12.34
	if s := balances.Check(bal, amount, balances.CheckOptions{Now: now}); !s.OK() {
		fmt.Println("not debiting:", s)
		return // README: log.Fatalf
	}
	// README: end
	beforeDebit := len(sim.Requests())
	// README: begin
	pi, err := client.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
		Account:     account,
		AccountRead: acct, // checked as read above: no second read of the account
		Customer:    customer,
		Amount:      amount,
		BillingName: "Jenny Rosen",
		Confirm:     true,
		// Record the acceptance with the order when the customer accepts, and
		// send the same values on every retry: a retry with the same key but
		// other params (a new AcceptedAt, say) is an idempotency_error.
		Mandate: &ach.CustomerAcceptance{
			Type:       ach.AcceptanceOnline,
			IPAddress:  "203.0.113.7",     // the customer's, from the request
			UserAgent:  "Mozilla/5.0 (…)", // the customer's browser
			AcceptedAt: acceptedAt,        // stored with the order
		},
		IdempotencyKey: "order-42", // exactly-once, even across restarts
	})
	if err != nil {
		fail(err) // errors.Is / errors.As: fincon.ErrPermissionNotGranted, *fincon.Error → *stripe.Error, …
		return
	}
	// README: end

	fmt.Println("balance covers", amount, "as of", bal.AsOf.Format(time.TimeOnly))
	fmt.Println("payment:", pi.Status) // ACH settles later: processing → succeeded or failed (R01)
	var refreshes int
	for _, r := range sim.Requests()[start:] {
		if r.Method == "POST" && r.Path == "/v1/financial_connections/accounts/"+account+"/refresh" {
			refreshes++
		}
	}
	fmt.Println("refreshes started:", refreshes, "(the prefetch was waited for)")
	fmt.Println("requests for the debit:", len(sim.Requests())-beforeDebit)

	// Twice in a row, in Stripe's cooldown: the data is young enough, no error.
	if _, _, err := client.FreshBalance(ctx, account, 10*time.Minute); err != nil {
		fail(err)
		return
	}
	fmt.Println("again: ok")
	// Output:
	// balance covers 12.34 USD as of 14:58:35
	// payment: processing
	// refreshes started: 0 (the prefetch was waited for)
	// requests for the debit: 1
	// again: ok
}
