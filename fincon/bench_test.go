package fincon_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// benchServer is a local HTTP server answering account reads, shared by
// both sides of the comparison.
func benchServer(b *testing.B) *httptest.Server {
	f := newFake().Always("GET /v1/financial_connections/accounts/fca_1", acct{id: "fca_1", perms: []string{"balances"}, balance: true}.JSON())
	srv := httptest.NewServer(f)
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGetAccount compares an account read through fincon (limiter,
// retry layer, conversion to *fincon.Account) with the same read through
// bare stripe-go, against the same local server. The limiter is in the path
// but set high enough (1e9/s) never to block, so the figure is the stack's
// overhead, not the rate limit.
//
//	go test -run '^$' -bench GetAccount -count 6 ./fincon | benchstat -col /client -
func BenchmarkGetAccount(b *testing.B) {
	srv := benchServer(b)
	benchGetAccount(b, srv.URL, http.DefaultTransport.(*http.Transport).Clone())
}

// BenchmarkGetAccountInMemory is BenchmarkGetAccount over an in-memory
// transport (no sockets): the CPU cost of the stack without network jitter.
func BenchmarkGetAccountInMemory(b *testing.B) {
	f := newFake().Always("GET /v1/financial_connections/accounts/fca_1", acct{id: "fca_1", perms: []string{"balances"}, balance: true}.JSON())
	benchGetAccount(b, "http://stripe.invalid", f)
}

func benchGetAccount(b *testing.B, url string, rt http.RoundTripper) {
	b.Run("client=stripe-go", func(b *testing.B) {
		sc := stripe.NewClient("sk_test_123", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
			HTTPClient:        &http.Client{Transport: rt},
			URL:               stripe.String(url),
			MaxNetworkRetries: stripe.Int64(0),
			LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		})))
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sc.V1FinancialConnectionsAccounts.GetByID(ctx, "fca_1", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client=fincon", func(b *testing.B) {
		c, err := fincon.New("sk_test_123", fincon.WithBaseURL(url), fincon.WithTransport(rt), fincon.WithRateLimit(rate.Limit(1e9), 1<<20))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.GetAccount(ctx, "fca_1"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPaymentIntent creates ACH debits on the simulator, with the
// account read by CreatePaymentIntent itself (two requests per payment) and
// with the caller's read passed as AccountRead (one request: a bulk job
// gets R payments per second out of a budget of R requests, not R/2). It
// reports requests/op from the simulator's log.
//
//	go test ./fincon -run '^$' -bench PaymentIntent -benchmem
func BenchmarkPaymentIntent(b *testing.B) {
	for _, reuse := range []bool{false, true} {
		name := "read=client"
		if reuse {
			name = "read=caller"
		}
		b.Run(name, func(b *testing.B) {
			env := setup(b, achAccount(fctest.InstitutionSuccess), prefetch(permissions.PrefetchBalances))
			_, acct, err := env.c.FreshBalance(b.Context(), env.account, time.Hour)
			if err != nil {
				b.Fatal(err)
			}
			p := env.debit("")
			if reuse {
				p.AccountRead = acct
			}
			start := len(env.sim.Requests())
			b.ReportAllocs()
			for b.Loop() {
				if _, err := env.c.CreatePaymentIntent(b.Context(), p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(env.sim.Requests())-start)/float64(b.N), "requests/op")
		})
	}
}
