package fctest_test

import (
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
)

// TestMemoryFlatUnderSteadyLoad is issue 10 §9: the simulator kept about
// 268 bytes for every request it served (50 MiB more after 200,000
// account reads). It now keeps the last requests only, so its heap stays
// flat under a steady load of account reads: after a warm-up that fills
// the request log, 20,000 more reads may not grow the live heap by more
// than 1 MiB (they grew it by about 5 MiB before).
func TestMemoryFlatUnderSteadyLoad(t *testing.T) {
	const logSize, warm, load = 1000, 2000, 20_000
	sim, sc := setup(t, fctest.WithRequestLogSize(logSize))
	ctx := t.Context()
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen")})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := sc.V1FinancialConnectionsSessions.Create(ctx, &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cus.ID)},
		Permissions:   stripe.StringSlice([]string{"balances"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	rt := sim.Transport()
	read := func(n int) {
		for range n {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sim.URL()+"/v1/financial_connections/accounts/"+ids[0], nil)
			req.Header.Set("Authorization", "Bearer "+testKey)
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
		}
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	read(warm)
	before := heap()
	read(load)
	after := heap()
	grew := int64(after) - int64(before)
	t.Logf("%d account reads after a warm-up of %d: live heap %+d bytes (%.1f bytes per read); requests remembered %d",
		load, warm, grew, float64(grew)/load, len(sim.Requests()))
	if grew > 1<<20 {
		t.Errorf("live heap grew by %d bytes over %d reads, want at most 1 MiB", grew, load)
	}
	if n := len(sim.Requests()); n != logSize {
		t.Errorf("Requests() = %d records, want the last %d", n, logSize)
	}
	if st := sim.Stats(); st.Requests != 2+warm+load {
		t.Errorf("Stats().Requests = %d, want every request counted", st.Requests)
	}
	runtime.KeepAlive(sim)
}
