package fctest_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

func TestIdempotencyRules(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	form := piForm(cus, ids[0], "1500")
	key := []string{"Idempotency-Key", "order-42"}

	first := raw(t, sim, http.MethodPost, "/v1/payment_intents", form, key...)
	if first.status != http.StatusOK || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %q", first.status, first.header.Get("Idempotent-Replayed"))
	}

	t.Run("same key same params replays", func(t *testing.T) {
		again := raw(t, sim, http.MethodPost, "/v1/payment_intents", form, key...)
		if again.status != http.StatusOK || again.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %d %q", again.status, again.header.Get("Idempotent-Replayed"))
		}
		if string(again.body) != string(first.body) {
			t.Fatalf("replayed body differs")
		}
		if again.header.Get("Request-Id") == first.header.Get("Request-Id") || again.header.Get("Original-Request") != first.header.Get("Request-Id") {
			t.Fatalf("request ids: first %s, replay %s original %s", first.header.Get("Request-Id"), again.header.Get("Request-Id"), again.header.Get("Original-Request"))
		}
	})
	t.Run("same key other params is idempotency_error", func(t *testing.T) {
		other := piForm(cus, ids[0], "1600")
		r := raw(t, sim, http.MethodPost, "/v1/payment_intents", other, key...)
		if e := r.apiErr(t); r.status != http.StatusBadRequest || e.Type != stripe.ErrorTypeIdempotency {
			t.Fatalf("got %d %+v", r.status, e)
		}
	})
	t.Run("same key other endpoint is idempotency_error", func(t *testing.T) {
		r := raw(t, sim, http.MethodPost, "/v1/customers", url.Values{}, key...)
		if e := r.apiErr(t); r.status != http.StatusBadRequest || e.Type != stripe.ErrorTypeIdempotency {
			t.Fatalf("got %d %+v", r.status, e)
		}
	})
	t.Run("keys are scoped to the api key", func(t *testing.T) {
		r := raw(t, sim, http.MethodPost, "/v1/payment_intents", form, "Idempotency-Key", "order-42", "Authorization", "Bearer sk_test_other")
		if r.status != http.StatusOK || r.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("got %d replayed=%q", r.status, r.header.Get("Idempotent-Replayed"))
		}
	})
	t.Run("validation failures are not stored", func(t *testing.T) {
		bad := piForm(cus, ids[0], "10") // below the minimum
		r := raw(t, sim, http.MethodPost, "/v1/payment_intents", bad, "Idempotency-Key", "k-bad")
		if e := r.apiErr(t); e.Code != stripe.ErrorCodeAmountTooSmall {
			t.Fatalf("got %+v", e)
		}
		r = raw(t, sim, http.MethodPost, "/v1/payment_intents", form, "Idempotency-Key", "k-bad")
		if r.status != http.StatusOK {
			t.Fatalf("corrected retry: %d %s", r.status, r.body)
		}
	})
	t.Run("key longer than 255 characters", func(t *testing.T) {
		long := make([]byte, 256)
		for i := range long {
			long[i] = 'k'
		}
		r := raw(t, sim, http.MethodPost, "/v1/customers", url.Values{}, "Idempotency-Key", string(long))
		if r.status != http.StatusBadRequest {
			t.Fatalf("got %d", r.status)
		}
	})
	t.Run("keys expire after 24h", func(t *testing.T) {
		sim.Clock().Advance(fctest.IdempotencyKeyTTL)
		r := raw(t, sim, http.MethodPost, "/v1/payment_intents", form, key...)
		if r.status != http.StatusOK || r.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("after TTL: %d replayed=%q", r.status, r.header.Get("Idempotent-Replayed"))
		}
	})
	st := sim.Stats()
	if st.IdempotentReplays != 1 || st.IdempotencyErrors != 2 {
		t.Fatalf("stats: %+v", st)
	}
	if n := len(sim.PaymentIntents()); n != 4 {
		t.Fatalf("payment intents = %d, want 4", n)
	}
}

// TestStripeGoKeyReplay drives the rule through stripe-go: a call with a
// caller-chosen key, repeated, yields one PaymentIntent.
func TestStripeGoKeyReplay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	var got []string
	for range 3 {
		p := piParams(cus, ids[0], 2000)
		p.SetIdempotencyKey("order-7")
		pi, err := sc.V1PaymentIntents.Create(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, pi.ID)
		if len(got) > 1 && pi.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("call %d not replayed", len(got))
		}
	}
	if got[0] != got[1] || got[1] != got[2] || len(sim.PaymentIntents()) != 1 {
		t.Fatalf("ids %v, intents %d", got, len(sim.PaymentIntents()))
	}
	p := piParams(cus, ids[0], 2001)
	p.SetIdempotencyKey("order-7")
	_, err := sc.V1PaymentIntents.Create(ctx, p)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeIdempotency, "")
	_ = time.Second
}
