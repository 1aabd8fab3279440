package contract

import (
	"context"
	"errors"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// SavedState is the server-side view of saved payment methods and
// mandates. *fctest.Sim satisfies it.
type SavedState interface {
	PaymentMethods() []*stripe.PaymentMethod
	Mandates() []*stripe.Mandate
}

// Fixture ids used on a stateless backend when the setup intent's fixture
// has no payment method or mandate.
const (
	fixturePaymentMethod = "pm_contract"
	fixtureMandate       = "mandate_contract"
)

func (e *Env) savedIDs() (pm, mandate string) {
	pm, mandate = e.PaymentMethod, e.Mandate
	if pm == "" && !e.stateful() {
		pm = fixturePaymentMethod
	}
	if mandate == "" && !e.stateful() {
		mandate = fixtureMandate
	}
	return pm, mandate
}

func (e *Env) saved() (SavedState, bool) {
	s, ok := e.State.(SavedState)
	return s, ok && e.stateful()
}

func getSetupIntent(ctx context.Context, e *Env) error {
	si, err := e.Client.GetSetupIntent(ctx, e.SetupIntent)
	if err != nil {
		return err
	}
	if si.ID != e.SetupIntent && e.stateful() {
		return errf("got setup intent %s, want %s", si.ID, e.SetupIntent)
	}
	if e.stateful() && (si.Status != fincon.PaymentSucceeded || si.PaymentMethod != e.PaymentMethod || si.Mandate != e.Mandate) {
		return errf("setup intent %s: %s pm %s mandate %s", si.ID, si.Status, si.PaymentMethod, si.Mandate)
	}
	return nil
}

func getMandate(ctx context.Context, e *Env) error {
	_, id := e.savedIDs()
	m, err := e.Client.GetMandate(ctx, id)
	if err != nil {
		return err
	}
	if err := needPrefix("mandate", m.ID, "mandate_"); err != nil {
		return err
	}
	if !m.Status.Valid() || !m.Type.Valid() {
		return errf("mandate %s: status %q type %q", m.ID, m.Status, m.Type)
	}
	if s, ok := e.saved(); ok {
		if m.Status != fincon.MandateActive || m.Type != fincon.MandateMultiUse || m.PaymentMethod != e.PaymentMethod {
			return errf("mandate %s: %s %s for %s", m.ID, m.Status, m.Type, m.PaymentMethod)
		}
		for _, sm := range s.Mandates() {
			if sm.ID == m.ID && string(sm.Status) == string(m.Status) {
				return nil
			}
		}
		return errf("mandate %s not stored as %s", m.ID, m.Status)
	}
	return nil
}

func getPaymentMethod(ctx context.Context, e *Env) error {
	id, _ := e.savedIDs()
	pm, err := e.Client.GetPaymentMethod(ctx, id)
	if err != nil {
		return err
	}
	if err := needPrefix("payment method", pm.ID, "pm_"); err != nil {
		return err
	}
	if e.stateful() && (pm.ID != e.PaymentMethod || pm.FinancialConnectionsAccount != e.Account || pm.Customer != e.Customer || pm.Blocked != nil) {
		return errf("payment method %+v: want %s from %s for %s, not blocked", pm, e.PaymentMethod, e.Account, e.Customer)
	}
	return nil
}

func listPaymentMethods(ctx context.Context, e *Env) error {
	pms, err := fincon.Collect(e.Client.ListPaymentMethods(ctx, e.Customer))
	if err != nil {
		return err
	}
	if len(pms) == 0 {
		return errf("no payment methods")
	}
	if s, ok := e.saved(); ok {
		var want []string
		for _, pm := range s.PaymentMethods() {
			if pm.Customer != nil && pm.Customer.ID == e.Customer {
				want = append(want, pm.ID)
			}
		}
		if len(pms) != len(want) {
			return errf("listed %d payment methods, server has %d for %s", len(pms), len(want), e.Customer)
		}
		for _, pm := range pms {
			if pm.ID == e.PaymentMethod {
				return nil
			}
		}
		return errf("saved payment method %s not listed", e.PaymentMethod)
	}
	return nil
}

func checkSaved(ctx context.Context, e *Env) error {
	pm, m := e.savedIDs()
	v, err := e.Client.CheckSavedPaymentMethod(ctx, pm, m)
	if err != nil {
		return err
	}
	if e.stateful() && !v.OK() {
		return errf("saved payment method refused: %v", v.Err())
	}
	return nil
}

func offSessionPaymentIntent(ctx context.Context, e *Env) error {
	pm, m := e.savedIDs()
	p := fincon.OffSessionPaymentParams{PaymentMethod: pm, Mandate: m, Customer: e.Customer,
		Amount: balances.Money{Amount: 1999, Currency: balances.USD}, IdempotencyKey: "contract-month-1"}
	pi, err := e.Client.CreateOffSessionPaymentIntent(ctx, p)
	if err != nil {
		if !e.stateful() && errors.Is(err, ach.ErrIneligible) {
			return errf("stripe-mock's fixtures were refused locally: %v", err)
		}
		return err
	}
	if err := needPrefix("payment intent", pi.ID, "pi_"); err != nil {
		return err
	}
	if !e.stateful() {
		return nil
	}
	if pi.Status != fincon.PaymentProcessing || pi.PaymentMethod != pm {
		return errf("off-session debit %s: %s pm %s", pi.ID, pi.Status, pi.PaymentMethod)
	}
	again, err := e.Client.CreateOffSessionPaymentIntent(ctx, p)
	if err != nil || again.ID != pi.ID {
		return errf("retry with the same key: %v, %v; want %s", again, err, pi.ID)
	}
	for _, s := range e.State.PaymentIntents() {
		if s.ID == pi.ID && s.PaymentMethod != nil && s.PaymentMethod.ID == pm && s.Amount == p.Amount.Amount {
			return nil
		}
	}
	return errf("%s not stored with payment method %s", pi.ID, pm)
}

// collectOptions are the intent-first options of the suite.
var collectOptions = fincon.BankAccountOptions{
	VerificationMethod: ach.Instant,
	Permissions:        permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Balances),
	Prefetch:           []permissions.PrefetchFeature{permissions.PrefetchBalances},
}

func collectPaymentIntent(ctx context.Context, e *Env) error {
	pi, err := e.Client.CreateCollectPaymentIntent(ctx, fincon.CollectPaymentParams{
		Customer: e.Customer, Amount: balances.Money{Amount: 4200, Currency: balances.USD}, Options: collectOptions,
		ReturnURL: "https://example.com/return", SaveForLater: true,
	})
	if err != nil {
		return err
	}
	if err := needPrefix("payment intent", pi.ID, "pi_"); err != nil {
		return err
	}
	if pi.ClientSecret.IsZero() {
		return errf("payment intent %s without a client secret", pi.ID)
	}
	e.CollectIntent = pi.ID
	if !e.stateful() {
		return nil
	}
	if pi.Status != fincon.PaymentRequiresPaymentMethod || pi.PaymentMethod != "" {
		return errf("intent-first %s: %s pm %q", pi.ID, pi.Status, pi.PaymentMethod)
	}
	if err := e.Collect(pi.ID); err != nil {
		return err
	}
	pi, err = e.Client.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: e.mandate()})
	if err != nil {
		return err
	}
	if pi.Status != fincon.PaymentProcessing {
		return errf("confirmed intent-first %s: %s", pi.ID, pi.Status)
	}
	return nil
}

func collectSetupIntent(ctx context.Context, e *Env) error {
	si, err := e.Client.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{Customer: e.Customer, Options: collectOptions})
	if err != nil {
		return err
	}
	if err := needPrefix("setup intent", si.ID, "seti_"); err != nil {
		return err
	}
	if si.ClientSecret.IsZero() {
		return errf("setup intent %s without a client secret", si.ID)
	}
	if !e.stateful() {
		return nil
	}
	if err := e.Collect(si.ID); err != nil {
		return err
	}
	si, err = e.Client.ConfirmSetupIntent(ctx, si.ID, fincon.ConfirmParams{Mandate: e.mandate()})
	if err != nil {
		return err
	}
	if si.Status != fincon.PaymentSucceeded || si.Mandate == "" || si.PaymentMethod == "" {
		return errf("confirmed intent-first setup %s: %s pm %q mandate %q", si.ID, si.Status, si.PaymentMethod, si.Mandate)
	}
	return nil
}

func bankAccountOf(ctx context.Context, e *Env) error {
	b, err := e.Client.BankAccountOf(ctx, e.CollectIntent)
	if err != nil {
		return err
	}
	if err := needPrefix("payment method", b.PaymentMethod, "pm_"); err != nil {
		return err
	}
	if b.Collection != fincon.CollectedFinancialConnections || !b.HasAccountData() {
		return errf("bank account of %s: %+v", e.CollectIntent, b)
	}
	if e.stateful() {
		a, err := e.Client.GetAccount(ctx, b.FinancialConnectionsAccount)
		if err != nil {
			return err
		}
		if a.Permissions != collectOptions.Permissions {
			return errf("collected account %s has %s, want the intent's %s", a.ID, a.Permissions, collectOptions.Permissions)
		}
	}
	return nil
}

func createCheckoutSession(ctx context.Context, e *Env) error {
	for _, mode := range []fincon.CheckoutMode{fincon.CheckoutPayment, fincon.CheckoutSetup} {
		p := fincon.CheckoutSessionParams{Mode: mode, Customer: e.Customer, SuccessURL: "https://example.com/done",
			CancelURL: "https://example.com/cancel", Options: collectOptions, IdempotencyKey: "contract-checkout-" + string(mode)}
		if mode == fincon.CheckoutPayment {
			p.Amount, p.ProductName, p.SaveForLater = balances.Money{Amount: 2900, Currency: balances.USD}, "Contract plan", true
		}
		cs, err := e.Client.CreateCheckoutSession(ctx, p)
		if err != nil {
			return err
		}
		if err := needPrefix("checkout session", cs.ID, "cs_"); err != nil {
			return err
		}
		if e.stateful() && (cs.Mode != mode || cs.Status != "open" || cs.Customer != e.Customer || cs.URL == "") {
			return errf("checkout session %s: mode %s status %s customer %s", cs.ID, cs.Mode, cs.Status, cs.Customer)
		}
		e.CheckoutSession = cs.ID
	}
	return nil
}

func getCheckoutSession(ctx context.Context, e *Env) error {
	if e.stateful() {
		if err := e.CompleteCheckout(e.CheckoutSession); err != nil {
			return err
		}
	}
	cs, err := e.Client.GetCheckoutSession(ctx, e.CheckoutSession)
	if err != nil {
		return err
	}
	if !e.stateful() {
		return nil
	}
	if cs.Status != "complete" || cs.SetupIntent == "" {
		return errf("completed setup session %s: %s setup intent %q", cs.ID, cs.Status, cs.SetupIntent)
	}
	b, err := e.Client.BankAccountOf(ctx, cs.ID)
	if err != nil {
		return err
	}
	if b.Collection != fincon.CollectedFinancialConnections {
		return errf("checkout session %s: bank account %+v", cs.ID, b)
	}
	return nil
}
