package transport_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// stripeResponse builds a response as Stripe sends it.
func stripeResponse(status int, header map[string]string, body string) *http.Response {
	h := http.Header{}
	for k, v := range header {
		h.Set(k, v)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

// ExampleClassify shows Stripe's retry rules applied to typical responses,
// and that Classify leaves the body readable for stripe-go's decoder.
func ExampleClassify() {
	tests := []struct {
		name string
		resp *http.Response
	}{
		{"200 OK", stripeResponse(200, nil, `{"id":"fca_1"}`)},
		{"400 invalid request", stripeResponse(400, nil, `{"error":{"type":"invalid_request_error","code":"parameter_unknown"}}`)},
		{"409 idempotency key in use", stripeResponse(409, nil, `{"error":{"code":"idempotency_key_in_use"}}`)},
		{"429 lock_timeout", stripeResponse(429, nil, `{"error":{"code":"lock_timeout"}}`)},
		{"429 rate_limit", stripeResponse(429, nil, `{"error":{"code":"rate_limit"}}`)},
		{"500 with Stripe-Should-Retry: false", stripeResponse(500, map[string]string{"Stripe-Should-Retry": "false"}, `{}`)},
		{"501 not implemented", stripeResponse(501, nil, `{}`)},
		{"503 unavailable", stripeResponse(503, nil, `{}`)},
	}
	for _, tt := range tests {
		fmt.Printf("%-36s %s\n", tt.name, transport.Classify(tt.resp, nil))
	}

	resp := stripeResponse(429, nil, `{"error":{"code":"rate_limit"}}`)
	fmt.Println("error code:", transport.ErrorCode(resp))
	body, _ := io.ReadAll(resp.Body)
	fmt.Println("body still readable:", string(body))
	// Output:
	// 200 OK                               no_retry
	// 400 invalid request                  no_retry
	// 409 idempotency key in use           transient
	// 429 lock_timeout                     transient
	// 429 rate_limit                       rate_limited
	// 500 with Stripe-Should-Retry: false  no_retry
	// 501 not implemented                  no_retry
	// 503 unavailable                      transient
	// error code: rate_limit
	// body still readable: {"error":{"code":"rate_limit"}}
}

// ExampleRetryAfter parses the Retry-After header, which Backoff honours
// (capped at a minute) before its own exponential delay.
func ExampleRetryAfter() {
	for _, v := range []string{"2", "0", "-1", "soon", "999999"} {
		d, ok := transport.RetryAfter(stripeResponse(429, map[string]string{"Retry-After": v}, ""))
		fmt.Printf("Retry-After: %-7q %v %v\n", v, d, ok)
	}
	_, ok := transport.RetryAfter(stripeResponse(429, nil, ""))
	fmt.Println("no header:", ok)
	// Output:
	// Retry-After: "2"     2s true
	// Retry-After: "0"     0s true
	// Retry-After: "-1"    0s false
	// Retry-After: "soon"  0s false
	// Retry-After: "999999" 24h0m0s true
	// no header: false
}
