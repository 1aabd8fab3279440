package fcsdk_test

import (
	"context"
	"fmt"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// The tour of the package documentation, run offline on the simulator: link
// an account, refresh and check its balance, and debit it.
func Example_tour() {
	ctx := context.Background()
	sim := fctest.New()
	client, err := fctestclient.New(sim) // a real integration: fincon.New(os.Getenv("STRIPE_SECRET_KEY"))
	if err != nil {
		fmt.Println(err)
		return
	}

	customer, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
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
