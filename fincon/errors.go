package fincon

import (
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// Sentinels for conditions detected by the library. Test for them with
// errors.Is. Client operations return them wrapped in an *Error; New,
// ForConnectedAccount, ValidateConnectedAccountID and the Parse functions,
// which are not operations, return their cause directly (a *ParamError,
// or the enum error of ErrUnknownValue).
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
	// A hand-built *Error (a fake's) may lack the operation or the id:
	// leave out what is empty rather than print "fincon: : ".
	if what := strings.TrimSpace(e.Op + " " + redact(e.ID)); what != "" {
		b.WriteString(what)
		b.WriteString(": ")
	}
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
