package stripemock_test

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/internal/stripefake"
	"github.com/fcsdk/fcsdk/internal/stripemock"
)

// answer is an in-memory transport that answers every request with status
// and body.
func answer(status int, body string) http.RoundTripper {
	return stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Length": {"1"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})
}

func TestFillFixtures(t *testing.T) {
	errDown := errors.New("down")
	tests := []struct {
		name   string
		next   http.RoundTripper
		want   string
		err    error
		status int
	}{
		{
			name: "account",
			next: answer(200, `{"object":"financial_connections.account","id":"fca_1","permissions":["balances"],"balance":{"current":{}},"ownership":null}`),
			want: `{"balance":{"current":{"usd":1000}},"id":"fca_1","object":"financial_connections.account","ownership":"fcaowns_mock","permissions":["payment_method","balances","ownership","transactions"]}`,
		},
		{
			name: "account keeps its ownership, has no balance",
			next: answer(200, `{"object":"financial_connections.account","ownership":"fcaowns_1","balance":null}`),
			want: `{"balance":null,"object":"financial_connections.account","ownership":"fcaowns_1","permissions":["payment_method","balances","ownership","transactions"]}`,
		},
		{
			name: "nested payment method in a list",
			next: answer(200, `{"object":"list","data":[{"object":"payment_intent","payment_method":{"object":"payment_method","type":"card"}}]}`),
			want: `{"data":[{"object":"payment_intent","payment_method":{"object":"payment_method","type":"us_bank_account","us_bank_account":{"bank_name":"StripeBank","financial_connections_account":"fca_mock","last4":"6789"}}}],"object":"list"}`,
		},
		{
			name:   "error response unchanged",
			next:   answer(400, `{"object":"financial_connections.account"}`),
			want:   `{"object":"financial_connections.account"}`,
			status: 400,
		},
		{
			name: "not JSON unchanged",
			next: answer(200, `<html>`),
			want: `<html>`,
		},
		{
			name: "transport error",
			next: stripefake.RoundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errDown }),
			err:  errDown,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", "http://stripemock.invalid/v1/x", nil)
			resp, err := stripemock.FillFixtures(tt.next).RoundTrip(req)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			b, _ := io.ReadAll(resp.Body)
			if string(b) != tt.want {
				t.Errorf("body = %s\nwant   %s", b, tt.want)
			}
			if want := max(tt.status, 200); resp.StatusCode != want {
				t.Errorf("status = %d, want %d", resp.StatusCode, want)
			}
			if tt.status == 0 && (resp.ContentLength != int64(len(b)) || resp.Header.Get("Content-Length") != strconv.Itoa(len(b))) {
				t.Errorf("length = %d / %q, want %d", resp.ContentLength, resp.Header.Get("Content-Length"), len(b))
			}
		})
	}
}
