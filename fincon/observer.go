package fincon

import (
	"context"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// Observer sees what a Client sends to Stripe: every operation (one Stripe
// API request as the caller's method made it, with its retries) and every
// HTTP attempt inside it. Set one with WithObserver; package
// fincon/otelobserver adapts it to OpenTelemetry.
//
// Nothing secret reaches an Observer: no API key, no client secret, no
// idempotency key, no URL query, header or body; an error is the
// redacted *Error the caller gets. The methods are called on the calling
// goroutine, synchronously, so they should be quick; they may be called
// concurrently by concurrent calls.
type Observer interface {
	// StartOperation is called before the operation's first attempt. The
	// context it returns becomes the context of the operation's attempts
	// and is passed to EndOperation (return ctx when there is nothing to
	// add).
	StartOperation(ctx context.Context, op Operation) context.Context
	// Attempt is called after each HTTP attempt, with the context
	// StartOperation returned.
	Attempt(ctx context.Context, op Operation, a Attempt)
	// EndOperation is called once the operation is over, successful or
	// not.
	EndOperation(ctx context.Context, op Operation, end OperationEnd)
}

// Operation names one Stripe API request of the Client.
type Operation struct {
	// Name is the HTTP method and the path with ids replaced by {id},
	// e.g. "POST /v1/financial_connections/accounts/{id}/refresh".
	Name string
	// ID is the object the request is about: the last id in the path
	// ("fca_…", "pi_…", "seti_…"), "" for creates and lists.
	ID string
	// StripeAccount is the connected account the request is made for
	// (the Stripe-Account header, "acct_…"), "" for the platform.
	StripeAccount string
}

// Attempt describes one HTTP attempt of an Operation.
type Attempt struct {
	// N is the attempt number within the operation, from 1; N > 1 is a
	// retry.
	N int
	// LimiterWait is the time the attempt waited for the client-side rate
	// limiter (WithRateLimit / WithLimiter) before it was sent.
	LimiterWait time.Duration
	// Backoff is the retry wait slept before this attempt (0 for the
	// first): the backoff, or Stripe's Retry-After.
	Backoff time.Duration
	// Duration is the time from sending the request (after the limiter)
	// until its whole response was read.
	Duration time.Duration
	// HTTPStatus is the response's status code, 0 when none arrived.
	HTTPStatus int
	// Type and Code are Stripe's error type and code of an error response
	// (error.type, error.code), "" otherwise.
	Type, Code string
	// RequestID is Stripe's Request-Id header, "" if none.
	RequestID string
	// Retried reports whether the outcome is one the client retries (when
	// it has retries and time left): 409, 429, 5xx, connection errors.
	Retried bool
	// Error describes a failure without a response ("timeout",
	// "connection error: …"), "" when a response arrived.
	Error string
}

// OperationEnd is the outcome of an Operation.
type OperationEnd struct {
	// Duration is the whole operation, limiter and backoff waits included.
	Duration time.Duration
	// HTTPStatus and RequestID are the last response's, when one arrived.
	HTTPStatus int
	RequestID  string
	// Type is Stripe's error type ("invalid_request_error", …) when the
	// operation failed with a Stripe error, "" otherwise.
	Type string
	// Err is nil on success, else the *Error of the failure (its Op is
	// the Operation's Name; the caller's *Error names the method).
	Err error
}

// WithObserver reports the client's operations and attempts to o. A nil o
// is an *OptionError. Without an observer the cost is one nil check per
// request.
func WithObserver(o Observer) Option {
	return func(c *config) error {
		if o == nil {
			return optErr("WithObserver", "nil Observer")
		}
		c.observer = o
		return nil
	}
}

// opKey carries the current Operation to the attempt hook.
type opKey struct{}

// observeAttempt is transport.Config.Observe for o.
func observeAttempt(o Observer) func(context.Context, transport.Attempt) {
	return func(ctx context.Context, a transport.Attempt) {
		op, ok := ctx.Value(opKey{}).(*Operation)
		if !ok {
			return // a request outside checkedBackend
		}
		o.Attempt(ctx, *op, Attempt{
			N: a.N, LimiterWait: a.LimiterWait, Backoff: a.Backoff, Duration: a.Duration,
			HTTPStatus: a.Status, Type: a.ErrorType, Code: a.ErrorCode, RequestID: a.RequestID,
			Retried: a.Retry != transport.NoRetry, Error: a.Error,
		})
	}
}

// observe runs call as an Operation of o; p is the request's params, whose
// Context is swapped for the observer's during the call.
func observe(o Observer, method, path string, p *stripe.Params, v stripe.LastResponseSetter, call func() error) error {
	ctx := context.Background()
	if p != nil && p.Context != nil {
		ctx = p.Context
	}
	op := &Operation{}
	op.Name, op.ID = opName(method, path)
	if p != nil && p.StripeAccount != nil {
		op.StripeAccount = *p.StripeAccount
	}
	start := time.Now()
	octx := context.WithValue(o.StartOperation(ctx, *op), opKey{}, op)
	if p != nil {
		p.Context = octx
		defer func() { p.Context = ctx }()
	}
	err := call()
	end := OperationEnd{Duration: time.Since(start)}
	if lr := lastResponse(v); lr != nil {
		end.HTTPStatus, end.RequestID = lr.StatusCode, lr.RequestID
	}
	if err != nil {
		fe := wrapErr(op.Name, op.ID, err).(*Error)
		end.Err, end.Type = fe, fe.Type
		if fe.HTTPStatus != 0 {
			end.HTTPStatus, end.RequestID = fe.HTTPStatus, fe.RequestID
		}
	}
	o.EndOperation(octx, *op, end)
	return err
}

// opName returns "METHOD /path/{id}/…" and the last id in path. A segment
// is an id when it has an underscore and a digit or capital letter
// (Stripe's ids, "fca_1Nx…"), unlike resource names ("payment_intents").
func opName(method, path string) (name, id string) {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if isID(s) {
			id, segs[i] = s, "{id}"
		}
	}
	return method + " " + strings.Join(segs, "/"), id
}

func isID(s string) bool {
	if !strings.Contains(s, "_") {
		return false
	}
	return strings.ContainsFunc(s, func(r rune) bool { return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' })
}
