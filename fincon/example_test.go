package fincon_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// Link a bank account, refresh its balance, and debit it — on the fctest
// simulator, so the example runs offline and refreshes complete on
// simulated time.
func Example() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := fctestclient.New(sim) // transport, base URL, simulated clock, no rate limit
	if err != nil {
		fmt.Println(err)
		return
	}

	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com", Name: "Jenny Rosen", IdempotencyKey: "user-42"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, _ := permissions.Recommend(permissions.UseCaseACHDebitNSF)
	sess, err := c.CreateSession(ctx, fincon.SessionParams{
		Holder:      fincon.CustomerHolder(cus),
		Permissions: rec.Permissions,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("permissions:", sess.Permissions)
	fmt.Println("client secret:", sess.ClientSecret) // redacted; Reveal() for the browser

	// The user completes the authentication flow in the browser.
	ids, _ := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)

	acct, err := c.RefreshAndWait(ctx, ids[0], permissions.RefreshBalance)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("balance refresh:", acct.BalanceRefresh.Status)
	bal, _ := c.Balance(ctx, acct.ID)
	_, ok := bal.Available(balances.USD)
	fmt.Println("available balance known:", ok)

	pi, err := c.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
		Account:     acct.ID,
		Customer:    cus,
		Amount:      balances.Money{Amount: 2500, Currency: balances.USD},
		BillingName: "Jenny Rosen",
		Confirm:     true,
		Mandate: &ach.CustomerAcceptance{
			Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7", UserAgent: "Mozilla/5.0",
			AcceptedAt: sim.Clock().Now().Add(-time.Minute),
		},
		IdempotencyKey: "order-1001",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("payment:", pi.Status, pi.Amount)

	sim.Clock().Advance(4 * 24 * time.Hour) // ACH settles within 4 business days
	pi, err = c.GetPaymentIntent(ctx, pi.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("payment:", pi.Status)
	// Output:
	// permissions: payment_method,balances
	// client secret: [redacted]
	// balance refresh: succeeded
	// available balance known: true
	// payment: processing 25.00 USD
	// payment: succeeded
}

// Errors carry Stripe's fields and match the library's sentinels.
func ExampleError() {
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := fctestclient.New(sim)
	_, err = c.GetAccount(context.Background(), "fca_missing")
	var fe *fincon.Error
	if errors.As(err, &fe) {
		fmt.Println(fe.Op, fe.HTTPStatus, fe.Type, fe.Code)
	}
	// Output:
	// get account 404 invalid_request_error resource_missing
}

// A Secret never prints its value.
func ExampleSecret() {
	s := fincon.Secret("fcsess_123_secret_abc")
	fmt.Printf("%v %+v\n", s, struct{ ClientSecret fincon.Secret }{s})
	fmt.Println(s.Reveal() == "fcsess_123_secret_abc")
	// Output:
	// [redacted] {ClientSecret:[redacted]}
	// true
}
