package fincon

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/internal/transport"
	"github.com/fcsdk/fcsdk/permissions"
)

// Sentinels for conditions detected by the library. Test for them with
// errors.Is; they arrive wrapped in an *Error.
var (
	// ErrPermissionNotGranted: the account lacks the permission the call
	// needs. No request is sent when the client already knows the
	// account's permissions — except for a create carrying an
	// IdempotencyKey, which is always sent (see
	// [PaymentIntentParams.IdempotencyKey]). It also matches
	// permissions.ErrNotGranted.
	ErrPermissionNotGranted = errors.New("fincon: permission not granted")
	// ErrRefreshNotAvailable: Stripe did not start a refresh because the
	// previous one is too recent; see [RefreshError].
	ErrRefreshNotAvailable = errors.New("fincon: refresh not available yet")
	// ErrRefreshFailed: a refresh ended in status failed; see
	// [RefreshError].
	ErrRefreshFailed = errors.New("fincon: refresh failed")
	// ErrNoRefresh: WaitForRefresh was asked to wait for a feature that
	// has never been refreshed.
	ErrNoRefresh = errors.New("fincon: no refresh to wait for")
	// ErrNoData: the account has no data of that kind yet (balance or
	// ownership are null until the first refresh or prefetch).
	ErrNoData = errors.New("fincon: no data yet")
	// ErrNoFinancialConnectionsAccount: the payment method or bank account
	// was not collected through Financial Connections (manual entry, or no
	// us_bank_account payment method), so it has no Financial Connections
	// account: no balances, ownership or transactions to read (see
	// FinancialConnectionsAccountOf, BankAccount.DataAccount).
	ErrNoFinancialConnectionsAccount = errors.New("fincon: payment method has no financial connections account")
	// ErrInvalidParams: a parameter failed validation before anything was
	// sent: a request's, New's api key, a connected account id. See
	// [ParamError].
	ErrInvalidParams = errors.New("fincon: invalid parameters")
	// ErrUnknownValue: a Parse function (ParseCategory, ParseAccountStatus,
	// …) was given a name Stripe does not define. The error quotes the
	// name, bounded and redacted, e.g. `fincon: unknown category "loan"`.
	ErrUnknownValue = errors.New("fincon: unknown value")
	// ErrDecode: a response could not be used: its body is not JSON, has
	// the wrong types, or (ErrMalformedResponse) is not what the call asked
	// for. The body is never echoed; the *Error keeps the HTTP status and,
	// when known, the request id.
	ErrDecode = errors.New("fincon: undecodable response")
	// ErrMalformedResponse: a response decoded but is not what the call
	// asked for: a 2xx answer that is null, {}, an error envelope, an
	// object of another kind or without an id, a list page that is not a
	// list or has rows without ids, or an error status without Stripe's
	// error object. See [ResponseError]. It also matches ErrDecode.
	ErrMalformedResponse = errors.New("fincon: malformed response")
	// ErrResponseTooLarge: a response body was larger than the cap set by
	// WithMaxResponseBytes (8 MiB by default) and was not read further. See
	// [ResponseError].
	ErrResponseTooLarge = errors.New("fincon: response too large")
	// ErrSimulatorClock: the client talks to fctest's simulator (its base
	// URL is fctest.DefaultURL, or the response carries
	// SimulatorClockHeader) but was built without WithClock, so it would
	// wait for refreshes on the system clock while the simulator's time
	// stands still. Build the client with fctestclient.New(sim), or add
	// WithClock(sim.Clock()). A client given WithClock(SystemClock{})
	// explicitly is not checked.
	ErrSimulatorClock = errors.New("fincon: the server is an fctest simulator on simulated time but the client has no clock: add fincon.WithClock(sim.Clock()), or build the client with fctestclient.New(sim)")
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

// Error is returned by every failed Client operation. For an error answered
// by Stripe, Type, Code, Param, HTTPStatus and RequestID are set and Err is
// the *stripe.Error (errors.As works); otherwise Err is the cause: a context
// error, a network error, or one of the sentinels above.
//
// Error strings name the operation and the object id and never contain API
// keys, client secrets or account numbers.
type Error struct {
	// Op is the operation, e.g. "get account".
	Op string
	// ID is the object the operation was about ("fca_…"), if any.
	ID string
	// Type is Stripe's error type, e.g. "invalid_request_error".
	Type string
	// Code is Stripe's error code, e.g. "resource_missing".
	Code string
	// Param is the parameter Stripe blamed, if any.
	Param string
	// HTTPStatus is the status of the last attempt, 0 if none completed.
	HTTPStatus int
	// RequestID is Stripe's Request-Id of the failing response.
	RequestID string
	// Message is Stripe's message, with secrets and numbers redacted.
	Message string
	// Err is the cause; Unwrap returns it.
	Err error
}

// Error implements error, e.g.
// "fincon: get account fca_123: invalid_request_error resource_missing: No such account (status 404, request req_1)",
// or, for a cause other than a Stripe error,
// "fincon: get account fca_123: malformed response: object without an id (status 200, request req_1)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("fincon: ")
	b.WriteString(e.Op)
	if e.ID != "" {
		b.WriteByte(' ')
		b.WriteString(redact(e.ID))
	}
	b.WriteString(": ")
	if e.Type == "" {
		if e.Err != nil {
			b.WriteString(strings.TrimPrefix(redact(e.Err.Error()), "fincon: "))
		} else {
			b.WriteString("unknown error")
		}
		if e.HTTPStatus == 0 {
			return b.String()
		}
	} else {
		b.WriteString(e.Type)
		if e.Code != "" {
			b.WriteByte(' ')
			b.WriteString(e.Code)
		}
		if e.Param != "" {
			b.WriteString(" (param ")
			b.WriteString(e.Param)
			b.WriteByte(')')
		}
		if e.Message != "" {
			b.WriteString(": ")
			b.WriteString(e.Message)
		}
		var se *transport.StoppedError
		if errors.As(e.Err, &se) {
			b.WriteString("; not retried: ")
			b.WriteString(se.Cause.Error())
			if se.Wait > 0 {
				b.WriteString(" before the next retry could end")
			}
		}
	}
	b.WriteString(" (status ")
	b.WriteString(strconv.Itoa(e.HTTPStatus))
	if e.RequestID != "" {
		b.WriteString(", request ")
		b.WriteString(redact(e.RequestID))
	}
	b.WriteByte(')')
	return b.String()
}

// Unwrap returns the cause (a *stripe.Error for API errors).
func (e *Error) Unwrap() error { return e.Err }

// wrapErr turns any error from stripe-go or the library into an *Error.
// Answers the client could not use become ErrDecode or a *ResponseError
// with the response's status and request id (the transport's checked
// backend and error-body check report them as an *transport.AnsweredError
// around a *transport.MalformedError or transport.ErrUndecodable); their
// bodies are never quoted.
func wrapErr(op, id string, err error) error {
	if err == nil {
		return nil
	}
	var fe *Error
	if errors.As(err, &fe) && fe.Op == op {
		return err
	}
	if errors.Is(err, ErrSimulatorClock) {
		err = ErrSimulatorClock // drop net/http's *url.Error around it
	}
	e := &Error{Op: op, ID: id, Err: err}
	var an *transport.AnsweredError
	if errors.As(err, &an) {
		e.HTTPStatus, e.RequestID = an.Status, an.RequestID
		err, e.Err = an.Err, an.Err
	}
	fromTransport(e, err)
	var se *stripe.Error
	var tl *transport.BodyTooLargeError
	var me *transport.MalformedError
	switch {
	case e.Type != "": // filled by fromTransport
	case errors.As(err, &se):
		fillStripe(e, se)
	case errors.As(err, &tl):
		e.Err = &ResponseError{Limit: tl.Limit, err: tl}
	case errors.As(err, &me):
		e.Err = &ResponseError{Reason: me.Reason}
	case errors.Is(err, transport.ErrUndecodable):
		e.Err = ErrDecode
	case strings.HasPrefix(err.Error(), "Couldn't deserialize JSON"):
		// stripe-go quotes the body in this message; drop it.
		e.Err = ErrDecode
		if e.HTTPStatus == 0 {
			e.HTTPStatus = deserializeStatus(err.Error())
		}
	case isBareBody(err):
		// stripe-go's errors.New(body) for an error status without an
		// "error" object, should one get past the transport's check.
		e.Err = &ResponseError{Reason: transport.ReasonNoErrorObject}
	}
	return e
}

// scrubStripeError removes secrets from a *stripe.Error that the caller
// can reach with errors.As, and whose Error method prints it whole as
// JSON: the client secrets of the PaymentIntent or SetupIntent Stripe
// attaches to payment errors (also in their last_payment_error or
// last_setup_error, depth levels down), the raw response body, and secrets
// or long digit runs in the messages. The attached PaymentMethod keeps its
// us_bank_account details: bank name, routing number, last4 and
// fingerprint are not secret, and Stripe never returns account numbers. It
// also keeps its billing_details (name, email, address): personal data,
// not secrets (see the package documentation, # Errors).
//
// It works in place: stripe-go decodes a fresh *stripe.Error (and the
// objects under it) for every response, owned by this call alone, and the
// typed error in its Err field (*stripe.CardError and the like) points back
// to the same struct, so a copy would leave the original reachable.
func scrubStripeError(se *stripe.Error, depth int) {
	if se == nil || depth < 0 {
		return
	}
	se.Msg = redact(se.Msg)
	se.DeveloperMsg = redact(se.DeveloperMsg)
	if r := se.LastResponse; r != nil && r.RawJSON != nil {
		c := *r
		c.RawJSON = nil
		se.LastResponse = &c
	}
	if pi := se.PaymentIntent; pi != nil {
		pi.ClientSecret = ""
		pi.LastResponse = nil
		scrubStripeError(pi.LastPaymentError, depth-1)
	}
	if si := se.SetupIntent; si != nil {
		si.ClientSecret = ""
		si.LastResponse = nil
		scrubStripeError(si.LastSetupError, depth-1)
	}
}

// deserializeStatus reads the status out of stripe-go's "Couldn't
// deserialize JSON (response status: 200, body sample: …)"; 0 if absent.
func deserializeStatus(msg string) int {
	const p = "response status: "
	if i := strings.Index(msg, p); i >= 0 {
		rest := msg[i+len(p):]
		if j := strings.IndexAny(rest, ",)"); j >= 0 {
			if n, err := strconv.Atoi(rest[:j]); err == nil && n > 0 && n < 1000 {
				return n
			}
		}
	}
	return 0
}

var bareErrorType = reflect.TypeOf(errors.New(""))

// isBareBody reports whether err is a plain error whose text is a JSON
// object or array: the body stripe-go turned into an error.
func isBareBody(err error) bool {
	if reflect.TypeOf(err) != bareErrorType {
		return false
	}
	msg := strings.TrimSpace(err.Error())
	return strings.HasPrefix(msg, "{") || strings.HasPrefix(msg, "[")
}

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

// joined is a cause made of several errors under one message: all are
// reachable with errors.Is and errors.As, but only msg is printed
// (errors.Join would print every one, and a *stripe.Error prints as JSON).
// It is for causes that carry no data of their own.
type joined struct {
	msg  string
	errs []error
}

func (j *joined) Error() string   { return j.msg }
func (j *joined) Unwrap() []error { return j.errs }

// nonNil returns the errors that are not nil (typed nil pointers
// included), for the Unwrap methods of errors with several causes.
func nonNil(errs ...error) []error {
	out := make([]error, 0, len(errs))
	for _, err := range errs {
		if err == nil {
			continue
		}
		if v := reflect.ValueOf(err); v.Kind() == reflect.Pointer && v.IsNil() {
			continue
		}
		out = append(out, err)
	}
	return out
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
	s := "fincon: " + string(e.Feature) + " refresh of " + redact(e.Account)
	if !e.Failed {
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
