package stripemock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// FillFixtures returns a transport that sends requests through next
// (http.DefaultTransport when nil) and makes stripe-mock's fixed responses
// usable by the client's own checks. Requests are never touched, since
// stripe-mock validates them against the OpenAPI specification. In every
// 2xx JSON response body, at any depth:
//
//   - a financial_connections.account gets all four permissions, a current
//     cash balance of 1000 usd (when it has a balance) and the ownership id
//     "fcaowns_mock" (when it has none);
//   - a payment_method becomes a us_bank_account linked through Financial
//     Connections account "fca_mock" (last4 "6789", bank "StripeBank");
//   - a Connect account read back with GET (stripe-mock's fixture is a
//     Standard account) becomes a Custom account, the type whose external
//     accounts a platform manages; a created account keeps the type the
//     request asked for, which stripe-mock echoes.
//
// Other responses (errors, non-JSON bodies) pass through unchanged. The
// returned transport is safe for concurrent use if next is.
func FillFixtures(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return fixtureFiller{next: next}
}

type fixtureFiller struct{ next http.RoundTripper }

func (f fixtureFiller) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := f.next.RoundTrip(req)
	if err != nil || resp.StatusCode < 200 || resp.StatusCode >= 300 || resp.Body == nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var v any
	if json.Unmarshal(b, &v) == nil {
		fill(v)
		if req.Method == http.MethodGet {
			customAccount(v)
		}
		if nb, err := json.Marshal(v); err == nil {
			b = nb
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return resp, nil
}

// fill rewrites the fixtures in a decoded JSON value in place.
func fill(v any) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			fill(e)
		}
	case map[string]any:
		switch x["object"] {
		case "financial_connections.account":
			x["permissions"] = []string{"payment_method", "balances", "ownership", "transactions"}
			if bal, ok := x["balance"].(map[string]any); ok {
				bal["current"] = map[string]any{"usd": 1000}
			}
			if x["ownership"] == nil {
				x["ownership"] = "fcaowns_mock"
			}
		case "payment_method":
			x["type"] = "us_bank_account"
			x["us_bank_account"] = map[string]any{"financial_connections_account": "fca_mock", "last4": "6789", "bank_name": "StripeBank"}
		}
		for _, e := range x {
			fill(e)
		}
	}
}

// customAccount makes a top-level Standard account object a Custom one.
func customAccount(v any) {
	if x, ok := v.(map[string]any); ok && x["object"] == "account" && x["type"] == "standard" {
		x["type"] = "custom"
	}
}
