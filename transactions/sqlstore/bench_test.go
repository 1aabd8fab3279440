package sqlstore_test

import (
	"context"
	"database/sql"
	"iter"
	"testing"

	"github.com/fcsdk/fcsdk/transactions"
)

// BenchmarkSyncRow measures the cost per row of a first sync (every row
// Added: one Get and one Put each) on the in-memory store and on the SQL
// stores, where each row is its own transaction that also carries the
// consumer's write (one INSERT into a ledger). Compare the engines as
// ratios against memory:
//
//	for i in 1 2 3 4 5; do go test -run '^$' -bench SyncRow -benchmem -count 1 ./transactions/sqlstore/; done > sync.txt
//	benchstat -col /store sync.txt
func BenchmarkSyncRow(b *testing.B) {
	ctx := context.Background()
	b.Run("store=memory", func(b *testing.B) {
		bank := newSliceSource(b.N)
		ledger := make(map[string]string, b.N)
		s := &transactions.Syncer{Source: bank, Store: &transactions.MemoryStore{}}
		b.ReportAllocs()
		b.ResetTimer()
		if _, err := s.Sync(ctx, crashAccount, func(_ context.Context, ev transactions.Event) error {
			ledger[ev.Transaction.ID] = string(ev.Transaction.Status)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	})
	for _, d := range dialects {
		b.Run("store="+string(d), func(b *testing.B) {
			e := setupTB(b, d)
			if _, err := e.db.ExecContext(ctx, `CREATE TABLE ledger (id TEXT PRIMARY KEY, status TEXT NOT NULL)`); err != nil {
				b.Fatal(err)
			}
			q := d.Rebind(`INSERT INTO ledger (id, status) VALUES ($1, $2)`)
			bank := newSliceSource(b.N)
			s := &transactions.TxSyncer[*sql.Tx]{Source: bank, Store: e.store}
			b.ReportAllocs()
			b.ResetTimer()
			if _, err := s.Sync(ctx, crashAccount, func(ctx context.Context, tx *sql.Tx, ev transactions.Event) error {
				_, err := tx.ExecContext(ctx, q, ev.Transaction.ID, string(ev.Transaction.Status))
				return err
			}); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// sliceSource yields pre-generated rows, so that a benchmark measures the
// store, not the generator.
type sliceSource []transactions.Transaction

func newSliceSource(n int) sliceSource {
	g := &genBank{seed: 7, n: n, target: 1}
	rows := make(sliceSource, 0, n)
	for t, _ := range g.ListTransactions(context.Background(), crashAccount, "") {
		rows = append(rows, t)
	}
	return rows
}

func (s sliceSource) LatestRefresh(context.Context, string) (string, error) { return "fctxnref_1", nil }

func (s sliceSource) ListTransactions(context.Context, string, string) iter.Seq2[transactions.Transaction, error] {
	return func(yield func(transactions.Transaction, error) bool) {
		for _, t := range s {
			if !yield(t, nil) {
				return
			}
		}
	}
}
