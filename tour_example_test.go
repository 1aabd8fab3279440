package fcsdk_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// The tour of the package documentation, run offline on the simulator: link
// an account, refresh and check its balance, and debit it.
func Example_tour() {
	ctx := context.Background()
	sim := fctest.New()
	client, err := fincon.New("sk_test_tour",
		fincon.WithTransport(sim.Transport()),
		fincon.WithBaseURL(sim.URL()),
		fincon.WithClock(sim.Clock()))
	if err != nil {
		fmt.Println(err)
		return
	}

	customer, err := newCustomer(ctx, sim, "Jenny Rosen")
	if err != nil {
		fmt.Println(err)
		return
	}

	rec, _ := permissions.Recommend(permissions.UseCaseACHDebitNSF)
	sess, err := client.CreateSession(ctx, fincon.SessionParams{
		Holder:      fincon.CustomerHolder(customer),
		Permissions: rec.Permissions,
		Prefetch:    rec.Prefetch,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("session permissions:", sess.Permissions)

	// The user links an account in the browser; the simulator does it here.
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	account := ids[0]

	if _, err := client.RefreshAndWait(ctx, account, permissions.RefreshBalance); err != nil {
		fmt.Println(err)
		return
	}
	bal, err := client.Balance(ctx, account)
	if err != nil {
		fmt.Println(err)
		return
	}
	amount := balances.Money{Amount: 1234, Currency: balances.USD}
	s := balances.Check(bal, amount, balances.CheckOptions{Now: sim.Clock().Now()})
	fmt.Println("balance covers", amount, "->", s.OK())

	pi, err := client.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
		Account:     account,
		Customer:    customer,
		Amount:      amount,
		BillingName: "Jenny Rosen",
		Confirm:     true,
		Mandate: &ach.CustomerAcceptance{
			Type:       ach.AcceptanceOnline,
			IPAddress:  "203.0.113.7",
			UserAgent:  "Mozilla/5.0",
			AcceptedAt: sim.Clock().Now(),
		},
		IdempotencyKey: "order-42",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("payment:", pi.Status) // ACH settles later: processing → succeeded or failed
	// Output:
	// session permissions: payment_method,balances
	// balance covers 12.34 USD -> true
	// payment: processing
}

// newCustomer creates a Stripe customer on the simulator. A real integration
// already has one, from its own sign-up flow.
func newCustomer(ctx context.Context, sim *fctest.Sim, name string) (string, error) {
	sc := stripe.NewClient("sk_test_tour", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:           stripe.String(sim.URL()),
		HTTPClient:    &http.Client{Transport: sim.Transport()},
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
	c, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String(name)})
	if err != nil {
		return "", err
	}
	return c.ID, nil
}
