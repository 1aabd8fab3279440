package fctest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestRealServer drives stripe-go over a loopback socket, with HTTP basic
// auth as curl -u would send it.
func TestRealServer(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	base, stop := sim.Serve()
	t.Cleanup(stop)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base %s", base)
	}
	sc := stripe.NewClient(testKey, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL: stripe.String(base), MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
	cus, err := sc.V1Customers.Create(context.Background(), &stripe.CustomerCreateParams{Email: stripe.String("a@example.com")})
	if err != nil || cus.Email != "a@example.com" || cus.LastResponse.RequestID == "" {
		t.Fatalf("create: %v %+v", err, cus)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/customers/"+cus.ID, nil)
	req.SetBasicAuth(testKey, "")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Request-Id"), "req_") || resp.Header.Get("Stripe-Version") != stripe.APIVersion {
		t.Fatalf("basic auth: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestCanceledContext(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, sim.URL()+"/v1/customers", strings.NewReader(""))
	req.Header.Set("Authorization", "Bearer "+testKey)
	if _, err := sim.Transport().RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if len(sim.Customers()) != 0 || sim.Stats().Requests != 0 {
		t.Fatal("a canceled request reached the simulator")
	}
}
