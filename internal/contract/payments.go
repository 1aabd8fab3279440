package contract

import (
	"context"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
)

func paymentIntent(ctx context.Context, e *Env) error {
	amount := balances.Money{Amount: 2500, Currency: balances.USD}
	pi, err := e.Client.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
		Account: e.Account, Customer: e.Customer, Amount: amount, BillingName: "Jenny Rosen",
		Description: "contract order 1",
	})
	if err != nil {
		return err
	}
	if err := needPrefix("payment intent", pi.ID, "pi_"); err != nil {
		return err
	}
	e.PaymentIntent = pi.ID
	if e.stateful() && (pi.Status != fincon.PaymentRequiresConfirmation || pi.Amount != amount || pi.Customer != e.Customer) {
		return errf("created %s: status %s amount %v customer %s", pi.ID, pi.Status, pi.Amount, pi.Customer)
	}
	pi, err = e.Client.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: e.mandate()})
	if err != nil {
		return err
	}
	if !e.stateful() {
		return nil
	}
	if pi.Status != fincon.PaymentProcessing {
		return errf("confirmed %s: status %s, want processing", pi.ID, pi.Status)
	}
	e.Advance(7 * 24 * time.Hour)
	pi, err = e.Client.GetPaymentIntent(ctx, pi.ID)
	if err != nil {
		return err
	}
	if pi.Status != fincon.PaymentSucceeded {
		return errf("%s after a week: %s (%s), want succeeded", pi.ID, pi.Status, pi.LastErrorCode)
	}
	for _, s := range e.State.PaymentIntents() {
		if s.ID == pi.ID && string(s.Status) == string(pi.Status) && s.Amount == amount.Amount {
			return nil
		}
	}
	return errf("%s not stored as succeeded", pi.ID)
}

func setupIntent(ctx context.Context, e *Env) error {
	si, err := e.Client.CreateSetupIntent(ctx, fincon.SetupIntentParams{
		Account: e.Account, Customer: e.Customer, BillingName: "Jenny Rosen",
		Confirm: true, Mandate: e.mandate(),
	})
	if err != nil {
		return err
	}
	if err := needPrefix("setup intent", si.ID, "seti_"); err != nil {
		return err
	}
	e.SetupIntent, e.PaymentMethod, e.Mandate = si.ID, si.PaymentMethod, si.Mandate
	if e.stateful() && (si.PaymentMethod == "" || si.Mandate == "") {
		return errf("setup intent %s saved payment method %q mandate %q", si.ID, si.PaymentMethod, si.Mandate)
	}
	if e.stateful() {
		if si.Status != fincon.PaymentSucceeded || si.FinancialConnectionsAccount != e.Account && si.FinancialConnectionsAccount != "" {
			return errf("setup intent %s: status %s account %q", si.ID, si.Status, si.FinancialConnectionsAccount)
		}
		if n := len(e.State.SetupIntents()); n != 1 {
			return errf("%d setup intents stored, want 1", n)
		}
	}
	return nil
}

func accountOf(ctx context.Context, e *Env) error {
	id, err := e.Client.FinancialConnectionsAccountOf(ctx, e.PaymentIntent)
	if err != nil {
		return err
	}
	if err := needPrefix("account", id, "fca_"); err != nil {
		return err
	}
	if e.stateful() && id != e.Account {
		return errf("payment intent %s funded by %s, want %s", e.PaymentIntent, id, e.Account)
	}
	// The same for the SetupIntent that saved the account.
	id, err = e.Client.FinancialConnectionsAccountOf(ctx, e.SetupIntent)
	if err != nil {
		return err
	}
	if err := needPrefix("account", id, "fca_"); err != nil {
		return err
	}
	if e.stateful() && id != e.Account {
		return errf("setup intent %s saved %s, want %s", e.SetupIntent, id, e.Account)
	}
	return nil
}
