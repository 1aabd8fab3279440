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
	"github.com/fcsdk/fcsdk/permissions"
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

// TestPermissionCacheExpires: within the TTL the guard refuses without a
// request; after it, the account is read again once, and permissions
// granted meanwhile are seen.
func TestPermissionCacheExpires(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []fincon.Option
		ttl  time.Duration
	}{
		{name: "default ttl", ttl: fincon.DefaultPermissionCacheTTL},
		{name: "WithPermissionCacheTTL", opts: []fincon.Option{fincon.WithPermissionCacheTTL(time.Minute)}, ttl: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &fakeClock{now: time.Unix(1_700_000_000, 0)}
			widened := false
			f := newFake().On("GET /v1/financial_connections/accounts/fca_1", func(int, call) reply {
				perms := []string{"balances"}
				if widened {
					perms = append(perms, "transactions")
				}
				return reply{Status: 200, Body: acct{id: "fca_1", perms: perms}.JSON()}
			})
			f.Always("GET /v1/financial_connections/transactions", list("/v1/financial_connections/transactions"))
			c := setup(t, onFake(f), clientOptions(append([]fincon.Option{fincon.WithClock(clk)}, tt.opts...)...)).c
			ctx := t.Context()
			if _, err := c.GetAccount(ctx, "fca_1"); err != nil {
				t.Fatal(err)
			}
			listErr := func() error {
				for _, err := range c.Transactions(ctx, "fca_1", fincon.TransactionListOptions{}) {
					return err
				}
				return nil
			}
			widened = true // the user linked the account again with more permissions
			f.Reset()
			clk.now = clk.now.Add(tt.ttl - time.Second)
			if err := listErr(); !errors.Is(err, fincon.ErrPermissionNotGranted) {
				t.Fatalf("within the TTL: err = %v, want ErrPermissionNotGranted", err)
			}
			if n := len(f.Calls()); n != 0 {
				t.Errorf("within the TTL: %d requests, want 0", n)
			}
			if _, ok := c.Permissions("fca_1"); !ok {
				t.Errorf("within the TTL: permissions unknown")
			}
			clk.now = clk.now.Add(time.Second)
			if _, ok := c.Permissions("fca_1"); ok {
				t.Errorf("after the TTL: permissions still known")
			}
			if err := listErr(); err != nil {
				t.Fatalf("after the TTL: %v", err)
			}
			calls := f.Calls()
			if len(calls) != 2 || calls[0].Path != "/v1/financial_connections/accounts/fca_1" || calls[1].Path != "/v1/financial_connections/transactions" {
				t.Errorf("after the TTL: requests %v, want the account once, then the transactions", calls)
			}
			if set, ok := c.Permissions("fca_1"); !ok || !set.Has(permissions.Transactions) {
				t.Errorf("permissions = %v, %v; want the widened set", set, ok)
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
