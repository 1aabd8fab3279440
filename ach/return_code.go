package ach

import (
	"errors"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/enum"
	"github.com/fcsdk/fcsdk/internal/quote"
)

// ReturnCode is a NACHA return reason code (R01, R02, …) of a returned ACH
// debit: the receiving bank's reason for sending the debit back.
//
// The codes defined here are those Stripe reports for ACH Direct Debit: the
// network codes of a blocked payment method
// (payment_method.us_bank_account.status_details.blocked.network_code:
// R02, R03, R04, R05, R07, R08, R10, R11, R16, R20, R29, R31, Stripe API
// reference, "The PaymentMethod object") and the funds returns R01 and R09,
// which Stripe reports as insufficient_funds and never blocks for
// (docs.stripe.com/payments/ach-direct-debit/blocked-bank-accounts). Their
// meanings are NACHA's (Nacha Operating Rules, Appendix Four, "Return
// Entries").
//
// For each code two rules matter to a merchant:
//
//	code  meaning                                   may re-present  stop debiting
//	R01   insufficient funds                        yes             no
//	R02   account closed                            no              yes
//	R03   no account / unable to locate account     no              yes
//	R04   invalid account number structure          no              yes
//	R05   unauthorized debit to consumer account    no              yes
//	R07   authorization revoked by customer         no              yes
//	R08   payment stopped                           no              yes
//	R09   uncollected funds                         yes             no
//	R10   customer advises not authorized           no              yes
//	R11   entry not in accordance with the terms    no              yes
//	R16   account frozen                            no              yes
//	R20   non-transaction account                   no              yes
//	R29   corporate customer advises not authorized no              yes
//	R31   permissible return entry (CCD/CTX)        no              yes
//
// [ReturnCode.MayRepresent] and [ReturnCode.CheckRepresentment] state the
// re-presentment rule, [ReturnCode.StopDebits] the blocking rule. The zero
// value is not a code; [ReturnCode.Valid] reports false for it.
type ReturnCode string

// Return codes Stripe reports on ACH debits; see [ReturnCode] for the
// rules of each.
const (
	R01 ReturnCode = "R01" // insufficient funds
	R02 ReturnCode = "R02" // account closed
	R03 ReturnCode = "R03" // no account / unable to locate account
	R04 ReturnCode = "R04" // invalid account number structure
	R05 ReturnCode = "R05" // unauthorized debit to consumer account using corporate SEC code
	R07 ReturnCode = "R07" // authorization revoked by customer
	R08 ReturnCode = "R08" // payment stopped
	R09 ReturnCode = "R09" // uncollected funds
	R10 ReturnCode = "R10" // customer advises originator is not known or not authorized
	R11 ReturnCode = "R11" // customer advises entry not in accordance with the terms of the authorization
	R16 ReturnCode = "R16" // account frozen / entry returned per OFAC instruction
	R20 ReturnCode = "R20" // non-transaction account
	R29 ReturnCode = "R29" // corporate customer advises not authorized
	R31 ReturnCode = "R31" // permissible return entry (CCD and CTX only)
)

// returnRule is one row of the table in the [ReturnCode] documentation.
type returnRule struct {
	meaning    string
	represent  bool
	stopDebits bool
	// stripeCode is the last_payment_error.code (and charge failure_code)
	// Stripe reports for the return.
	stripeCode stripe.ErrorCode
}

// returnRules declares every code's rules once. Sources: NACHA meanings
// (Nacha Operating Rules, Appendix Four); re-presentment of R01/R09 only
// (Nacha Operating Rules, Subsection 2.12.4, "Reinitiation of Returned
// Entries"); blocking of every return but the funds returns (Stripe,
// "Blocked bank accounts": "We don't block bank accounts because of past
// insufficient funds returns"; blocked network codes from the
// PaymentMethod object's status_details.blocked.network_code).
var returnRules = map[ReturnCode]returnRule{
	R01: {"insufficient funds", true, false, stripe.ErrorCodeInsufficientFunds},
	R02: {"account closed", false, true, stripe.ErrorCodeAccountClosed},
	R03: {"no account or unable to locate account", false, true, stripe.ErrorCodeNoAccount},
	R04: {"invalid account number structure", false, true, stripe.ErrorCodeAccountNumberInvalid},
	R05: {"unauthorized debit to a consumer account using a corporate SEC code", false, true, stripe.ErrorCodeDebitNotAuthorized},
	R07: {"authorization revoked by the customer", false, true, stripe.ErrorCodeDebitNotAuthorized},
	R08: {"payment stopped", false, true, stripe.ErrorCodeDebitNotAuthorized},
	R09: {"uncollected funds", true, false, stripe.ErrorCodeInsufficientFunds},
	R10: {"customer advises the originator is not known or not authorized", false, true, stripe.ErrorCodeDebitNotAuthorized},
	R11: {"customer advises the entry is not in accordance with the authorization", false, true, stripe.ErrorCodeDebitNotAuthorized},
	R16: {"account frozen", false, true, stripe.ErrorCodeBankAccountRestricted},
	R20: {"non-transaction account", false, true, stripe.ErrorCodeBankAccountRestricted},
	R29: {"corporate customer advises not authorized", false, true, stripe.ErrorCodeDebitNotAuthorized},
	R31: {"permissible return entry (CCD and CTX only)", false, true, stripe.ErrorCodeDebitNotAuthorized},
}

// ReturnCodes returns every code defined here, in code order.
func ReturnCodes() []ReturnCode {
	return []ReturnCode{R01, R02, R03, R04, R05, R07, R08, R09, R10, R11, R16, R20, R29, R31}
}

// ErrUnknownReturnCode is returned by [ParseReturnCode] for a string that is
// not one of the codes defined here.
var ErrUnknownReturnCode = errors.New("ach: unknown return code")

// ParseReturnCode returns the code named s ("R01"; exact spelling). Any
// other string yields an error matching [ErrUnknownReturnCode], e.g.
// `ach: unknown return code "R99"`.
func ParseReturnCode(s string) (ReturnCode, error) {
	return enum.Parse(returnCodeKind, s, ReturnCode.Valid)
}

// returnCodeKind names ReturnCode in errors.
var returnCodeKind = enum.Kind{Pkg: "ach", Name: "return code", Err: ErrUnknownReturnCode}

// Valid reports whether c is one of the codes defined here.
func (c ReturnCode) Valid() bool {
	_, ok := returnRules[c]
	return ok
}

// String returns the code, e.g. "R01".
func (c ReturnCode) String() string { return string(c) }

// Meaning is NACHA's reason for the return, e.g. "insufficient funds"; ""
// for an invalid code.
func (c ReturnCode) Meaning() string { return returnRules[c].meaning }

// MayRepresent reports whether a debit returned with c may be presented
// again under the same authorization: true only for R01 (insufficient
// funds) and R09 (uncollected funds). NACHA allows at most
// [MaxRepresentments] re-presentments within [RepresentmentWindow] of the
// original entry's settlement; see [ReturnCode.CheckRepresentment].
// Source: Nacha Operating Rules, Subsection 2.12.4.
func (c ReturnCode) MayRepresent() bool { return returnRules[c].represent }

// StopDebits reports whether the payment method must not be debited again
// until the customer gives new account details or a new authorization:
// true for every code but R01 and R09. Stripe blocks such a bank account
// (a later confirmation fails with 402 bank_account_unusable) and records
// the code in the PaymentMethod's
// us_bank_account.status_details.blocked.network_code. False for an
// invalid code. Source: docs.stripe.com/payments/ach-direct-debit/blocked-bank-accounts.
func (c ReturnCode) StopDebits() bool { return returnRules[c].stopDebits }

// StripeErrorCode is the code Stripe puts in the PaymentIntent's
// last_payment_error.code (and the charge's failure_code) for a debit
// returned with c: insufficient_funds for R01 and R09, account_closed for
// R02, no_account for R03, account_number_invalid for R04,
// bank_account_restricted for R16 and R20 and debit_not_authorized for the
// authorization returns. "" for an invalid code.
func (c ReturnCode) StripeErrorCode() stripe.ErrorCode { return returnRules[c].stripeCode }

// NACHA's limits on re-presenting a debit returned R01 or R09 (Nacha
// Operating Rules, Subsection 2.12.4): at most MaxRepresentments new
// presentments, within RepresentmentWindow after the settlement date of
// the original entry.
const (
	MaxRepresentments   = 2
	RepresentmentWindow = 180 * 24 * time.Hour
)

// Causes matched by the errors of [ReturnCode.CheckRepresentment].
var (
	// ErrNotRepresentable: the code forbids presenting the debit again.
	ErrNotRepresentable = errors.New("ach: return code does not allow re-presentment")
	// ErrRepresentmentLimit: MaxRepresentments were already made.
	ErrRepresentmentLimit = errors.New("ach: re-presentment limit reached")
	// ErrRepresentmentWindow: more than RepresentmentWindow has passed
	// since the original entry settled.
	ErrRepresentmentWindow = errors.New("ach: re-presentment window closed")
)

// CheckRepresentment decides whether a debit returned with c may be
// presented again at time at, after prior re-presentments (0 for the first
// one), when the original entry settled at originalSettled. It returns nil
// when it may, else an error that names the code and prior, e.g.
// `ach: re-presentment limit reached (return R01, 2 prior
// re-presentments)`, and matches ErrNotRepresentable for a code
// other than R01/R09 (or an invalid one), ErrRepresentmentLimit when prior
// ≥ MaxRepresentments, ErrRepresentmentWindow when at is more than
// RepresentmentWindow after originalSettled (or before it, or either time
// is zero). Source: Nacha Operating Rules, Subsection 2.12.4.
func (c ReturnCode) CheckRepresentment(prior int, originalSettled, at time.Time) error {
	fail := func(err error) error {
		return fmt.Errorf("%w (return %s, %d prior re-presentments)", err, quote.Cut(string(c), maxInputInError), prior)
	}
	switch {
	case !c.MayRepresent():
		return fail(ErrNotRepresentable)
	case prior < 0 || prior >= MaxRepresentments:
		return fail(ErrRepresentmentLimit)
	case originalSettled.IsZero() || at.IsZero() || at.Before(originalSettled) || at.Sub(originalSettled) > RepresentmentWindow:
		return fail(ErrRepresentmentWindow)
	}
	return nil
}
