package fincon

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/internal/transport"
	"github.com/fcsdk/fcsdk/permissions"
)

// ResponseError is the cause of an *Error for an answer the client could
// not use, without quoting it. It is one of two shapes of that failure:
//
//   - a response that decoded but is not what the call asked for: Reason
//     says why, Limit is 0. It matches ErrMalformedResponse and ErrDecode.
//   - a body larger than the cap set by WithMaxResponseBytes, not read
//     further: Limit is the cap in bytes. It matches ErrResponseTooLarge
//     (not ErrDecode) and unwraps to the transport's error.
//
// The *Error around it keeps the HTTP status and, when known, the request
// id.
type ResponseError struct {
	// Reason is e.g. "object without an id" or "error status without an
	// error object"; "" for a body over Limit.
	Reason string
	// Limit is the cap in bytes a body exceeded (at least 4 KiB), 0 for a
	// malformed response.
	Limit int64
	err   error
}

// Error implements error, e.g. "fincon: malformed response: object without
// an id" or "fincon: response body larger than 8 MiB".
func (e *ResponseError) Error() string {
	if e.Limit > 0 {
		// The transport's text, which spells the cap in MiB or KiB.
		return "fincon: " + (&transport.BodyTooLargeError{Limit: e.Limit}).Error()
	}
	return "fincon: malformed response: " + e.Reason
}

// Is matches ErrResponseTooLarge for a body over Limit, ErrMalformedResponse
// and ErrDecode otherwise.
func (e *ResponseError) Is(target error) bool {
	if e.Limit > 0 {
		return target == ErrResponseTooLarge
	}
	return target == ErrMalformedResponse || target == ErrDecode
}

// Unwrap returns the transport's error of a body over Limit, else nil.
func (e *ResponseError) Unwrap() error { return e.err }

// notGranted builds the error for a read or refresh the account's
// permissions do not allow.
func notGranted(op, id string, p permissions.Permission) error {
	return &Error{Op: op, ID: id, Err: &PermissionError{Account: id, Permission: p}}
}

// PermissionError is the cause of an *Error for an account whose
// permissions, or whose eligibility for ACH debits, do not allow the
// operation. It has three shapes:
//
//   - A read, refresh or subscription the account's permissions do not
//     allow: Permission is set, Ineligible is nil. Err is Stripe's refusal
//     when Stripe refused first (a refresh answered with a 400 whose
//     account, read afterwards, lacks the permission), nil when the client
//     decided without a request.
//   - CreatePaymentIntent or CreateSetupIntent without an IdempotencyKey,
//     refusing an account linked without the payment_method permission
//     before any create request: Permission is payment_method, Ineligible
//     is ach.Check's verdict and Err is nil. The verdict holds every reason
//     found when the account was read, and
//     ach.ReasonPaymentMethodPermissionMissing alone when the client's
//     permission cache decided without a request.
//   - CreatePaymentIntent or CreateSetupIntent with an IdempotencyKey, for
//     an account ach.Check rejects, when Stripe definitely refused the
//     create (see [PaymentIntentParams.IdempotencyKey]): Ineligible is the
//     verdict, Err is Stripe's answer, and Permission is payment_method
//     only when the reasons include ach.ReasonPaymentMethodPermissionMissing.
//     Nothing was created by this call. Any other failure of such a create
//     leaves the outcome unknown and is a plain *Error, without this cause.
//
// It matches ErrPermissionNotGranted and permissions.ErrNotGranted when a
// permission is missing (always without Ineligible; with it, when
// Permission is set or the reasons include
// ach.ReasonPaymentMethodPermissionMissing), ach.ErrIneligible when
// Ineligible is set (errors.As finds the *ach.IneligibleError with the
// reasons), and wraps Err (errors.As finds the *stripe.Error). Test for the
// condition with errors.Is; errors.As gives the data.
type PermissionError struct {
	// Account is the Financial Connections account (fca_…).
	Account string
	// Permission is the permission missing, "" when not known or, with
	// Ineligible, when none is missing.
	Permission permissions.Permission
	// Ineligible is ach.Check's verdict for a payment create, nil for
	// other operations.
	Ineligible *ach.IneligibleError
	// Err is Stripe's refusal, nil when the client decided without one.
	Err error
}

// paymentPermissionErr builds the cause for an account lacking the
// payment_method permission; ie may be nil (the permission cache decided).
func paymentPermissionErr(id string, ie *ach.IneligibleError) *PermissionError {
	if ie == nil {
		ie = &ach.IneligibleError{AccountID: id, Reasons: []ach.Reason{ach.ReasonPaymentMethodPermissionMissing}}
	}
	return &PermissionError{Account: id, Permission: permissions.PaymentMethod, Ineligible: ie}
}

// refusedErr builds the cause of a keyed create Stripe definitely refused
// for an account ach.Check rejected.
func refusedErr(id string, ie *ach.IneligibleError, stripeErr error) *PermissionError {
	e := &PermissionError{Account: id, Ineligible: ie, Err: stripeErr}
	if slices.Contains(ie.Reasons, ach.ReasonPaymentMethodPermissionMissing) {
		e.Permission = permissions.PaymentMethod
	}
	return e
}

// missing reports whether a permission is missing (see PermissionError).
func (e *PermissionError) missing() bool {
	return e.Ineligible == nil || e.Permission != "" ||
		slices.Contains(e.Ineligible.Reasons, ach.ReasonPaymentMethodPermissionMissing)
}

// Error implements error, one wording per shape, e.g.
// "fincon: permission balances not granted on account fca_1",
// "fincon: account fca_1 cannot be debited: permission payment_method not
// granted (also account_disconnected)", or "ach: account fca_1 not eligible
// for ach debits: account_disconnected; stripe refused the request:
// invalid_request_error: …".
func (e *PermissionError) Error() string {
	switch {
	case e.Ineligible == nil:
		p := string(e.Permission)
		if p == "" {
			p = "(unknown)"
		}
		s := "fincon: permission " + p + " not granted"
		if e.Account != "" {
			s += " on account " + redact(e.Account)
		}
		return s
	case e.Err == nil && e.missing():
		acct := e.Account
		if acct == "" {
			acct = e.Ineligible.AccountID
		}
		s := "fincon: account "
		if acct != "" {
			s += redact(acct) + " "
		}
		s += "cannot be debited: permission " + string(permissions.PaymentMethod) + " not granted"
		var other []string
		for _, r := range e.Ineligible.Reasons {
			if r != ach.ReasonPaymentMethodPermissionMissing {
				other = append(other, string(r))
			}
		}
		if len(other) > 0 {
			s += " (also " + strings.Join(other, ", ") + ")"
		}
		return s
	}
	return e.Ineligible.Error() + refusedText(e.Err)
}

// Is matches ErrPermissionNotGranted and permissions.ErrNotGranted when a
// permission is missing.
func (e *PermissionError) Is(target error) bool {
	return (target == ErrPermissionNotGranted || target == permissions.ErrNotGranted) && e.missing()
}

// Unwrap returns the *ach.IneligibleError and Stripe's error, those set.
func (e *PermissionError) Unwrap() []error { return nonNil(e.Ineligible, e.Err) }

// refusedText describes Stripe's answer to a create the library's check
// had rejected, to follow the check's verdict: "; stripe refused the
// request: invalid_request_error code: message" for a *stripe.Error (its
// fields, not stripe-go's JSON dump), "; the request failed: …" for another
// error, "" for nil.
func refusedText(err error) string {
	var se *stripe.Error
	switch {
	case errors.As(err, &se):
		s := "; stripe refused the request"
		if se.Type != "" {
			s += ": " + string(se.Type)
		}
		if se.Code != "" {
			s += " " + string(se.Code)
		}
		if se.Msg != "" {
			s += ": " + redact(se.Msg)
		}
		return s
	case err != nil:
		return "; the request failed: " + strings.TrimPrefix(redact(err.Error()), "fincon: ")
	}
	return ""
}

// RefreshError is the cause of an *Error for a refresh that gave no fresh
// data, in one of two ways:
//
//   - Stripe did not start it because the previous one is too recent:
//     Failed is false and it matches ErrRefreshNotAvailable. NextAvailable
//     is when Stripe allows the next one (zero when Stripe gave no
//     next_refresh_available_at: an inactive account). When Stripe refused
//     the refresh with an error (400 invalid_request_error), Err is that
//     error (errors.As finds the *stripe.Error); it is nil when Stripe
//     answered 200 without starting the refresh.
//   - It ended in status failed: Failed is true and it matches
//     ErrRefreshFailed. NextAvailable is when another refresh may start
//     (zero if Stripe did not say).
type RefreshError struct {
	Account string
	Feature permissions.RefreshFeature
	// Failed: the refresh ran and failed (ErrRefreshFailed), rather than
	// not being started (ErrRefreshNotAvailable).
	Failed bool
	// NextAvailable is Stripe's next_refresh_available_at for Feature.
	NextAvailable time.Time
	// Err is Stripe's refusal, if any.
	Err error
}

// Error implements error, e.g. "fincon: balance refresh of fca_1 not
// available until 2026-03-01T12:00:00Z" or "fincon: balance refresh of
// fca_1 failed; next refresh available at 2026-03-01T12:00:00Z".
func (e *RefreshError) Error() string {
	// Every field may be zero in a hand-built one: leave out what is.
	s := "fincon: "
	if e.Feature != "" {
		s += string(e.Feature) + " "
	}
	s += "refresh"
	if e.Account != "" {
		s += " of " + redact(e.Account)
	}
	if !e.Failed {
		if e.NextAvailable.IsZero() {
			return s + " not available yet"
		}
		return s + " not available until " + e.NextAvailable.UTC().Format(time.RFC3339)
	}
	s += " failed"
	if !e.NextAvailable.IsZero() {
		s += "; next refresh available at " + e.NextAvailable.UTC().Format(time.RFC3339)
	}
	return s
}

// Is matches ErrRefreshFailed when Failed, ErrRefreshNotAvailable
// otherwise.
func (e *RefreshError) Is(target error) bool {
	if e.Failed {
		return target == ErrRefreshFailed
	}
	return target == ErrRefreshNotAvailable
}

// Unwrap returns Stripe's error, if any.
func (e *RefreshError) Unwrap() error { return e.Err }

// ParamError reports a parameter rejected before any request was sent: a
// field of a call's params, the api key given to New (ErrInvalidAPIKey), or
// a connected account id (ErrInvalidConnectedAccountID). It matches
// ErrInvalidParams and wraps the underlying cause, if any. It never quotes
// the value.
type ParamError struct {
	// Param is the parameter as Stripe names it on the wire (e.g.
	// "idempotency_key", "payment_method"), or what it is where it has no
	// such name ("api key", "connected account id").
	Param string
	// Reason says what is wrong, e.g. "at most 255 characters"; may be "".
	Reason string
	// Err is the underlying cause, e.g. ach.ErrInvalidAmount or
	// ErrInvalidAPIKey; may be nil.
	Err error
}

// Error implements error, e.g. "fincon: invalid idempotency_key: at most
// 255 characters". A cause that only restates "invalid <Param>" (such as
// ErrInvalidAPIKey) is not repeated.
func (e *ParamError) Error() string {
	s := "fincon: invalid " + e.Param
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	if e.Err != nil {
		if c := trimPackage(redact(e.Err.Error())); c != "invalid "+e.Param {
			s += ": " + c
		}
	}
	return s
}

// Is matches ErrInvalidParams.
func (e *ParamError) Is(target error) bool { return target == ErrInvalidParams }

// Unwrap returns the underlying cause.
func (e *ParamError) Unwrap() error { return e.Err }

// trimPackage drops the "permissions: "-style prefix of one of the
// module's packages from an error text quoted after our own wording, so
// that a package name is not said twice ("invalid permissions:
// permissions: …").
func trimPackage(s string) string {
	for _, p := range []string{"permissions: ", "ach: ", "balances: ", "transactions: ", "ownership: ", "fincon: "} {
		if strings.HasPrefix(s, p) {
			return s[len(p):]
		}
	}
	return s
}

func paramErr(op, id, param, reason string, cause error) error {
	return &Error{Op: op, ID: id, Err: &ParamError{Param: param, Reason: reason, Err: cause}}
}
