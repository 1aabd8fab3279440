package fincon_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/fincon"
)

// TestLimiterAndRateLimitExclude: the two options would both set the
// limiter; in either order New refuses them, naming the option given
// second and the earlier one it conflicts with.
func TestLimiterAndRateLimitExclude(t *testing.T) {
	t.Parallel()
	lim := rate.NewLimiter(10, 1)
	tests := []struct {
		name       string
		opts       []fincon.Option
		wantOption string // the option refused: the second one
		wantOther  string // the earlier option named in the reason
	}{
		{name: "limiter first", opts: []fincon.Option{fincon.WithLimiter(lim), fincon.WithRateLimit(5, 1)},
			wantOption: "WithRateLimit", wantOther: "WithLimiter"},
		{name: "rate first", opts: []fincon.Option{fincon.WithRateLimit(5, 1), fincon.WithLimiter(lim)},
			wantOption: "WithLimiter", wantOther: "WithRateLimit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := fincon.New(testKey, tt.opts...)
			var oe *fincon.OptionError
			if c != nil || !errors.Is(err, fincon.ErrInvalidOption) || !errors.As(err, &oe) {
				t.Fatalf("New = %v, %v; want an *OptionError", c, err)
			}
			if oe.Option != tt.wantOption || !strings.Contains(oe.Reason, tt.wantOther) {
				t.Errorf("error = %q (option %q); want option %s, conflicting with %s", err, oe.Option, tt.wantOption, tt.wantOther)
			}
			if !strings.Contains(err.Error(), "invalid option "+tt.wantOption+":") {
				t.Errorf("error = %q, want it to name %s as the invalid option", err, tt.wantOption)
			}
		})
	}
}

// blockingTransport answers nothing until the request's context ends.
type blockingTransport struct{}

func (blockingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// TestHTTPClientWithoutTimeoutKeepsDefault: an http.Client with Timeout 0
// keeps the 80 s per-attempt timeout instead of letting an attempt hang.
func TestHTTPClientWithoutTimeoutKeepsDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		hc   *http.Client
		want time.Duration
	}{
		{name: "Timeout 0", hc: &http.Client{}, want: fincon.DefaultAttemptTimeout},
		{name: "Timeout 5s", hc: &http.Client{Timeout: 5 * time.Second}, want: 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, err := fincon.New(testKey, fincon.WithBaseURL("http://stripe.invalid"), fincon.WithHTTPClient(tt.hc),
					fincon.WithTransport(blockingTransport{}), fincon.WithMaxRetries(0), fincon.WithRateLimit(rate.Inf, 1))
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				_, err = c.GetAccount(context.Background(), "fca_1")
				if err == nil {
					t.Fatal("err = nil, want a timeout")
				}
				if took := time.Since(start); took != tt.want {
					t.Errorf("attempt gave up after %v, want %v", took, tt.want)
				}
				if tt.name == "Timeout 0" && tt.hc.Timeout != 0 {
					t.Errorf("the given client was modified: Timeout %v", tt.hc.Timeout)
				}
			})
		})
	}
}
