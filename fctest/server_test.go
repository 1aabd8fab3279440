package fctest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	for _, key := range []string{"sk_live_abc", "pk_test_abc", "rk_test_abc", "sk_test_"} {
		_, err := newStripeKey(sim, key).V1Customers.Create(context.Background(), &stripe.CustomerCreateParams{})
		se := wantErr(t, err, http.StatusUnauthorized, "authentication_error", "")
		if strings.Contains(se.Msg, key) {
			t.Fatalf("message echoes the key: %s", se.Msg)
		}
	}
	r := raw(t, sim, http.MethodGet, "/v1/customers/cus_x", nil, "Authorization", "")
	if r.status != http.StatusUnauthorized {
		t.Fatalf("no key: %d", r.status)
	}
	if st := sim.Stats(); st.Unauthorized != 5 || len(sim.Customers()) != 0 {
		t.Fatalf("stats %+v", st)
	}
}
