package webhooks_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
)

// This example receives fctest's webhooks. The simulator signs them with
// its simulated clock (WithSimulatedSignatureTime), so the Handler checks
// signatures against that clock (WithClock); without WithClock it would compare
// them with the wall clock and reject every delivery with a
// *TimestampError, as the second handler shows.
func Example_withSimulator() {
	const secret = "whsec_simulator"
	sim, err := fctest.New(fctest.WithSimulatedSignatureTime())
	if err != nil {
		fmt.Println(err)
		return
	}

	h, err := webhooks.NewHandler(secret,
		webhooks.WithClock(sim.Clock()), // the clock the simulator signs with
		webhooks.OnAccountCreated(func(_ context.Context, e webhooks.AccountEvent) error {
			fmt.Println("dispatched", e.Type, e.Account.Status, e.Created.Format("2006-01-02"))
			return nil
		}),
	)
	if err != nil {
		panic(err)
	}
	sim.SetWebhookHandler(h, secret)

	// A plain stripe-go client on the in-memory transport creates a session;
	// linking an account emits financial_connections.account.created.
	ctx := context.Background()
	sc := stripe.NewClient("sk_test_example", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		HTTPClient:    &http.Client{Transport: sim.Transport()},
		URL:           stripe.String(sim.URL()),
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{})
	if err != nil {
		panic(err)
	}
	sess, err := sc.V1FinancialConnectionsSessions.Create(ctx, &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cus.ID)},
		Permissions:   stripe.StringSlice([]string{"payment_method", "balances"}),
	})
	if err != nil {
		panic(err)
	}
	if _, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess); err != nil {
		panic(err)
	}
	fmt.Println("status", sim.Deliveries()[0].StatusCode)

	// The mistake: a Handler on the wall clock.
	wrong, err := webhooks.NewHandler(secret, webhooks.OnError(func(err error) {
		fmt.Println("timestamp error:", errors.Is(err, webhooks.ErrTimestampOutOfTolerance))
	}))
	if err != nil {
		panic(err)
	}
	sim.SetWebhookHandler(wrong, secret)
	if err := sim.ResendEvent(sim.Events()[0].ID); err != nil {
		panic(err)
	}
	fmt.Println("status", sim.Deliveries()[1].StatusCode)
	// Output:
	// dispatched financial_connections.account.created active 2025-09-01
	// status 200
	// timestamp error: true
	// status 400
}
