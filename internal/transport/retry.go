package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// BodyReadError is an attempt whose response arrived but whose body could
// not be read to its end: cut short (unexpected EOF), reset, or timed out
// while reading. Like a connection error it is retried, with the request
// unchanged — the same Idempotency-Key on a POST, so that Stripe replays
// the answer of a create it already committed
// (https://docs.stripe.com/api/idempotent_requests). When every attempt
// fails it is the call's error and keeps the last attempt's status and
// request id. A body over Config.MaxBodyBytes (a *BodyTooLargeError
// inside) is not retried.
type BodyReadError struct {
	// Status is the response's HTTP status code.
	Status int
	// RequestID is the response's Request-Id header ("" if none).
	RequestID string
	// Err is the read error; Unwrap returns it.
	Err error
}

// Error implements error.
func (e *BodyReadError) Error() string {
	return "response body of status " + strconv.Itoa(e.Status) + " not read to its end: " + e.Err.Error()
}

// Unwrap returns the read error.
func (e *BodyReadError) Unwrap() error { return e.Err }

// buffered reads every response body of next whole, inside the attempt,
// so that a body that breaks is an attempt error the retry layer sees,
// not an error the caller meets after the retries are over. stripe-go
// buffers every body anyway; the size is bounded by capped below.
type buffered struct {
	next http.RoundTripper
}

func (t *buffered) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.Body == nil || resp.Body == http.NoBody {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, &BodyReadError{Status: resp.StatusCode, RequestID: resp.Header.Get("Request-Id"), Err: err}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

func (t *buffered) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// StoppedError is the error of a call that stopped retrying because of
// its context, while its last attempt was one to retry:
//
//   - the next wait (the backoff, or the server's Retry-After) would
//     outlast the context's deadline: the call returns at once instead of
//     sleeping into the deadline (Cause is context.DeadlineExceeded, Wait
//     the wait it did not start) — as the Limiter refuses a wait that
//     would outlast the deadline;
//   - the context ended after the attempt and before the wait (Cause is
//     the context's error).
//
// It matches Cause (errors.Is) and keeps the last attempt's outcome: its
// status, request id and (bounded) body when a response arrived, or its
// error otherwise.
type StoppedError struct {
	// Cause is context.DeadlineExceeded or context.Canceled.
	Cause error
	// Wait is the wait that would have outlasted the deadline (0 when the
	// context had already ended).
	Wait time.Duration
	// Status, RequestID and Body are the last attempt's response (Status 0
	// when it failed without one). Body holds at most 64 KiB.
	Status    int
	RequestID string
	Body      []byte
	// Err is the last attempt's error, when it had no response.
	Err error
}

// Error implements error.
func (e *StoppedError) Error() string {
	s := e.Cause.Error()
	if e.Wait > 0 {
		s += ": the next retry (in " + e.Wait.Round(time.Millisecond).String() + ") would pass the deadline"
	} else {
		s += " before the next retry"
	}
	switch {
	case e.Err != nil:
		s += "; last attempt: " + e.Err.Error()
	case e.Status != 0:
		s += "; last attempt: status " + strconv.Itoa(e.Status)
	}
	return s
}

// Unwrap returns Cause and the last attempt's error.
func (e *StoppedError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Cause}
	}
	return []error{e.Cause, e.Err}
}

// retrying is the retry layer: go-retryablehttp with CheckRetry and
// Backoff bound to one call, so that the wait is drawn before it is slept
// and a wait longer than the time left ends the call with the last
// attempt's outcome (a *StoppedError) — as the Limiter already refuses a
// wait that would outlast the deadline.
type retrying struct {
	template *retryablehttp.Client
}

func (t *retrying) RoundTrip(req *http.Request) (*http.Response, error) {
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, err
	}
	call := &callRetry{waitMin: t.template.RetryWaitMin, waitMax: t.template.RetryWaitMax, retryMax: t.template.RetryMax}
	rc := &retryablehttp.Client{
		HTTPClient:   t.template.HTTPClient,
		RetryWaitMin: t.template.RetryWaitMin,
		RetryWaitMax: t.template.RetryWaitMax,
		RetryMax:     t.template.RetryMax,
		CheckRetry:   call.checkRetry,
		Backoff:      call.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	resp, err := rc.Do(rreq)
	var ue *url.Error
	if errors.As(err, &ue) && err == error(ue) {
		// As retryablehttp.RoundTripper: http.Client.Do's *url.Error would
		// be nested again by the caller's http.Client.
		err = ue.Err
	}
	if !call.cut {
		return resp, err
	}
	de := &StoppedError{Cause: call.cause, Wait: call.wait, Err: err}
	if resp != nil {
		de.Status, de.RequestID = resp.StatusCode, resp.Header.Get("Request-Id")
		de.Body, _ = io.ReadAll(io.LimitReader(resp.Body, maxPeek))
		_ = resp.Body.Close()
	}
	return nil, de
}

func (t *retrying) CloseIdleConnections() {
	t.template.HTTPClient.CloseIdleConnections()
}

// callRetry is the retry state of one call.
type callRetry struct {
	waitMin, waitMax time.Duration
	retryMax         int
	attempts         int
	wait             time.Duration // the next wait, drawn by checkRetry
	cut              bool          // stopped by the context, see StoppedError
	cause            error         // why: the context's error or DeadlineExceeded
}

// checkRetry is CheckRetry, plus: it draws the wait before the next
// attempt and stops when that wait would outlast ctx's deadline.
func (c *callRetry) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	i := c.attempts
	c.attempts++
	if cause := ctx.Err(); cause != nil && err == nil && Classify(resp, nil) != NoRetry {
		// A response to retry, and no time to: keep it with the cause.
		c.cut, c.cause, c.wait = true, cause, 0
		return false, nil
	}
	retry, cerr := CheckRetry(ctx, resp, err)
	if !retry || cerr != nil || i >= c.retryMax {
		return retry, cerr // no retry, or retryablehttp stops at RetryMax
	}
	c.wait = Backoff(c.waitMin, c.waitMax, i, resp)
	if s := stateOf(ctx); s != nil {
		s.backoff = c.wait // what the next attempt waited
	}
	if dl, ok := ctx.Deadline(); ok && c.wait >= time.Until(dl) {
		c.cut, c.cause = true, context.DeadlineExceeded
		return false, nil
	}
	return true, nil
}

// backoff returns the wait checkRetry drew.
func (c *callRetry) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return c.wait
}
