package contract

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

// NewSimEnv returns the stateful environment: a client on the simulator's
// in-memory transport and clock, linking InstitutionSuccess accounts.
func NewSimEnv(sim *fctest.Sim) (*Env, error) {
	c, err := fincon.New("sk_test_contract",
		fincon.WithTransport(sim.Transport()), fincon.WithBaseURL(sim.URL()),
		fincon.WithClock(sim.Clock()), fincon.WithRateLimit(1000, 100))
	if err != nil {
		return nil, err
	}
	return &Env{
		Name: "fctest", Client: c, State: sim,
		Link: func(session string) error {
			_, err := sim.LinkAccounts(session, fctest.InstitutionSuccess)
			return err
		},
		Advance: sim.Clock().Advance,
		Now:     sim.Clock().Now,
	}, nil
}

// NewStripeMockEnv returns the stateless environment: a client on the
// stripe-mock at baseURL, without retries, whose responses go through
// FixtureFiller.
func NewStripeMockEnv(baseURL string) (*Env, error) {
	c, err := fincon.New("sk_test_contract",
		fincon.WithBaseURL(baseURL), fincon.WithTransport(&FixtureFiller{Base: http.DefaultTransport}),
		fincon.WithMaxRetries(0), fincon.WithRateLimit(1000, 100))
	if err != nil {
		return nil, err
	}
	return &Env{Name: "stripe-mock", Client: c, Now: time.Now}, nil
}

// FixtureFiller is a transport that makes stripe-mock's fixed responses
// usable by the client's own checks, without touching the requests (which
// stripe-mock validates against the OpenAPI specification): accounts get all
// four permissions, a usd balance and an ownership id; payment methods become
// US bank accounts linked through Financial Connections.
type FixtureFiller struct {
	// Base sends the requests.
	Base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (f *FixtureFiller) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := f.Base.RoundTrip(req)
	if err != nil || resp.StatusCode >= 300 {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var v any
	if json.Unmarshal(b, &v) == nil {
		fill(v)
		if nb, err := json.Marshal(v); err == nil {
			b = nb
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return resp, nil
}

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
