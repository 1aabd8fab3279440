package main

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// clientSecretRE finds the client secrets in a response body.
var clientSecretRE = regexp.MustCompile(`"client_secret":\s*"([^"]+)"`)

// recorder is a transport wrapper that records every exchange: the
// requests and, at the same index, the response bodies ("" when the
// attempt failed).
type recorder struct {
	next   http.RoundTripper
	mu     sync.Mutex
	reqs   []*http.Request
	bodies []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
	if err != nil || resp.Body == nil {
		r.bodies = append(r.bodies, "")
		return resp, err
	}
	b, rerr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if rerr != nil {
		r.bodies = append(r.bodies, "")
		return nil, rerr
	}
	r.bodies = append(r.bodies, string(b))
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func TestQuickstartRefusesKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key       string
		simulator bool
		want      error
	}{
		{key: "sk_live_abcdef0123456789", want: errLiveKey},
		{key: "rk_live_abcdef0123456789", want: errLiveKey},
		{key: "sk_live_abcdef0123456789", simulator: true, want: errLiveKey},
		{key: "pk_test_abcdef0123456789", want: errPublishableKey},
		{key: "sk_test_", want: errInvalidKey},
		{key: "whsec_abcdef0123456789", want: errInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.key[:8], func(t *testing.T) {
			rt := roundTripFunc(func(*http.Request) (*http.Response, error) {
				t.Error("a request was sent")
				return nil, errors.New("no")
			})
			var out bytes.Buffer
			_, err := quickstart(t.Context(), config{Out: &out, APIKey: tt.key, Simulator: tt.simulator, Transport: rt})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tail := tt.key[8:]; tail != "" && (strings.Contains(err.Error(), tail) || strings.Contains(out.String(), tail)) {
				t.Errorf("key leaked: %v / %s", err, out.String())
			}
		})
	}
}

func TestCheckKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want error
	}{
		{"sk_test_123", nil},
		{"rk_test_123", nil},
		{"sk_live_123", errLiveKey},
		{"rk_live_123", errLiveKey},
		{"", errInvalidKey},
		{"sk_123", errInvalidKey},
		{"pk_test_123", errPublishableKey},
		{"pk_live_123", errPublishableKey},
	}
	for _, tt := range tests {
		if err := checkKey(tt.key); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("CheckKey(%q) = %v, want %v", tt.key, err, tt.want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
