package fincon

import (
	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
)

// AccountFromStripe converts a stripe-go Financial Connections account
// into an Account, as the client does with every account it reads: for
// fakes in tests, and for accounts that arrive another way (a webhook's
// data.object, a stripe-go call). The Account keeps sa (Account.Stripe),
// so Account.Balance sees what Stripe sent; treat sa as read-only
// afterwards. Permissions keeps the names this SDK knows when Stripe also
// reports a newer one ([permissions.SetFromStripe]); unknown subscription
// names are dropped. A nil sa, or one without an id, is an *Error matching
// ErrInvalidParams.
func AccountFromStripe(sa *stripe.FinancialConnectionsAccount) (*Account, error) {
	const op = "account from stripe"
	switch {
	case sa == nil:
		return nil, paramErr(op, "", "account", "nil stripe-go account", nil)
	case sa.ID == "":
		return nil, paramErr(op, "", "id", "account without an id", nil)
	}
	return accountFromStripe(sa), nil
}

// PaymentIntentFromStripe converts a stripe-go PaymentIntent into a
// PaymentIntent, as the client does with the ones it returns (for fakes,
// and for PaymentIntents from webhooks or stripe-go calls). It keeps pi
// (PaymentIntent.Stripe). A nil pi, or one without an id, is an *Error
// matching ErrInvalidParams.
func PaymentIntentFromStripe(pi *stripe.PaymentIntent) (*PaymentIntent, error) {
	const op = "payment intent from stripe"
	switch {
	case pi == nil:
		return nil, paramErr(op, "", "payment_intent", "nil stripe-go payment intent", nil)
	case pi.ID == "":
		return nil, paramErr(op, "", "id", "payment intent without an id", nil)
	}
	return paymentIntentFromStripe(pi), nil
}

// SetupIntentFromStripe converts a stripe-go SetupIntent into a
// SetupIntent, as the client does; see PaymentIntentFromStripe.
func SetupIntentFromStripe(si *stripe.SetupIntent) (*SetupIntent, error) {
	const op = "setup intent from stripe"
	switch {
	case si == nil:
		return nil, paramErr(op, "", "setup_intent", "nil stripe-go setup intent", nil)
	case si.ID == "":
		return nil, paramErr(op, "", "id", "setup intent without an id", nil)
	}
	return setupIntentFromStripe(si), nil
}

// CheckACH reports whether the account can be debited with ACH Direct
// Debit: ach.Check's rules (us_bank_account among
// SupportedPaymentMethodTypes, category cash with subcategory checking or
// savings, status active, the payment_method permission), applied to the
// Account's own fields. So an Account built by hand, as a fake, is checked
// by what its fields say — set Permissions, as an empty set means the
// permission is missing here. A nil account yields ach.ReasonNilAccount.
// The create calls (CreatePaymentIntent, CreateSetupIntent) apply the same
// check.
func (a *Account) CheckACH() ach.Eligibility {
	return ach.Check(a.forCheck())
}

// forCheck returns the fields ach.Check reads: the stripe-go object when
// the Account has one, else one built from the typed fields.
func (a *Account) forCheck() *stripe.FinancialConnectionsAccount {
	if a == nil {
		return nil
	}
	if a.raw != nil {
		return a.raw
	}
	sa := &stripe.FinancialConnectionsAccount{
		ID:          a.ID,
		Category:    stripe.FinancialConnectionsAccountCategory(a.Category),
		Subcategory: stripe.FinancialConnectionsAccountSubcategory(a.Subcategory),
		Status:      stripe.FinancialConnectionsAccountStatus(a.Status),
	}
	for _, t := range a.SupportedPaymentMethodTypes {
		sa.SupportedPaymentMethodTypes = append(sa.SupportedPaymentMethodTypes, stripe.FinancialConnectionsAccountSupportedPaymentMethodType(t))
	}
	for _, p := range a.Permissions.Permissions() {
		sa.Permissions = append(sa.Permissions, stripe.FinancialConnectionsAccountPermission(p))
	}
	return sa
}

// MandateFromStripe converts a stripe-go Mandate into a Mandate, as
// GetMandate does; see PaymentIntentFromStripe.
func MandateFromStripe(sm *stripe.Mandate) (*Mandate, error) {
	const op = "mandate from stripe"
	switch {
	case sm == nil:
		return nil, paramErr(op, "", "mandate", "nil stripe-go mandate", nil)
	case sm.ID == "":
		return nil, paramErr(op, "", "id", "mandate without an id", nil)
	}
	return mandateFromStripe(sm), nil
}
