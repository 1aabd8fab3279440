package fcsdk_test

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

// The tour of the package documentation, run offline on the simulator: link
// an account, refresh and check its balance, and debit it.
func Example_tour() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
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

// The recurring path of the tour: save a linked account once with a
// SetupIntent, debit it off-session every month, and see the debit refused
// before any create request once a closing return (R02) has blocked the
// payment method.
func Example_recurring() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := fctestclient.New(sim)
	if err != nil {
		fmt.Println(err)
		return
	}
	customer, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		fmt.Println(err)
		return
	}
	sess, err := client.CreateSession(ctx, fincon.SessionParams{
		Holder: fincon.CustomerHolder(customer), Permissions: permissions.Set{}.Add(permissions.PaymentMethod)})
	if err != nil {
		fmt.Println(err)
		return
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}

	si, err := client.CreateSetupIntent(ctx, fincon.SetupIntentParams{
		Account: ids[0], Customer: customer, BillingName: "Jenny Rosen", Confirm: true,
		Mandate: &ach.CustomerAcceptance{Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7",
			UserAgent: "Mozilla/5.0", AcceptedAt: sim.Clock().Now()},
		IdempotencyKey: "sub_42-save",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("saved:", si.Status)

	debit := func(month string) (*fincon.PaymentIntent, error) {
		pi, err := client.CreateOffSessionPaymentIntent(ctx, fincon.OffSessionPaymentParams{
			PaymentMethod: si.PaymentMethod, Mandate: si.Mandate, Customer: customer,
			Amount: balances.Money{Amount: 4900, Currency: balances.USD}, IdempotencyKey: "sub_42-" + month,
		})
		if err != nil {
			return nil, err
		}
		sim.Clock().Advance(7 * 24 * time.Hour) // ACH settles within four business days
		return client.GetPaymentIntent(ctx, pi.ID)
	}
	pi, err := debit("2025-10")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("2025-10:", pi.Status)

	if err := sim.ReturnNextDebit(si.PaymentMethod, "R02"); err != nil { // the bank closes the account
		fmt.Println(err)
		return
	}
	if pi, err = debit("2025-11"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("2025-11:", pi.Status, pi.Return.Code)

	_, err = client.CreateOffSessionPaymentIntent(ctx, fincon.OffSessionPaymentParams{
		PaymentMethod: si.PaymentMethod, Mandate: si.Mandate, Customer: customer,
		Amount: balances.Money{Amount: 4900, Currency: balances.USD},
	})
	fmt.Println("2025-12 blocked:", errors.Is(err, ach.ErrPaymentMethodBlocked), "mandate inactive:", errors.Is(err, ach.ErrMandateInactive))
	// Output:
	// saved: succeeded
	// 2025-10: succeeded
	// 2025-11: requires_payment_method R02
	// 2025-12 blocked: true mandate inactive: true
}
