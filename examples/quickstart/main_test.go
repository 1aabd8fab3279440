package main

import (
	"bytes"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
)

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		key        string
		code       int
		stdout     string // substring expected on stdout
		stderr     string // substring expected on stderr
		notInPrint string // must appear in neither
	}{
		{name: "simulator", code: 0, stdout: "Done: 3 of 4 accounts eligible, 1 debit(s) succeeded, 1 returned"},
		{name: "verbose logs requests", args: []string{"-v"}, code: 0, stdout: "Done:", stderr: "/v1/financial_connections/sessions"},
		{name: "other seed", args: []string{"-seed", "7"}, code: 0, stdout: "seed 7"},
		{name: "live key refused", key: "sk_live_secret123", code: 1, stderr: "refusing a live-mode api key", notInPrint: "secret123"},
		{name: "publishable key refused", key: "pk_test_secret123", code: 1, stderr: "publishable key (pk_…)", notInPrint: "secret123"},
		{name: "publishable key says where the secret key is", key: "pk_test_secret123", code: 1, stderr: "API keys → Secret key", notInPrint: "secret123"},
		{name: "seed with a key", args: []string{"-seed", "7"}, key: "sk_test_secret123", code: 2, stderr: "-seed seeds the embedded simulator", notInPrint: "secret123"},
		{name: "bad flag", args: []string{"-nope"}, code: 2, stderr: "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(t.Context(), tt.args, tt.key, &out, &errOut); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out.String(), errOut.String())
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out.String())
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut.String())
			}
			if tt.notInPrint != "" && strings.Contains(out.String()+errOut.String(), tt.notInPrint) {
				t.Errorf("the key was printed")
			}
		})
	}
}

// TestNoNetworkErrorPrintedOnce: with a key and no network, the DNS
// failure is printed once (issue 10 §8), and -v names it.
func TestNoNetworkErrorPrintedOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var out, logs bytes.Buffer
		cfg := config{Out: &out, APIKey: "sk_test_51NoNetwork", BaseURL: "http://api.stripe.invalid",
			Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Name: r.URL.Hostname(), Err: "no such host", IsNotFound: true}}
			}),
			Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
		_, err := quickstart(t.Context(), cfg)
		if err == nil {
			t.Fatal("no error without a network")
		}
		// What run prints: stdout, then the error once on stderr.
		printed := out.String() + "quickstart: " + err.Error() + "\n"
		if n := strings.Count(printed, "no such host"); n != 1 {
			t.Errorf("the DNS failure is printed %d times, want once:\n%s", n, printed)
		}
		if !strings.Contains(logs.String(), "dns lookup of api.stripe.invalid failed: no such host") {
			t.Errorf("-v does not name the DNS failure:\n%s", logs.String())
		}
	})
}
