package transport

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Limiter paces outgoing attempts. *rate.Limiter from golang.org/x/time/rate
// satisfies it. Wait blocks until one more request may be sent, or returns an
// error when ctx is done first (or, like rate.Limiter, when the wait would
// outlast ctx's deadline).
type Limiter interface {
	Wait(ctx context.Context) error
}

// LimiterError is returned by Limited when the Limiter refused to let an
// attempt through (usually because ctx ended). It unwraps to the context's
// error when there is one, so errors.Is(err, context.Canceled) or
// context.DeadlineExceeded works; it is never retried.
type LimiterError struct {
	Err error
}

// Error implements error.
func (e *LimiterError) Error() string { return e.Err.Error() + " while waiting for the rate limit" }

// Unwrap returns the underlying cause.
func (e *LimiterError) Unwrap() error { return e.Err }

// Limited is an http.RoundTripper that waits on Limiter before each request
// and then delegates to Base (http.DefaultTransport when nil). Placed below
// the retry layer it makes every attempt, including retries, pay.
type Limited struct {
	Base    http.RoundTripper
	Limiter Limiter
}

// RoundTrip implements http.RoundTripper.
func (t *Limited) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Limiter != nil {
		ctx := req.Context()
		s := stateOf(ctx)
		var start time.Time
		if s != nil {
			start = time.Now()
		}
		err := t.Limiter.Wait(ctx)
		if s != nil {
			s.limiterWait = time.Since(start)
		}
		if err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			if cerr := ctx.Err(); cerr != nil {
				err = cerr
			} else if _, ok := ctx.Deadline(); ok && !errors.Is(err, context.DeadlineExceeded) {
				// rate.Limiter refuses early when the wait would outlast the
				// deadline; report it as the deadline it is.
				err = context.DeadlineExceeded
			}
			return nil, &LimiterError{Err: err}
		}
	}
	return base(t.Base).RoundTrip(req)
}

// CloseIdleConnections forwards to Base when it supports it.
func (t *Limited) CloseIdleConnections() {
	if ci, ok := base(t.Base).(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

func base(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		return http.DefaultTransport
	}
	return rt
}
