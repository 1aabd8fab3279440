package transport

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/internal/stripefake"
)

// TestErrorBodies: an error status whose body is not Stripe's error object
// becomes a typed error with the status and request id that does not quote
// the body; other responses pass with their body intact.
func TestErrorBodies(t *testing.T) {
	t.Parallel()
	const leak = "000123456789"
	tests := []struct {
		name     string
		status   int
		body     string
		want     error  // nil: the response passes
		reason   string // of a *MalformedError
		passBody bool
	}{
		{"HTML", 502, "<html>" + leak + "</html>", ErrUndecodable, "", false},
		{"JSON without error", 400, `{"message":"` + leak + `"}`, nil, ReasonNoErrorObject, false},
		{"error null", 400, `{"error":null}`, nil, ReasonNoErrorObject, false},
		{"Stripe error", 402, `{"error":{"type":"card_error","message":"` + leak + `"}}`, nil, "", true},
		{"success", 200, `{"id":"fca_1"}`, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := stripefake.RoundTripFunc(func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: tt.status, Header: http.Header{"Request-Id": {"req_1"}}, Body: io.NopCloser(strings.NewReader(tt.body))}, nil
			})
			req, _ := http.NewRequest(http.MethodGet, "http://stripe.invalid/v1/x", nil)
			resp, err := errorBodies{next: next}.RoundTrip(req)
			if tt.passBody {
				if err != nil {
					t.Fatalf("err = %v, want the response", err)
				}
				b, _ := io.ReadAll(resp.Body)
				if string(b) != tt.body || resp.StatusCode != tt.status {
					t.Errorf("response %d %q, want %d %q", resp.StatusCode, b, tt.status, tt.body)
				}
				return
			}
			var ae *AnsweredError
			if !errors.As(err, &ae) || ae.Status != tt.status || ae.RequestID != "req_1" {
				t.Fatalf("err = %v (%T), want *AnsweredError with status %d and req_1", err, err, tt.status)
			}
			var me *MalformedError
			switch {
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("err = %v, want %v", err, tt.want)
			case tt.reason != "" && (!errors.As(err, &me) || me.Reason != tt.reason):
				t.Errorf("err = %v, want a *MalformedError %q", err, tt.reason)
			}
			if strings.Contains(err.Error(), leak) {
				t.Errorf("error text quotes the body: %v", err)
			}
		})
	}
}
