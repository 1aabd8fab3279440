package fincon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/stripetime"
	"github.com/fcsdk/fcsdk/permissions"
)

// MicrodepositType is how Stripe verifies a hand-entered bank account
// (next_action.verify_with_microdeposits.microdeposit_type): two small
// deposits whose amounts the customer reports, or one deposit whose
// statement descriptor carries a code.
type MicrodepositType string

// Microdeposit types.
const (
	MicrodepositAmounts        MicrodepositType = "amounts"
	MicrodepositDescriptorCode MicrodepositType = "descriptor_code"
)

// MicrodepositAction is the typed next_action verify_with_microdeposits of
// a PaymentIntent or SetupIntent in status requires_action: the customer
// entered the account by hand and must report the microdeposits (with
// VerifyPaymentIntentMicrodeposits / VerifySetupIntentMicrodeposits, or on
// Stripe's hosted page).
type MicrodepositAction struct {
	// Type is amounts or descriptor_code.
	Type MicrodepositType
	// ArrivalDate is when the microdeposits are expected to land in the
	// account (arrival_date).
	ArrivalDate time.Time
	// HostedVerificationURL is Stripe's page where the customer verifies
	// the account. Anyone holding it can attempt the verification, so it
	// prints as "[redacted]"; use Reveal to send it to the customer.
	HostedVerificationURL Secret
}

// Microdeposits returns the PaymentIntent's pending microdeposit
// verification; ok is false unless its next_action is
// verify_with_microdeposits.
func (p *PaymentIntent) Microdeposits() (a MicrodepositAction, ok bool) {
	if p.raw == nil || p.raw.NextAction == nil || p.raw.NextAction.VerifyWithMicrodeposits == nil {
		return a, false
	}
	v := p.raw.NextAction.VerifyWithMicrodeposits
	return MicrodepositAction{
		Type: MicrodepositType(v.MicrodepositType), ArrivalDate: stripetime.Time(v.ArrivalDate),
		HostedVerificationURL: Secret(v.HostedVerificationURL),
	}, true
}

// Microdeposits returns the SetupIntent's pending microdeposit
// verification; ok is false unless its next_action is
// verify_with_microdeposits.
func (s *SetupIntent) Microdeposits() (a MicrodepositAction, ok bool) {
	if s.raw == nil || s.raw.NextAction == nil || s.raw.NextAction.VerifyWithMicrodeposits == nil {
		return a, false
	}
	v := s.raw.NextAction.VerifyWithMicrodeposits
	return MicrodepositAction{
		Type: MicrodepositType(v.MicrodepositType), ArrivalDate: stripetime.Time(v.ArrivalDate),
		HostedVerificationURL: Secret(v.HostedVerificationURL),
	}, true
}

// MicrodepositVerification is what the customer reports: the two amounts
// in cents (for type amounts) or the descriptor code (for type
// descriptor_code) — exactly one. Stripe's test-mode values verify:
// ach.TestMicrodepositAmount1 and ach.TestMicrodepositAmount2 (32 and 45
// cents), or ach.TestDescriptorCode (SM11AA).
type MicrodepositVerification struct {
	// Amounts are the two deposits in cents, each 1 to 99, in any order.
	Amounts []int64
	// DescriptorCode is the 6-character code starting with "SM" from the
	// deposit's statement descriptor.
	DescriptorCode string
}

// validate checks the verification before anything is sent.
func (v MicrodepositVerification) validate(op, id string) error {
	switch {
	case len(v.Amounts) > 0 && v.DescriptorCode != "":
		return paramErr(op, id, "amounts", "set either Amounts or DescriptorCode, not both", nil)
	case len(v.Amounts) == 0 && v.DescriptorCode == "":
		return paramErr(op, id, "amounts", "Amounts or DescriptorCode is required", nil)
	case v.DescriptorCode != "":
		if len(v.DescriptorCode) != 6 || !strings.HasPrefix(v.DescriptorCode, "SM") || strings.ToUpper(v.DescriptorCode) != v.DescriptorCode {
			return paramErr(op, id, "descriptor_code", `must be 6 upper-case characters starting with "SM"`, nil)
		}
		return nil
	case len(v.Amounts) != 2:
		return paramErr(op, id, "amounts", "exactly two amounts", nil)
	}
	for _, a := range v.Amounts {
		if a < 1 || a > 99 {
			return paramErr(op, id, "amounts", "each amount is 1 to 99 cents", nil)
		}
	}
	return nil
}

// Causes of a failed microdeposit verification, matched with errors.Is on
// the *Error VerifyPaymentIntentMicrodeposits and
// VerifySetupIntentMicrodeposits return. Each stands for the Stripe error
// code (https://docs.stripe.com/error-codes) named in its comment.
var (
	// ErrMicrodepositMismatch: the amounts or the descriptor code do not
	// match (payment_method_microdeposit_verification_amounts_mismatch or
	// …_descriptor_code_mismatch). The intent still awaits verification;
	// the customer may try again.
	ErrMicrodepositMismatch = errors.New("fincon: microdeposit verification mismatch")
	// ErrMicrodepositAttemptsExceeded: too many wrong attempts
	// (payment_method_microdeposit_verification_attempts_exceeded). The
	// intent went back to requires_payment_method; collect the account
	// again.
	ErrMicrodepositAttemptsExceeded = errors.New("fincon: microdeposit verification attempts exceeded")
	// ErrMicrodepositTimeout: the customer did not verify in time
	// (payment_method_microdeposit_verification_timeout); as above, the
	// intent needs a new payment method.
	ErrMicrodepositTimeout = errors.New("fincon: microdeposit verification timed out")
)

// microdepositCauses maps Stripe's error codes to the sentinels above.
var microdepositCauses = map[stripe.ErrorCode]error{
	stripe.ErrorCodePaymentMethodMicrodepositVerificationAmountsMismatch:        ErrMicrodepositMismatch,
	stripe.ErrorCodePaymentMethodMicrodepositVerificationDescriptorCodeMismatch: ErrMicrodepositMismatch,
	stripe.ErrorCodePaymentMethodMicrodepositVerificationAttemptsExceeded:       ErrMicrodepositAttemptsExceeded,
	stripe.ErrorCodePaymentMethodMicrodepositVerificationTimeout:                ErrMicrodepositTimeout,
}

// microdepositErr wraps a verification error, giving Stripe's
// microdeposit codes their sentinel: the *Error's cause then matches it
// and still holds Stripe's error (errors.As finds the *stripe.Error).
func microdepositErr(op, id string, err error) error {
	err = wrapErr(op, id, err)
	var fe *Error
	if !errors.As(err, &fe) {
		return err
	}
	reason, ok := microdepositCauses[stripe.ErrorCode(fe.Code)]
	if !ok {
		return err
	}
	out := *fe
	out.Err = &joined{msg: fmt.Sprintf("%v (%s)", reason, fe.Code), errs: nonNil(reason, fe.Err)}
	return &out
}

// VerifyPaymentIntentMicrodeposits reports the microdeposits of a
// PaymentIntent in requires_action (next_action verify_with_microdeposits;
// see PaymentIntent.Microdeposits). On success the PaymentIntent is
// processing: the debit goes ahead with the mandate given at confirmation.
// Errors: invalid input (both or neither of Amounts and DescriptorCode,
// not two amounts of 1–99 cents, a code that is not 6 upper-case
// characters starting with SM) is a *ParamError (ErrInvalidParams) with
// no request; a wrong value is an *Error matching ErrMicrodepositMismatch,
// the last allowed wrong attempt ErrMicrodepositAttemptsExceeded, a late
// one ErrMicrodepositTimeout (Stripe's error code in Error.Code); an
// intent in another state gets Stripe's 400
// payment_intent_unexpected_state.
func (c *Client) VerifyPaymentIntentMicrodeposits(ctx context.Context, id string, v MicrodepositVerification) (*PaymentIntent, error) {
	const op = "verify payment intent microdeposits"
	if err := requireID(op, id, "payment intent"); err != nil {
		return nil, err
	}
	if err := v.validate(op, id); err != nil {
		return nil, err
	}
	p := &stripe.PaymentIntentVerifyMicrodepositsParams{DescriptorCode: optString(v.DescriptorCode)}
	for _, a := range v.Amounts {
		p.Amounts = append(p.Amounts, stripe.Int64(a))
	}
	pi, err := c.sc.V1PaymentIntents.VerifyMicrodeposits(ctx, id, p)
	if err != nil {
		return nil, microdepositErr(op, id, err)
	}
	return paymentIntentFromStripe(pi), nil
}

// VerifySetupIntentMicrodeposits is VerifyPaymentIntentMicrodeposits for a
// SetupIntent: on success it succeeded, leaving a verified PaymentMethod
// and its mandate for later debits. Errors are the same (Stripe's
// unexpected-state code is setup_intent_unexpected_state).
func (c *Client) VerifySetupIntentMicrodeposits(ctx context.Context, id string, v MicrodepositVerification) (*SetupIntent, error) {
	const op = "verify setup intent microdeposits"
	if err := requireID(op, id, "setup intent"); err != nil {
		return nil, err
	}
	if err := v.validate(op, id); err != nil {
		return nil, err
	}
	p := &stripe.SetupIntentVerifyMicrodepositsParams{DescriptorCode: optString(v.DescriptorCode)}
	for _, a := range v.Amounts {
		p.Amounts = append(p.Amounts, stripe.Int64(a))
	}
	si, err := c.sc.V1SetupIntents.VerifyMicrodeposits(ctx, id, p)
	if err != nil {
		return nil, microdepositErr(op, id, err)
	}
	return setupIntentFromStripe(si), nil
}

// DataAccount returns the fca_… id to pass to Balance, Owners or
// Transactions to read p for this bank account. A hand-entered account
// (Collection CollectedManually: verified with microdeposits, or not yet
// verified) has no Financial Connections account, so no balances,
// ownership or transactions: the answer is an *Error matching
// ErrNoFinancialConnectionsAccount, decided without any request. p must
// be balances, ownership or transactions (else ErrInvalidParams); whether
// the account was granted p is checked by the read itself.
func (b *BankAccount) DataAccount(p permissions.Permission) (string, error) {
	const op = "read bank account data"
	switch p {
	case permissions.Balances, permissions.Ownership, permissions.Transactions:
	default:
		return "", paramErr(op, b.PaymentMethod, "permission", "balances, ownership or transactions", nil)
	}
	if b.Collection != CollectedFinancialConnections || b.FinancialConnectionsAccount == "" {
		return "", &Error{Op: op, ID: b.PaymentMethod, Err: fmt.Errorf("%w: hand-entered, it has no account data", ErrNoFinancialConnectionsAccount)}
	}
	return b.FinancialConnectionsAccount, nil
}
