package fincon_test

import (
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/permissions"
)

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
