package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func TestQuickstartObservability(t *testing.T) {
	t.Parallel()
	const key = "sk_test_observability_0123456789"
	rec := &recorder{}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, out := runQuickstart(t, config{
		APIKey: key, Simulator: true, Logger: logger,
		WrapTransport: func(rt http.RoundTripper) http.RoundTripper { rec.next = rt; return rec },
	})
	if len(rec.reqs) < 30 {
		t.Fatalf("recorded %d requests, want the whole flow", len(rec.reqs))
	}
	var secret string
	for i, req := range rec.reqs {
		if got := req.Header.Get("Authorization"); got != "Bearer "+key {
			t.Fatalf("request %d: Authorization %q", i, got)
		}
		if req.URL.Host != "fctest.invalid" {
			t.Errorf("request %d went to %s", i, req.URL.Host)
		}
		if m := clientSecretRE.FindStringSubmatch(rec.bodies[i]); m != nil && secret == "" {
			secret = m[1]
		}
	}
	if logs.Len() == 0 || !strings.Contains(logs.String(), "quickstart: session created") {
		t.Fatalf("no debug log of the flow:\n%s", logs.String())
	}
	for name, text := range map[string]string{"log": logs.String(), "output": out} {
		if strings.Contains(text, key) || strings.Contains(text, key[len("sk_test_"):]) {
			t.Errorf("%s contains the api key", name)
		}
		if secret != "" && strings.Contains(text, secret) {
			t.Errorf("%s contains the client secret", name)
		}
	}
	if secret == "" {
		t.Error("no client_secret seen in a response body")
	}
}
