package sqlreplay_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fcsdk/fcsdk/fincon/webhooks/sqlreplay"
	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

// A replay store in SQLite; pass it to webhooks.NewHandler with
// webhooks.WithReplayStore. Every replica opens the same database.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sqlreplay-example-")
	defer os.RemoveAll(dir)
	db, err := sqlstore.OpenSQLite(filepath.Join(dir, "webhooks.db"))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	store, err := sqlreplay.New(db, sqlreplay.SQLite)
	if err != nil {
		panic(err)
	}
	if _, err := store.Migrate(ctx); err != nil {
		panic(err)
	}
	c1, _ := store.Claim(ctx, "evt_1")
	c2, _ := store.Claim(ctx, "evt_1") // a duplicate while the first runs
	_ = store.Complete(ctx, "evt_1")
	c3, _ := store.Claim(ctx, "evt_1") // Stripe's redelivery
	fmt.Println(c1, "/", c2, "/", c3)
	// Output: claimed / in progress / duplicate
}
