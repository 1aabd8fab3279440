package ach

import (
	"github.com/stripe/stripe-go/v82"
)

// Return is the return of a failed ACH debit as Stripe reported it: the
// NACHA code and whether that code is exact.
//
// Stripe reports the exact network code in two places: the charge's
// outcome.network_decline_code, and the payment method's
// us_bank_account.status_details.blocked.network_code once it blocked the
// account. Otherwise only Stripe's error code is known
// (last_payment_error.code or the charge's failure_code), and Code is the
// code it stands for: insufficient_funds → R01, account_closed → R02,
// no_account → R03, account_number_invalid → R04, debit_not_authorized →
// R10 (Stripe uses it for R05, R07, R08, R10, R11, R29 and R31),
// bank_account_frozen → R16, bank_account_restricted → R20 (Stripe uses it
// for R16 and R20). Every code an
// error code stands for shares its rules (for debit_not_authorized: stop
// debiting, never re-present), so MayRepresent and StopDebits are right
// even when Exact is false.
type Return struct {
	// Code is the NACHA return code; exact only when Exact.
	Code ReturnCode
	// Exact reports that Code came from the ACH network rather than from
	// Stripe's error code.
	Exact bool
	// StripeCode is Stripe's error or failure code ("" when only the
	// network code is known).
	StripeCode string
}

// MayRepresent reports whether the debit may be presented again; see
// [ReturnCode.MayRepresent].
func (r Return) MayRepresent() bool { return r.Code.MayRepresent() }

// StopDebits reports whether the payment method must not be debited
// again; see [ReturnCode.StopDebits].
func (r Return) StopDebits() bool { return r.Code.StopDebits() }

// String reads like "R01 (insufficient funds)".
func (r Return) String() string {
	if !r.Code.Valid() {
		return "unknown return"
	}
	return string(r.Code) + " (" + r.Code.Meaning() + ")"
}

// returnOfStripeCode maps Stripe's error, failure and blocked-reason codes
// to the return code they stand for; see [Return].
var returnOfStripeCode = map[string]ReturnCode{
	"insufficient_funds":           R01,
	"account_closed":               R02,
	"bank_account_closed":          R02,
	"no_account":                   R03,
	"account_number_invalid":       R04,
	"invalid_account_number":       R04,
	"bank_account_invalid_details": R04,
	"debit_not_authorized":         R10,
	"account_frozen":               R16,
	"bank_account_frozen":          R16,
	"bank_account_restricted":      R20,
}

// ReturnFromStripeCode returns the return a Stripe error code stands for
// (inexact; see [Return]); ok is false for a code that is not an ACH
// return, such as payment_intent_unexpected_state.
func ReturnFromStripeCode(code string) (r Return, ok bool) {
	c, ok := returnOfStripeCode[code]
	if !ok {
		return Return{}, false
	}
	return Return{Code: c, StripeCode: code}, true
}

// ReturnFromCharge reads the return of a failed ACH charge: the exact code
// from outcome.network_decline_code when it is one of the [ReturnCode]s,
// else the code failure_code stands for. ok is false for a nil charge or
// one with neither.
func ReturnFromCharge(ch *stripe.Charge) (r Return, ok bool) {
	if ch == nil {
		return Return{}, false
	}
	r, ok = ReturnFromStripeCode(ch.FailureCode)
	if ch.Outcome != nil {
		if c := ReturnCode(ch.Outcome.NetworkDeclineCode); c.Valid() {
			return Return{Code: c, Exact: true, StripeCode: ch.FailureCode}, true
		}
	}
	return r, ok
}

// ReturnFromPaymentIntent reads the return of a failed ACH PaymentIntent:
// from its latest_charge when that was expanded (see [ReturnFromCharge]),
// else from last_payment_error — the exact code from the error's payment
// method (us_bank_account.status_details.blocked.network_code) when
// Stripe blocked it, else the code last_payment_error.code stands for. ok
// is false when neither carries an ACH return (no failure, or a failure of
// another kind).
func ReturnFromPaymentIntent(pi *stripe.PaymentIntent) (r Return, ok bool) {
	if pi == nil {
		return Return{}, false
	}
	if r, ok := ReturnFromCharge(pi.LatestCharge); ok {
		return r, true
	}
	e := pi.LastPaymentError
	if e == nil {
		return Return{}, false
	}
	r, ok = ReturnFromStripeCode(string(e.Code))
	if pm := e.PaymentMethod; pm != nil && pm.USBankAccount != nil && pm.USBankAccount.StatusDetails != nil {
		if b := pm.USBankAccount.StatusDetails.Blocked; b != nil {
			if c := ReturnCode(b.NetworkCode); c.Valid() {
				return Return{Code: c, Exact: true, StripeCode: string(e.Code)}, true
			}
		}
	}
	return r, ok
}
