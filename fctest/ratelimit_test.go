package fctest_test

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

func TestRateLimitSimClock(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t, fctest.WithRateLimit(fctest.RateLimit{Rate: 25, SimClock: true}))
	statuses := map[int]int{}
	var limited rawResp
	for range 30 {
		r := raw(t, sim, http.MethodGet, "/v1/customers/cus_missing", nil)
		statuses[r.status]++
		if r.status == http.StatusTooManyRequests {
			limited = r
		}
	}
	if statuses[404] != 25 || statuses[429] != 5 {
		t.Fatalf("statuses %v, want 25 served and 5 limited", statuses)
	}
	e := limited.apiErr(t)
	if e.Type != stripe.ErrorTypeInvalidRequest || e.Code != stripe.ErrorCodeRateLimit {
		t.Fatalf("429 body: %+v", e)
	}
	if got := limited.header.Get("Retry-After"); got != "1" {
		t.Fatalf("Retry-After = %q", got)
	}
	sim.Clock().Advance(200 * time.Millisecond) // 5 tokens
	for i := range 6 {
		r := raw(t, sim, http.MethodGet, "/v1/customers/cus_missing", nil)
		if want := map[bool]int{true: 404, false: 429}[i < 5]; r.status != want {
			t.Fatalf("after refill, request %d: %d, want %d", i, r.status, want)
		}
	}
	if st := sim.Stats(); st.RateLimited != 6 || st.ByStatus[429] != 6 {
		t.Fatalf("stats: %+v", st)
	}
	sim.SetRateLimit(fctest.RateLimit{})
	if r := raw(t, sim, http.MethodGet, "/v1/customers/cus_missing", nil); r.status != 404 {
		t.Fatalf("limit off: %d", r.status)
	}
}

// TestRateLimitRealTime runs the real-time bucket in a synctest bubble: a
// client pacing itself at the limit is never refused.
func TestRateLimitRealTime(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sim, sc := setup(t, fctest.WithRateLimit(fctest.RateLimit{Rate: 10, Burst: 1, OmitRetryAfter: true}))
		ctx := context.Background()
		for range 20 {
			if _, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		_, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{})
		se := wantErr(t, err, http.StatusTooManyRequests, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeRateLimit)
		if se.LastResponse != nil && se.LastResponse.Header.Get("Retry-After") != "" {
			t.Fatal("Retry-After sent although omitted")
		}
		if st := sim.Stats(); st.RateLimited != 1 || st.Created["customer"] != 21 {
			t.Fatalf("stats %+v", st)
		}
	})
}
