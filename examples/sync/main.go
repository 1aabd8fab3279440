package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

// copySchema is the example's own table: its copy of the account's rows.
const copySchema = `CREATE TABLE IF NOT EXISTS bank_transactions (
	id TEXT PRIMARY KEY,
	account TEXT NOT NULL,
	status TEXT NOT NULL,
	amount BIGINT NOT NULL,
	currency TEXT NOT NULL,
	description TEXT NOT NULL
)`

// copyRow writes the event's row to bank_transactions through tx.
func copyRow(ctx context.Context, tx *sql.Tx, ev transactions.Event) error {
	t := ev.Transaction
	_, err := tx.ExecContext(ctx, `INSERT INTO bank_transactions (id, account, status, amount, currency, description)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (id) DO UPDATE SET status = excluded.status, amount = excluded.amount, description = excluded.description`,
		t.ID, t.Account, string(t.Status), t.Amount.Amount, string(t.Amount.Currency), t.Description)
	return err
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command without the process: it returns the exit status
// (0 done, 1 failed, 2 bad flags).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 11, "seed of the embedded simulator (11 shows every kind of event)")
	days := fs.Int("days", 3, "simulated days between the first and the second sync (1-30)")
	dbPath := fs.String("db", "", "SQLite file for the sync state and the copied rows (default: a new file in a temporary directory, removed at exit)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *days < 1 || *days > 30 {
		fmt.Fprintln(stderr, "sync: -days must be between 1 and 30")
		return 2
	}
	if err := syncDemo(ctx, stdout, *seed, *days, *dbPath); err != nil {
		fmt.Fprintln(stderr, "sync:", err)
		return 1
	}
	return 0
}

func syncDemo(ctx context.Context, w io.Writer, seed uint64, days int, dbPath string) error {
	if dbPath == "" {
		dir, err := os.MkdirTemp("", "fcsdk-sync-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dbPath = filepath.Join(dir, "sync.db")
	}
	db, err := sqlstore.OpenSQLite(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	store, err := sqlstore.New(db, sqlstore.SQLite)
	if err != nil {
		return err
	}
	// Migrations run only when asked: here, at start-up.
	if _, err := store.Migrate(ctx); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, copySchema); err != nil {
		return err
	}
	sim, err := fctest.New(fctest.WithSeed(seed))
	if err != nil {
		return err
	}
	clk := sim.Clock()
	client, err := fctestclient.New(sim) // transport, base URL, simulated clock, no rate limit
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Incremental transaction sync on the embedded simulator (seed %d, %s)\n", seed, clk.Now().Format(time.DateTime))

	// 1. Link a checking and a savings account with the transactions
	// permission, and subscribe both to daily transaction refreshes.
	cus, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen", Email: "jenny.rosen@example.com"})
	if err != nil {
		return err
	}
	perms, err := permissions.NewSet(permissions.Transactions)
	if err != nil {
		return err
	}
	sess, err := client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		return err
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess, fctest.InstitutionSavings)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n1. Link and subscribe to daily transaction refreshes\n")
	for _, id := range ids {
		if _, err := client.SubscribeTransactions(ctx, id); err != nil {
			return err
		}
		a, err := client.WaitForRefresh(ctx, id, permissions.RefreshTransactions)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s  %-18s ****%s  subscribed=%v  first refresh %s %s\n", a.ID, a.DisplayName, a.Last4,
			a.Subscribed(permissions.SubscribeTransactions), a.TransactionRefresh.ID, a.TransactionRefresh.Status)
	}
	checking := ids[0]

	// 2. The first sync of the checking account: its whole history. The
	// callback writes our copy of each row through the *sql.Tx that also
	// records the row's sync state: both commit, or neither does.
	syncer := transactions.TxSyncer[*sql.Tx]{Source: client.TransactionSource(), Store: store}
	var pending int
	st, err := syncer.Sync(ctx, checking, func(ctx context.Context, tx *sql.Tx, ev transactions.Event) error {
		if ev.Transaction.Status == transactions.Pending {
			pending++
		}
		return copyRow(ctx, tx, ev)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n2. Initial sync of %s\n", checking)
	fmt.Fprintf(w, "   initial sync: %d added (%d pending), %d listed, cursor %s\n", st.Added, pending, st.Listed, st.Cursor)
	held, err := store.Len(ctx, checking)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   store holds %d transactions (%d voided before we ever saw them)\n", held, st.UnseenVoids)

	// 3. Let simulated days pass: the subscription refreshes daily, new
	// rows arrive and pending card payments post or are voided. Sync once a
	// day, as a job triggered by the refreshed_transactions webhook would.
	fmt.Fprintf(w, "\n3. %d simulated days, one sync after each daily refresh\n", days)
	var total transactions.Stats
	initial := st.Cursor
	show := func(ctx context.Context, tx *sql.Tx, ev transactions.Event) error {
		if err := copyRow(ctx, tx, ev); err != nil {
			return err
		}
		t := ev.Transaction
		change := string(t.Status)
		if ev.Kind != transactions.Added {
			change = fmt.Sprintf("%s → %s", ev.Previous.Status, t.Status)
		}
		fmt.Fprintf(w, "   %-7s %s  %s  %13s  %-17s %s\n", ev.Kind, t.ID, t.TransactedAt.Format(time.DateOnly), t.Amount, change, t.Description)
		return nil
	}
	for d := 1; d <= days; d++ {
		clk.Advance(24 * time.Hour)
		// The day's refresh may still be running: wait for it.
		if _, err := client.WaitForRefresh(ctx, checking, permissions.RefreshTransactions); err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s\n", clk.Now().Format("Mon 2006-01-02"))
		if st, err = syncer.Sync(ctx, checking, show); err != nil {
			return err
		}
		total.Added, total.Updated, total.Voided = total.Added+st.Added, total.Updated+st.Updated, total.Voided+st.Voided
	}
	fmt.Fprintf(w, "   daily syncs: %d added, %d updated, %d voided\n", total.Added, total.Updated, total.Voided)

	// 4. Exactly once: nothing new means no events, and rows listed again
	// (as after a crash before the cursor moved) compare equal to their
	// recorded state and are not delivered twice.
	fmt.Fprintf(w, "\n4. Sync again: nothing is repeated\n")
	events := 0
	count := func(context.Context, *sql.Tx, transactions.Event) error { events++; return nil }
	if st, err = syncer.Sync(ctx, checking, count); err != nil {
		return err
	}
	fmt.Fprintf(w, "   sync again: %d listed, %d events\n", st.Listed, events)
	// Rewind the cursor to where the daily syncs started, as if they had
	// all crashed after recording their rows but before moving the cursor.
	if err := store.SetCursor(ctx, checking, initial); err != nil {
		return err
	}
	if st, err = syncer.Sync(ctx, checking, count); err != nil {
		return err
	}
	fmt.Fprintf(w, "   replay of the %d days: %d listed, %d unchanged, %d events\n", days, st.Listed, st.Unchanged, events)

	// 5. Both accounts at once, into the same store, with progress.
	clk.Advance(24 * time.Hour)
	for _, id := range ids {
		if _, err := client.WaitForRefresh(ctx, id, permissions.RefreshTransactions); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\n5. One day later, SyncTransactionsMany over both accounts\n")
	res, err := client.SyncTransactionsMany(ctx, ids, store, nil, fincon.BulkOptions{
		Concurrency: 2,
		Progress: func(p fincon.Progress) {
			fmt.Fprintf(w, "   progress %d/%d (%d errors)\n", p.Done, p.Total, p.Errors)
		},
	})
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.Err != nil {
			return r.Err
		}
		n, err := store.Len(ctx, r.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s  %d added, %d updated, %d voided; store holds %d\n",
			r.ID, r.Stats.Added, r.Stats.Updated, r.Stats.Voided, n)
	}
	fmt.Fprintf(w, "\nDone: %d API requests, %d refreshes, all on simulated time.\n", sim.Stats().Requests, sim.Stats().RefreshesStarted)
	return nil
}
