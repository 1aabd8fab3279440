package fincon

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// TestWrapErrUnusableAnswers: wrapErr maps stripe-go's errors for answers
// it could not use to typed errors that keep the status and request id and
// drop the body.
func TestWrapErrUnusableAnswers(t *testing.T) {
	body := `{"message":"sk_live_ZZZZZZZZZZZZZZZZZZZZZZ account 000123456789"}`
	tests := []struct {
		name      string
		err       error
		want      error
		status    int
		requestID string
		text      string
	}{
		{"bare body from stripe-go", errors.New(body), ErrMalformedResponse, 0, "",
			"fincon: get account fca_1: malformed response: error status without an error object"},
		{"bare body with status", &answered{status: 400, requestID: "req_1", err: errors.New(body)}, ErrMalformedResponse, 400, "req_1",
			"fincon: get account fca_1: malformed response: error status without an error object (status 400, request req_1)"},
		{"deserialize", fmt.Errorf("Couldn't deserialize JSON (response status: 200, body sample: '%s'): boom", body), ErrDecode, 200, "",
			"fincon: get account fca_1: undecodable response (status 200)"},
		{"deserialize with request id", &answered{status: 201, requestID: "req_2", err: fmt.Errorf("Couldn't deserialize JSON (response status: 201, body sample: '%s'): boom", body)}, ErrDecode, 201, "req_2",
			"fincon: get account fca_1: undecodable response (status 201, request req_2)"},
		{"malformed", &answered{status: 200, requestID: "req_3", err: &ResponseError{Reason: "object without an id"}}, ErrMalformedResponse, 200, "req_3",
			"fincon: get account fca_1: malformed response: object without an id (status 200, request req_3)"},
		{"too large", fmt.Errorf("read: %w", &transport.BodyTooLargeError{Limit: 8 << 20}), ErrResponseTooLarge, 0, "",
			"fincon: get account fca_1: response body larger than 8 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := wrapErr("get account", "fca_1", tt.err)
			var fe *Error
			if !errors.As(err, &fe) || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v (%T), want *Error matching %v", err, err, tt.want)
			}
			if fe.HTTPStatus != tt.status || fe.RequestID != tt.requestID {
				t.Errorf("status, request = %d, %q; want %d, %q", fe.HTTPStatus, fe.RequestID, tt.status, tt.requestID)
			}
			if err.Error() != tt.text {
				t.Errorf("text = %q, want %q", err.Error(), tt.text)
			}
		})
	}
	// A plain error that is not a body stays as it is.
	if err := wrapErr("get account", "fca_1", errors.New("dial tcp: refused")); errors.Is(err, ErrDecode) {
		t.Errorf("plain error mapped to ErrDecode: %v", err)
	}
}

// FuzzCheckAnswer decodes arbitrary JSON as an account and as a list page
// the way stripe-go does and checks them: no panic, and whatever passes has
// an id and the right kind.
func FuzzCheckAnswer(f *testing.F) {
	f.Add(`{"id":"fca_1","object":"financial_connections.account"}`)
	f.Add(`null`)
	f.Add(`{}`)
	f.Add(`{"error":{"type":"api_error"}}`)
	f.Add(`{"id":"fca_1","object":"financial_connections.account","error":null}`)
	f.Add(`{"object":"list","data":[{"id":"fca_1","object":"financial_connections.account"},null]}`)
	f.Add(`{"object":"list","data":[]}`)
	f.Fuzz(func(t *testing.T, s string) {
		raw := []byte(s)
		lr := &stripe.APIResponse{RawJSON: raw, StatusCode: 200}
		var a stripe.FinancialConnectionsAccount
		if json.Unmarshal(raw, &a) == nil {
			a.LastResponse = lr
			if checked(nil, &a) == nil && (a.ID == "" || a.Object != kindAccount || strings.Contains(s, `"error"`) && hasErrorObject(raw)) {
				t.Fatalf("accepted %q", s)
			}
		}
		type page struct {
			stripe.APIResource
			stripe.ListMeta
			Data []*stripe.FinancialConnectionsAccount `json:"data"`
		}
		var p page
		_ = json.Unmarshal(raw, &p)
		p.LastResponse = lr
		if err := checked(nil, &p); err == nil {
			if p.Data == nil {
				t.Fatalf("accepted a page without data: %q", s)
			}
			for _, row := range p.Data {
				if row == nil || row.ID == "" || row.Object != kindAccount {
					t.Fatalf("accepted row %+v of %q", row, s)
				}
			}
		} else if p.Data != nil || p.HasMore {
			t.Fatalf("failed page keeps rows or has_more: %q", s)
		}
	})
}
