package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fcsdk/fcsdk/transactions"
	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

// Sync into SQLite: the callback writes the consumer's table through the
// same *sql.Tx that records the row's state, so both commit together.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sqlstore-example-")
	defer os.RemoveAll(dir)
	db, err := sqlstore.OpenSQLite(filepath.Join(dir, "sync.db"))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	store, err := sqlstore.New(db, sqlstore.SQLite)
	if err != nil {
		panic(err)
	}
	n, err := store.Migrate(ctx) // explicit, never implicit
	fmt.Println("migrations applied:", n, err)
	if _, err := db.ExecContext(ctx, `CREATE TABLE ledger (id TEXT PRIMARY KEY, status TEXT NOT NULL)`); err != nil {
		panic(err)
	}

	bank := &genBank{seed: 1, n: 5, target: 1}
	syncer := &transactions.TxSyncer[*sql.Tx]{Source: bank, Store: store}
	st, err := syncer.Sync(ctx, crashAccount, func(ctx context.Context, tx *sql.Tx, ev transactions.Event) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO ledger (id, status) VALUES (?1, ?2)
			ON CONFLICT (id) DO UPDATE SET status = excluded.status`, ev.Transaction.ID, string(ev.Transaction.Status))
		return err
	})
	fmt.Println("added", st.Added, "cursor", st.Cursor, err)
	var rows int
	_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger`).Scan(&rows)
	fmt.Println("ledger rows:", rows)
	// Output:
	// migrations applied: 1 <nil>
	// added 5 cursor fctxnref_1 <nil>
	// ledger rows: 5
}
