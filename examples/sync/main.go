package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *days < 1 || *days > 30 {
		fmt.Fprintln(stderr, "sync: -days must be between 1 and 30")
		return 2
	}
	if err := syncDemo(ctx, stdout, *seed, *days); err != nil {
		fmt.Fprintln(stderr, "sync:", err)
		return 1
	}
	return 0
}

func syncDemo(ctx context.Context, w io.Writer, seed uint64, days int) error {
	sim := fctest.New(fctest.WithSeed(seed))
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

	// 2. The first sync of the checking account: its whole history.
	store := &transactions.MemoryStore{}
	syncer := transactions.Syncer{Source: client, Store: store}
	var pending int
	st, err := syncer.Sync(ctx, checking, func(_ context.Context, ev transactions.Event) error {
		if ev.Transaction.Status == transactions.Pending {
			pending++
		}
		return nil // a real handler writes the row to its database here
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n2. Initial sync of %s\n", checking)
	fmt.Fprintf(w, "   initial sync: %d added (%d pending), %d listed, cursor %s\n", st.Added, pending, st.Listed, st.Cursor)
	fmt.Fprintf(w, "   store holds %d transactions (%d voided before we ever saw them)\n", store.Len(checking), st.UnseenVoids)

	// 3. Let simulated days pass: the subscription refreshes daily, new
	// rows arrive and pending card payments post or are voided. Sync once a
	// day, as a job triggered by the refreshed_transactions webhook would.
	fmt.Fprintf(w, "\n3. %d simulated days, one sync after each daily refresh\n", days)
	var total transactions.Stats
	initial := st.Cursor
	show := func(_ context.Context, ev transactions.Event) error {
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
	count := func(context.Context, transactions.Event) error { events++; return nil }
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
		fmt.Fprintf(w, "   %s  %d added, %d updated, %d voided; store holds %d\n",
			r.ID, r.Stats.Added, r.Stats.Updated, r.Stats.Voided, store.Len(r.ID))
	}
	fmt.Fprintf(w, "\nDone: %d API requests, %d refreshes, all on simulated time.\n", sim.Stats().Requests, sim.Stats().RefreshesStarted)
	return nil
}
