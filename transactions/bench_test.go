package transactions

import (
	"context"
	"iter"
	"runtime"
	"testing"
	"time"
)

var benchNow = time.Date(2025, 6, 18, 17, 0, 0, 0, time.UTC)

// BenchmarkInsights feeds 1,000,000 transactions per iteration to one
// Analyzer (reset between iterations, as a long-lived service would) and
// reports the cost per transaction of Add.
func BenchmarkInsights(b *testing.B) {
	const total = 1_000_000
	h := history{seed: 42, now: benchNow, days: 180, cardPerDay: total / 180, account: "fca_bench"}
	txs := make([]Transaction, 0, total)
	for t := range h.seq() {
		if len(txs) == total {
			break
		}
		txs = append(txs, t)
	}
	opts := Options{Now: benchNow}
	a, err := NewAnalyzer(opts)
	if err != nil {
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		if err := a.Reset(opts); err != nil {
			b.Fatal(err)
		}
		for i := range txs {
			a.Add(txs[i])
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	n := float64(b.N) * float64(len(txs))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/tx")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/tx")
	r := a.Report()
	if len(r.Income) != 1 || r.Counts.Counted == 0 {
		b.Fatalf("unexpected report: %d income streams, counts %+v", len(r.Income), r.Counts)
	}
}

// BenchmarkInsightsReport measures Report on the analyzer state of a
// 180-day history with 1,000,000 transactions.
func BenchmarkInsightsReport(b *testing.B) {
	h := history{seed: 42, now: benchNow, days: 180, cardPerDay: 1_000_000 / 180, account: "fca_bench"}
	a, _ := NewAnalyzer(Options{Now: benchNow})
	for t := range h.seq() {
		a.Add(t)
	}
	for b.Loop() {
		_ = a.Report()
	}
}

// streamSource lists a generated history lazily, without holding it.
type streamSource struct {
	h     history
	limit int
}

func (s streamSource) LatestRefresh(context.Context, string) (string, error) {
	return "fctxnref_1", nil
}

func (s streamSource) ListTransactions(_ context.Context, _, _ string) iter.Seq2[Transaction, error] {
	return func(yield func(Transaction, error) bool) {
		n := 0
		for t := range s.h.seq() {
			if n == s.limit || !yield(t, nil) {
				return
			}
			n++
		}
	}
}

// BenchmarkSync streams 100,000 transactions through a Syncer into a
// MemoryStore and reports the peak heap above the pre-sync baseline,
// sampled every 1,000 events (it includes the Source's garbage and the
// store), and what the store retains after the pass.
func BenchmarkSync(b *testing.B) {
	const total = 100_000
	ctx := context.Background()
	src := streamSource{h: history{seed: 7, now: benchNow, days: 180, cardPerDay: total / 180, account: "fca_bench"}, limit: total}
	var peak, retained uint64
	var ms runtime.MemStats
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		store := &MemoryStore{}
		s := &Syncer{Source: src, Store: store}
		events := 0
		b.StartTimer()
		st, err := s.Sync(ctx, "fca_bench", func(context.Context, Event) error {
			events++
			if events%1000 == 0 {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base {
					peak = max(peak, ms.HeapAlloc-base)
				}
			}
			return nil
		})
		if err != nil || st.Listed != total {
			b.Fatalf("sync: %v, %+v", err, st)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		retained = ms.HeapAlloc - min(ms.HeapAlloc, base)
		runtime.KeepAlive(store)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(retained)/(1<<20), "store-MiB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/tx")
}
