package transport

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/stripe/stripe-go/v82"
)

// errorBodies turns the last response of a call into a typed error when it
// has an error status and its body is not Stripe's error object: invalid
// JSON (an HTML page from a proxy) is ErrUndecodable, JSON without an
// "error" object is a *MalformedError (ReasonNoErrorObject). Both arrive in
// an *AnsweredError that keeps the status and request id, and never quote
// the body. Other responses pass unchanged (an error body is buffered; the
// transport caps its size). New puts it at the top of the stack, above the
// retry layer (see the package documentation).
type errorBodies struct {
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t errorBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	status, requestID := resp.StatusCode, resp.Header.Get("Request-Id")
	// The shape stripe-go decodes error bodies into.
	var env struct {
		Error *stripe.Error `json:"error"`
	}
	switch {
	case json.Unmarshal(body, &env) != nil:
		return nil, &AnsweredError{Status: status, RequestID: requestID, Err: ErrUndecodable}
	case env.Error == nil:
		return nil, &AnsweredError{Status: status, RequestID: requestID, Err: &MalformedError{Reason: ReasonNoErrorObject}}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// CloseIdleConnections forwards to the next transport.
func (t errorBodies) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}
