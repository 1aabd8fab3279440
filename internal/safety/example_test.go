package safety_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// A payment whose answer is lost after the server committed it, retried
// after a restart with the order id as idempotency key: one PaymentIntent.
func Example() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	connect := func() *fincon.Client {
		c, err := fctestclient.New(sim, fincon.WithMaxRetries(0))
		if err != nil {
			panic(err)
		}
		return c
	}
	c := connect()
	cus, _ := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	perms, _ := permissions.NewSet(permissions.PaymentMethod)
	sess, _ := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	ids, _ := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)

	order := fincon.PaymentIntentParams{
		Account: ids[0], Customer: cus, Amount: moneyUSD(4200), BillingName: "Jenny Rosen",
		IdempotencyKey: "order_1001",
	}
	// The server creates the PaymentIntent, then the connection drops.
	sim.InjectFaults(fctest.FaultPlan{Sequence: []fctest.FaultKind{fctest.FaultDropAfterCommit},
		Match: fctest.MatchPath("POST", "/v1/payment_intents")})
	_, err = c.CreatePaymentIntent(ctx, order)
	var fe *fincon.Error
	fmt.Println("first call failed with *fincon.Error:", errors.As(err, &fe))

	// The process restarts and retries the order.
	pi, err := connect().CreatePaymentIntent(ctx, order)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("retry returned the committed one:", pi.ID == sim.PaymentIntents()[0].ID)
	fmt.Println("payment intents on the server:", len(sim.PaymentIntents()))
	// Output:
	// first call failed with *fincon.Error: true
	// retry returned the committed one: true
	// payment intents on the server: 1
}
