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
	// Name is the HTTP method and the path with every segment that is not
	// a literal word of Stripe's paths replaced by {id}, e.g.
	// "POST /v1/financial_connections/accounts/{id}/refresh": a fixed set
	// of names, whatever ids the caller passes.
	Name string
	// ID is the object the request is about: the last id in the path
	// ("fca_…", "pi_…", "seti_…"); "" for creates and lists, and when that
	// segment does not have the shape of a Stripe id (a client secret or
	// key passed by mistake, an account number), so it never carries one.
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
			return // a request outside observedBackend
		}
		o.Attempt(ctx, *op, Attempt{
			N: a.N, LimiterWait: a.LimiterWait, Backoff: a.Backoff, Duration: a.Duration,
			HTTPStatus: a.Status, Type: a.ErrorType, Code: a.ErrorCode, RequestID: a.RequestID,
			Retried: a.Retry != transport.NoRetry, Error: a.Error,
		})
	}
}

// observedBackend reports every call of the client's stripe.Backend (the
// transport's checked backend) to obs as an Operation.
type observedBackend struct {
	stripe.Backend
	obs Observer
}

// Call implements stripe.Backend.
func (b observedBackend) Call(method, path, key string, params stripe.ParamsContainer, v stripe.LastResponseSetter) error {
	if params == nil {
		return b.Backend.Call(method, path, key, params, v)
	}
	return observe(b.obs, method, path, params.GetParams(), v, func() error {
		return b.Backend.Call(method, path, key, params, v)
	})
}

// CallRaw implements stripe.Backend; stripe-go fetches list pages with it.
func (b observedBackend) CallRaw(method, path, key string, body []byte, params *stripe.Params, v stripe.LastResponseSetter) error {
	return observe(b.obs, method, path, params, v, func() error {
		return b.Backend.CallRaw(method, path, key, body, params, v)
	})
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
	if lr := transport.LastResponse(v); lr != nil {
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

// opName returns "METHOD /path/{id}/…" and the last id in path. Every
// segment that is not one of the literal words of Stripe's paths
// (pathWords) becomes {id}, so that whatever a caller passes as an id — a
// client secret or an API key by mistake, an account number, user input —
// never reaches a span name or a metric label, and names stay a small,
// fixed set. The id is reported only when it has the shape of a Stripe
// object id (isStripeID); otherwise it is "".
func opName(method, path string) (name, id string) {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if s == "" || pathWords[s] {
			continue
		}
		segs[i] = "{id}"
		id = ""
		if isStripeID(s) {
			id = s
		}
	}
	return method + " " + strings.Join(segs, "/"), id
}

// pathWords are the literal segments of the API paths the client calls.
var pathWords = map[string]bool{
	"v1": true, "accounts": true, "charges": true, "checkout": true, "customers": true,
	"financial_connections": true, "sessions": true, "transactions": true, "owners": true,
	"refresh": true, "subscribe": true, "unsubscribe": true, "disconnect": true,
	"payment_intents": true, "setup_intents": true, "payment_methods": true, "mandates": true,
	"confirm": true, "cancel": true, "capture": true, "verify_microdeposits": true,
	"refunds": true, "external_accounts": true, "persons": true,
}

// isStripeID reports whether s has the shape of a Stripe object id: a
// lowercase prefix, an optional test/live part, and letters and digits
// ("fca_1Nx…", "cs_test_a1…"). API keys (sk_, rk_, pk_), webhook secrets,
// client secrets ("pi_…_secret_…") and anything with other characters do
// not.
func isStripeID(s string) bool {
	if len(s) > 255 {
		return false
	}
	parts := strings.Split(s, "_")
	if len(parts) == 3 && (parts[1] == "test" || parts[1] == "live") {
		parts = []string{parts[0], parts[2]}
	}
	if len(parts) != 2 || parts[1] == "" {
		return false
	}
	switch parts[0] {
	case "", "sk", "rk", "pk", "whsec", "ek":
		return false
	}
	for _, r := range parts[0] {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	for _, r := range parts[1] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
