// Command sync keeps a copy of an account's transactions up to date with
// transactions.Syncer, the incremental, exactly-once sync built on Stripe's
// transaction_refresh[after] cursor:
//
//	go run ./examples/sync
//
// It runs offline on the embedded simulator (package fctest) and prints the
// same output every time. It links a checking and a savings account,
// subscribes them to daily transaction refreshes and syncs the checking
// account into a transactions.MemoryStore: first the whole history, then —
// after a few simulated days — only what changed (new rows, pending rows
// that posted or were voided), then nothing at all, also when the same rows
// are listed again as after a crash. Finally fincon's SyncTransactionsMany
// syncs both accounts into the same store, reporting progress.
//
// Flags:
//
//	-seed  seed of the simulator (default 11, whose first days show every kind of event)
//	-days  simulated days between the first and the second sync (default 3)
package main
