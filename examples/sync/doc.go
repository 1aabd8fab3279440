// Command sync keeps a copy of an account's transactions up to date with
// transactions.Syncer, the incremental, exactly-once sync built on Stripe's
// transaction_refresh[after] cursor:
//
//	go run ./examples/sync
//
// It runs offline on the embedded simulator (package fctest) and prints the
// same output every time. It links a checking and a savings account,
// subscribes them to daily transaction refreshes and syncs the checking
// account into a SQLite database through transactions/sqlstore — the sync
// state and the example's copy of the rows commit in one transaction —
// first the whole history, then —
// after a few simulated days — only what changed (new rows, pending rows
// that posted or were voided), then nothing at all, also when the same rows
// are listed again as after a crash. Finally fincon's SyncTransactionsMany
// syncs both accounts into the same store, reporting progress.
//
// Flags:
//
//	-seed  seed of the simulator (default 11, whose first days show every kind of event)
//	-days  simulated days between the first and the second sync (default 3)
//	-db    SQLite file for the sync state and the copied rows (default: a new
//	       file in a temporary directory, removed at exit); the pure-Go
//	       driver needs nothing installed. The simulator is a new Stripe
//	       account on every run, so give each run a new file: a cursor
//	       of another account is refused (resource_missing)
package main
