package fincon

import (
	"errors"
	"fmt"
	"testing"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// TestWrapErrUnusableAnswers: wrapErr maps stripe-go's errors for answers
// it could not use to typed errors that keep the status and request id and
// drop the body.
func TestWrapErrUnusableAnswers(t *testing.T) {
	t.Parallel()
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
		{"bare body with status", &transport.AnsweredError{Status: 400, RequestID: "req_1", Err: errors.New(body)}, ErrMalformedResponse, 400, "req_1",
			"fincon: get account fca_1: malformed response: error status without an error object (status 400, request req_1)"},
		{"deserialize", fmt.Errorf("Couldn't deserialize JSON (response status: 200, body sample: '%s'): boom", body), ErrDecode, 200, "",
			"fincon: get account fca_1: undecodable response (status 200)"},
		{"deserialize with request id", &transport.AnsweredError{Status: 201, RequestID: "req_2", Err: fmt.Errorf("Couldn't deserialize JSON (response status: 201, body sample: '%s'): boom", body)}, ErrDecode, 201, "req_2",
			"fincon: get account fca_1: undecodable response (status 201, request req_2)"},
		{"malformed", &transport.AnsweredError{Status: 200, RequestID: "req_3", Err: &transport.MalformedError{Reason: "object without an id"}}, ErrMalformedResponse, 200, "req_3",
			"fincon: get account fca_1: malformed response: object without an id (status 200, request req_3)"},
		{"error status not JSON", &transport.AnsweredError{Status: 502, RequestID: "req_4", Err: transport.ErrUndecodable}, ErrDecode, 502, "req_4",
			"fincon: get account fca_1: undecodable response (status 502, request req_4)"},
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
