package fincon_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fincon"
)

// TestRetryWaitLongerThanTimeLeft is issue 10 §3: GetAccount under a 2 s
// deadline while every attempt gets 503 (with a request id). When the next
// wait (the server's Retry-After, or the backoff) would outlast the
// deadline, the call returns at once with the last attempt's error, which
// matches both context.DeadlineExceeded and *fincon.Error. The latency is
// measured in fake time; before the change both cases slept until the
// deadline (2 s) and returned a bare context deadline exceeded.
func TestRetryWaitLongerThanTimeLeft(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
		maxLatency time.Duration
	}{
		{"Retry-After beyond the deadline", "5", 0},
		{"backoff beyond the time left", "", 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				f := newFake()
				attempts := 0
				f.On("GET /v1/financial_connections/accounts/fca_1", func(n int, _ call) reply {
					attempts++
					h := map[string]string{"Request-Id": "req_503_" + string(rune('a'+n))}
					if tt.retryAfter != "" {
						h["Retry-After"] = tt.retryAfter
					}
					return reply{Status: http.StatusServiceUnavailable, Body: stripeErr("api_error", "", "", "Service unavailable"), Header: h}
				})
				c := setup(t, onFake(f), clientOptions(fincon.WithRetryWait(500*time.Millisecond, 8*time.Second), fincon.WithMaxRetries(10))).c
				ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
				defer cancel()
				start := time.Now()
				_, err := c.GetAccount(ctx, "fca_1")
				latency := time.Since(start)
				t.Logf("%s: returned after %v (fake time), %d attempts: %v", tt.name, latency, attempts, err)
				var fe *fincon.Error
				if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &fe) {
					t.Fatalf("err = %v, want both context.DeadlineExceeded and *fincon.Error", err)
				}
				want := "req_503_" + string(rune('a'+attempts-1))
				if fe.HTTPStatus != http.StatusServiceUnavailable || fe.Type != "api_error" || fe.RequestID != want {
					t.Errorf("status %d, type %q, request %q; want 503 api_error and the last attempt's %s", fe.HTTPStatus, fe.Type, fe.RequestID, want)
				}
				var se *stripe.Error
				if !errors.As(err, &se) || se.RequestID != want {
					t.Errorf("no *stripe.Error of the last attempt in %v", err)
				}
				if latency > tt.maxLatency || latency >= 2*time.Second {
					t.Errorf("returned after %v, want at most %v and before the deadline", latency, tt.maxLatency)
				}
				if !strings.Contains(err.Error(), "context deadline") {
					t.Errorf("err text %q does not say the deadline stopped the retries", err)
				}
			})
		})
	}
}
