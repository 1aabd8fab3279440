package transport

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Attempt describes one HTTP attempt for Config.Observe. It holds no URL
// query, header value other than the request id, or body, so no secret
// reaches it.
type Attempt struct {
	// N is the attempt number within the call, from 1.
	N int
	// Method is the HTTP method.
	Method string
	// LimiterWait is the time spent waiting on the Limiter before the
	// attempt was sent.
	LimiterWait time.Duration
	// Backoff is the retry wait slept before this attempt (0 for the
	// first).
	Backoff time.Duration
	// Duration is the time from sending the request (after the Limiter)
	// to having its whole body.
	Duration time.Duration
	// Status is the HTTP status, 0 when no response arrived.
	Status int
	// ErrorType and ErrorCode are Stripe's error.type and error.code of an
	// error response ("" otherwise).
	ErrorType, ErrorCode string
	// RequestID is the response's Request-Id header ("" if none).
	RequestID string
	// Retry is the retry class of the outcome (see Classify).
	Retry Class
	// Error describes a transport error without URLs or payloads (see
	// errorKind); "" when a response arrived.
	Error string
}

// callState is the per-call state shared by the layers of one call: the
// attempt counter and the waits before the current attempt. Attempts of
// one call run one after another (retryablehttp's loop), so it needs no
// lock.
type callState struct {
	n           int32
	limiterWait time.Duration
	backoff     time.Duration
}

// numbered starts an attempt: it counts it and clears the previous
// attempt's limiter wait. It is the outermost attempt layer.
type numbered struct {
	next http.RoundTripper
}

func (t *numbered) RoundTrip(req *http.Request) (*http.Response, error) {
	if s := stateOf(req.Context()); s != nil {
		s.n++
		s.limiterWait = 0
	}
	return t.next.RoundTrip(req)
}

func (t *numbered) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

func stateOf(ctx context.Context) *callState {
	s, _ := ctx.Value(attemptKey{}).(*callState)
	return s
}

// observed reports every attempt to fn; it sits where logged does, above
// Limited, so that it sees the Limiter's wait recorded in callState.
type observed struct {
	next http.RoundTripper
	fn   func(context.Context, Attempt)
}

func (t *observed) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	a := Attempt{N: 1, Method: req.Method}
	s := stateOf(ctx)
	if s != nil {
		a.N = int(s.n)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	a.Duration = time.Since(start)
	if s != nil {
		a.Backoff = s.backoff
		a.LimiterWait = s.limiterWait
		a.Duration -= s.limiterWait
	}
	if err != nil {
		a.Error = errorKind(err)
		a.Retry = Classify(nil, err)
	} else {
		a.Status = resp.StatusCode
		a.RequestID = resp.Header.Get("Request-Id")
		if resp.StatusCode >= 400 {
			a.Retry = Classify(resp, nil)
			a.ErrorType, a.ErrorCode = errorFields(resp)
		}
	}
	t.fn(ctx, a)
	return resp, err
}

func (t *observed) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// errorFields returns error.type and error.code of a Stripe error body,
// reading it as ErrorCode does (and leaving it readable).
func errorFields(resp *http.Response) (typ, code string) {
	ErrorCode(resp) // peeks at the body
	rb, ok := resp.Body.(*rereadBody)
	if !ok {
		return "", ""
	}
	var body struct {
		Error struct {
			Type string `json:"type"`
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(rb.peeked, &body) != nil {
		return "", ""
	}
	return body.Error.Type, body.Error.Code
}
