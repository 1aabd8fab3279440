package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
)

// asStripe makes the simulator's answers look like Stripe's: without
// fctest.ClockHeader, which would make a client without the simulator's
// clock refuse them (fincon.ErrSimulatorClock), as the test-mode client
// here has none.
type asStripe struct{ next http.RoundTripper }

func (t asStripe) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil {
		resp.Header.Del(fctest.ClockHeader)
	}
	return resp, err
}

// TestQuickstartStripeTestMode runs the server-side half with the default base URL
// and a test key, served by the simulator's in-memory transport (which
// answers whatever the host), so nothing reaches the network.
func TestQuickstartStripeTestMode(t *testing.T) {
	t.Parallel()
	const key = "sk_test_stripe_mode_0123456789"
	sim, err := fctest.New()
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	var out, logs bytes.Buffer
	sum, err := quickstart(t.Context(), config{
		Out: &out, APIKey: key, Transport: asStripe{sim.Transport()},
		Logger:        slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		WrapTransport: func(rt http.RoundTripper) http.RoundTripper { rec.next = rt; return rec },
	})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if sum.Mode != modeStripeTest || !strings.HasPrefix(sum.Customer, "cus_") || !strings.HasPrefix(sum.Session, "fcsess_") {
		t.Errorf("summary = %+v", sum)
	}
	if len(rec.reqs) != 2 {
		t.Fatalf("%d requests, want 2 (customer, session)", len(rec.reqs))
	}
	for _, req := range rec.reqs {
		if req.URL.Scheme != "https" || req.URL.Host != "api.stripe.com" {
			t.Errorf("request to %s://%s, want https://api.stripe.com", req.URL.Scheme, req.URL.Host)
		}
		if req.Header.Get("Authorization") != "Bearer "+key {
			t.Errorf("Authorization header not the key")
		}
	}
	var secret string
	for _, b := range rec.bodies {
		if m := clientSecretRE.FindStringSubmatch(b); m != nil {
			secret = m[1]
		}
	}
	if secret == "" {
		t.Fatal("no client secret in the session response")
	}
	for name, text := range map[string]string{"output": out.String(), "log": logs.String()} {
		if strings.Contains(text, secret) || strings.Contains(text, key) {
			t.Errorf("%s leaks the key or the client secret:\n%s", name, text)
		}
	}
	for _, want := range []string{"Stripe test mode", sum.Session, redactSecret(secret), "collectFinancialConnectionsAccounts"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRedactSecret(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"fcsess_client_secret_abcdef", "fcsess_client_secret_…"},
		{"pi_123_secret_abc", "pi_123_secret_…"},
		{"opaque", "[redacted]"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := redactSecret(tt.in); got != tt.want {
			t.Errorf("RedactSecret(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
