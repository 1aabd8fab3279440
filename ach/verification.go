package ach

import (
	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/enum"
)

// VerificationMethod is the value of
// payment_method_options[us_bank_account][verification_method] on
// PaymentIntents, SetupIntents, Checkout Sessions, Invoices and
// Subscriptions: how the customer's bank account is verified before it can
// be debited.
//
// The zero value means Automatic, Stripe's default.
//
//	method         Financial Connections  manual entry + microdeposits  balances/ownership/transactions
//	automatic      yes                    yes (fallback)                only if linked through FC
//	instant        yes                    no                            yes
//	microdeposits  no                     yes                           never
type VerificationMethod string

// Verification methods.
const (
	// Automatic (the default): Financial Connections, with the option to
	// enter the account manually and verify it with microdeposits.
	Automatic VerificationMethod = "automatic"
	// Instant: Financial Connections only, no manual entry or microdeposit
	// fallback.
	Instant VerificationMethod = "instant"
	// Microdeposits: manual entry and microdeposits only. Accounts added
	// this way have no balances, ownership or transactions data.
	Microdeposits VerificationMethod = "microdeposits"
)

// ParseVerificationMethod returns the method named s. The empty string
// yields Automatic (the default). Anything else that is not a Stripe value
// returns an error matching ErrInvalidVerificationMethod.
func ParseVerificationMethod(s string) (VerificationMethod, error) {
	v := VerificationMethod(s)
	if err := v.Validate(); err != nil {
		return "", err
	}
	return v.normalize(), nil
}

// Validate returns nil when v is the zero value or one of the three
// methods. Otherwise it returns an error that matches
// ErrInvalidVerificationMethod, quotes v (escaped and bounded) and names
// the valid values, e.g. `ach: unknown verification method "skip" (valid:
// automatic, instant, microdeposits)`: a misspelt method is never taken
// for the zero value, which means Automatic.
func (v VerificationMethod) Validate() error {
	_, err := enum.Parse(verificationMethodKind, string(v), VerificationMethod.Valid)
	return err
}

// verificationMethodKind names VerificationMethod in errors.
var verificationMethodKind = enum.Kind{Pkg: "ach", Name: "verification method", Err: ErrInvalidVerificationMethod,
	Detail: func([]string) string {
		return "valid: " + string(Automatic) + ", " + string(Instant) + ", " + string(Microdeposits)
	}}

// normalize maps the zero value to Automatic.
func (v VerificationMethod) normalize() VerificationMethod {
	if v == "" {
		return Automatic
	}
	return v
}

// Valid reports whether v is the zero value or one of the three methods.
func (v VerificationMethod) Valid() bool {
	switch v.normalize() {
	case Automatic, Instant, Microdeposits:
		return true
	}
	return false
}

// String returns the Stripe name; "automatic" for the zero value.
func (v VerificationMethod) String() string { return string(v.normalize()) }

// AllowsManualEntry reports whether the customer may type in account and
// routing numbers (verified with microdeposits): true for Automatic and
// Microdeposits.
func (v VerificationMethod) AllowsManualEntry() bool {
	v = v.normalize()
	return v == Automatic || v == Microdeposits
}

// UsesFinancialConnections reports whether the customer can link the
// account through Financial Connections: true for Automatic and Instant.
func (v VerificationMethod) UsesFinancialConnections() bool {
	v = v.normalize()
	return v == Automatic || v == Instant
}

// ProvidesAccountData reports whether an account collected with v can carry
// balances, ownership and transactions data: true for Automatic and
// Instant. With Automatic it holds only for accounts the customer linked
// through Financial Connections; a manually entered account has no data
// (its PaymentMethod's us_bank_account.financial_connections_account is
// null). Use GuaranteesAccountData when every account must have data.
func (v VerificationMethod) ProvidesAccountData() bool { return v.UsesFinancialConnections() }

// GuaranteesAccountData reports whether every account collected with v is a
// Financial Connections account with data access: true only for Instant.
func (v VerificationMethod) GuaranteesAccountData() bool { return v.normalize() == Instant }

// StripeParam returns v as the *string that stripe-go's
// …PaymentMethodOptionsUSBankAccountParams.VerificationMethod fields take.
// The zero value yields "automatic". An invalid v is passed through
// unchanged so that Stripe rejects the request rather than silently
// falling back to its default; check Valid first.
func (v VerificationMethod) StripeParam() *string {
	s := string(v.normalize())
	return &s
}

// PaymentIntent returns v as stripe-go's PaymentIntent enum type.
func (v VerificationMethod) PaymentIntent() stripe.PaymentIntentPaymentMethodOptionsUSBankAccountVerificationMethod {
	return stripe.PaymentIntentPaymentMethodOptionsUSBankAccountVerificationMethod(v.normalize())
}

// SetupIntent returns v as stripe-go's SetupIntent enum type.
func (v VerificationMethod) SetupIntent() stripe.SetupIntentPaymentMethodOptionsUSBankAccountVerificationMethod {
	return stripe.SetupIntentPaymentMethodOptionsUSBankAccountVerificationMethod(v.normalize())
}
