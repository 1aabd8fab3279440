package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/transactions"
	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

func TestNewRejectsBadArguments(t *testing.T) {
	t.Parallel()
	if _, err := sqlstore.New(nil, sqlstore.SQLite); !errors.Is(err, sqlstore.ErrNilDB) {
		t.Errorf("nil db: %v", err)
	}
	db, err := sqlstore.OpenSQLite(t.TempDir() + "/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, d := range []sqlstore.Dialect{"", "mysql", "SQLite"} {
		if _, err := sqlstore.New(db, d); !errors.Is(err, sqlstore.ErrDialect) {
			t.Errorf("dialect %q: %v", d, err)
		}
	}
}

// TestStoreRoundTrip writes every kind of state — digests with the high
// bit set, non-USD currencies, zero amounts, rows without a date — and
// reads them back, on both engines; Migrate is idempotent.
func TestStoreRoundTrip(t *testing.T) {
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := setup(t, d)
			ctx := context.Background()
			if n, err := e.store.Migrate(ctx); err != nil || n != 0 {
				t.Fatalf("second Migrate = %d, %v; want 0, nil", n, err)
			}
			states := []transactions.State{
				{ID: "a", Status: transactions.Pending, Amount: balances.Money{Amount: -5, Currency: balances.USD}, Digest: math.MaxUint64},
				{ID: "b", Status: transactions.Void, Amount: balances.Money{Amount: 7, Currency: balances.JPY}, Digest: 1 << 63},
				{ID: "c", Status: transactions.Posted, Amount: balances.Money{}, Digest: 0},
				{ID: "d", Status: transactions.Posted, Amount: balances.Money{Amount: math.MinInt64, Currency: balances.USD}, Digest: math.MaxInt64},
			}
			for i, st := range states {
				row := transactions.Transaction{ID: st.ID, Status: st.Status, Amount: st.Amount, Description: "ROW", RefreshID: "fctxnref_1"}
				if i%2 == 0 {
					row.TransactedAt = time.Unix(1767225600, 0)
				}
				if err := e.store.Put(ctx, "fca_1", st, row); err != nil {
					t.Fatal(err)
				}
				got, ok, err := e.store.Get(ctx, "fca_1", st.ID)
				if err != nil || !ok || got != st {
					t.Errorf("Get(%s) = %+v, %v, %v; want %+v", st.ID, got, ok, err, st)
				}
			}
			// Put replaces.
			st := states[0]
			st.Status, st.Digest = transactions.Posted, 42
			if err := e.store.Put(ctx, "fca_1", st, transactions.Transaction{ID: st.ID}); err != nil {
				t.Fatal(err)
			}
			if got, _, _ := e.store.Get(ctx, "fca_1", st.ID); got != st {
				t.Errorf("after replace: %+v, want %+v", got, st)
			}
			if _, ok, err := e.store.Get(ctx, "fca_2", "a"); ok || err != nil {
				t.Errorf("states leak across accounts: %v, %v", ok, err)
			}
			if n, err := e.store.Len(ctx, "fca_1"); n != len(states) || err != nil {
				t.Errorf("Len = %d, %v", n, err)
			}
			if c, err := e.store.Cursor(ctx, "fca_1"); c != "" || err != nil {
				t.Errorf("new cursor = %q, %v", c, err)
			}
			for _, c := range []string{"fctxnref_1", "fctxnref_2"} {
				if err := e.store.SetCursor(ctx, "fca_1", c); err != nil {
					t.Fatal(err)
				}
				if got, err := e.store.Cursor(ctx, "fca_1"); got != c || err != nil {
					t.Errorf("Cursor = %q, %v; want %q", got, err, c)
				}
			}
			// The void's row data is kept although it yields no event.
			var desc string
			var at sql.NullInt64
			if err := e.db.QueryRowContext(ctx, d.Rebind(`SELECT description, transacted_at FROM fcsdk_sync_states WHERE account = $1 AND id = $2`), "fca_1", "b").Scan(&desc, &at); err != nil {
				t.Fatal(err)
			}
			if desc != "ROW" || at.Valid {
				t.Errorf("row data of b = %q, %v", desc, at)
			}
		})
	}
}

// TestPutTxRollsBack: a failing callback leaves neither its write nor the
// state behind, and its error is returned unchanged.
func TestPutTxRollsBack(t *testing.T) {
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := setup(t, d)
			ctx := context.Background()
			if _, err := e.db.ExecContext(ctx, `CREATE TABLE side (id TEXT PRIMARY KEY)`); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("boom")
			st := transactions.State{ID: "x", Status: transactions.Posted, Amount: balances.Money{Amount: 1, Currency: balances.USD}}
			err := e.store.PutTx(ctx, "fca_1", st, transactions.Transaction{ID: "x"}, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO side (id) VALUES ('x')`); err != nil {
					return err
				}
				return boom
			})
			if err != boom {
				t.Fatalf("err = %v, want the callback's error unchanged", err)
			}
			var n int
			if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM side`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("side table holds %d rows after rollback (%v)", n, err)
			}
			if _, ok, _ := e.store.Get(ctx, "fca_1", "x"); ok {
				t.Fatal("state recorded although the callback failed")
			}
			if err := e.store.PutTx(ctx, "fca_1", st, transactions.Transaction{ID: "x"}, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO side (id) VALUES ('x')`)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM side`).Scan(&n); err != nil || n != 1 {
				t.Fatalf("side table holds %d rows after commit (%v)", n, err)
			}
			if _, ok, _ := e.store.Get(ctx, "fca_1", "x"); !ok {
				t.Fatal("state not recorded with the side effect")
			}
		})
	}
}

// TestCursorBeforeMigrate: a store whose tables were never created says
// so (ErrNotMigrated), on every engine; once migrated, the same call works.
func TestCursorBeforeMigrate(t *testing.T) {
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			var dsn string
			if d == sqlstore.SQLite {
				dsn = filepath.Join(t.TempDir(), "unmigrated.db")
			} else {
				dsn = pg.Database(t)
			}
			db, err := openDB(d, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			st, err := sqlstore.New(db, d)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Cursor(t.Context(), "fca_1"); !errors.Is(err, sqlstore.ErrNotMigrated) {
				t.Fatalf("Cursor before Migrate = %v, want ErrNotMigrated", err)
			}
			if _, err := st.Migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
			if c, err := st.Cursor(t.Context(), "fca_1"); err != nil || c != "" {
				t.Fatalf("Cursor after Migrate = %q, %v; want \"\", nil", c, err)
			}
		})
	}
}
