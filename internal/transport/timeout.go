package transport

import (
	"context"
	"io"
	"net/http"
	"time"
)

// AttemptTimeoutError reports an attempt that exceeded the per-attempt
// timeout. It is a timeout (net.Error-style Timeout() is true) and is
// retried; it unwraps to context.DeadlineExceeded.
type AttemptTimeoutError struct {
	After time.Duration
}

// Error implements error.
func (e *AttemptTimeoutError) Error() string {
	return "attempt timed out after " + e.After.String()
}

// Timeout reports true.
func (e *AttemptTimeoutError) Timeout() bool { return true }

// Unwrap returns context.DeadlineExceeded.
func (e *AttemptTimeoutError) Unwrap() error { return context.DeadlineExceeded }

// attemptTimeout bounds one attempt — sending the request and reading the
// response body — without counting the time spent waiting on the Limiter,
// which sits above it.
type attemptTimeout struct {
	next http.RoundTripper
	d    time.Duration
}

func (t *attemptTimeout) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	if dl, ok := parent.Deadline(); ok && time.Until(dl) <= t.d {
		// The caller's deadline comes first; it bounds the attempt.
		return t.next.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(parent, t.d)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		if parent.Err() == nil && ctx.Err() == context.DeadlineExceeded {
			return nil, &AttemptTimeoutError{After: t.d}
		}
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel, ctx: ctx, parent: parent, d: t.d}
	return resp, nil
}

func (t *attemptTimeout) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// cancelBody releases the attempt's timer when the body is closed or fully
// read, and reports a timeout while reading as an *AttemptTimeoutError.
type cancelBody struct {
	io.ReadCloser
	cancel func()
	ctx    context.Context
	parent context.Context
	d      time.Duration
}

func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.cancel()
	} else if err != nil && b.parent.Err() == nil && b.ctx.Err() == context.DeadlineExceeded {
		err = &AttemptTimeoutError{After: b.d}
	}
	return n, err
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
