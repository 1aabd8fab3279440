package fincon_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

// Refresh the balances of many accounts at once, then sync their
// transactions into a store. One inactive account fails on its own; the
// others go through. On the fctest simulator, so it runs offline.
func ExampleClient_RefreshAndReadMany() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := fctestclient.New(sim) // transport, base URL, simulated clock, no rate limit
	if err != nil {
		fmt.Println(err)
		return
	}
	cus, _ := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	perms, _ := permissions.NewSet(permissions.Balances, permissions.Transactions)
	sess, _ := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	ids, _ := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess, fctest.InstitutionInactive, fctest.InstitutionSavings)

	var last fincon.Progress
	res, err := c.RefreshAndReadMany(ctx, ids,
		[]permissions.RefreshFeature{permissions.RefreshBalance, permissions.RefreshTransactions},
		fincon.BulkOptions{Concurrency: 2, Progress: func(p fincon.Progress) { last = p }})
	if err != nil { // invalid arguments, or ctx ended
		fmt.Println(err)
		return
	}
	for i, r := range res {
		var fe *fincon.Error
		switch {
		case r.Err == nil:
			_, ok := r.Balance.Current(balances.USD)
			fmt.Printf("account %d: balance refreshed, current known: %v\n", i, ok)
		case errors.As(r.Err, &fe):
			fmt.Printf("account %d: %s\n", i, fe.Code)
		}
	}
	fmt.Printf("progress: %d/%d done, %d errors\n", last.Done, last.Total, last.Errors)

	store := &transactions.MemoryStore{}
	sres, err := c.SyncTransactionsMany(ctx, ids, store, func(ctx context.Context, ev transactions.Event) error {
		return nil // apply the event to your own records
	}, fincon.BulkOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range sres {
		fmt.Printf("account %d: synced, new rows: %v, error: %v\n", i, r.Stats.Added > 0, r.Err)
	}
	// Output:
	// account 0: balance refreshed, current known: true
	// account 1: financial_connections_account_inactive
	// account 2: balance refreshed, current known: true
	// progress: 3/3 done, 1 errors
	// account 0: synced, new rows: true, error: <nil>
	// account 1: synced, new rows: false, error: <nil>
	// account 2: synced, new rows: true, error: <nil>
}
