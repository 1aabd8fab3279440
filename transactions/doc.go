// Package transactions holds the typed Financial Connections transaction
// and what is built on a stream of them: an incremental, resumable syncer
// and one-pass cash-flow insights.
//
// # Model
//
// [FromStripe] converts a *stripe.FinancialConnectionsTransaction into a
// [Transaction]: amounts are balances.Money in integer minor units
// (positive = money in), statuses are the typed [Status] constants, and
// times that Stripe sends as null (decoded by stripe-go as 0) are the zero
// time.Time, never 1970-01-01.
//
// # Incremental sync
//
// A [Syncer] lists the rows written after a cursor with Stripe's
// transaction_refresh[after] filter (through a [Source], which the fincon
// client implements) and calls the caller's function once per [Added],
// [Updated] (pending → posted, amount, description or date changed) and
// [Voided] row. The cursor and one small [State] per transaction live in a
// caller-provided [Store]; [MemoryStore] is the in-memory reference. The
// commit protocol is described on [Syncer.Sync]: a row's state is recorded
// only after the caller's function accepted it, and the cursor moves only
// after a complete pass, so a sync interrupted anywhere can simply be run
// again.
//
// A [TxSyncer] goes one step further with a [TxStore]: the caller's
// function gets the database transaction (a *sql.Tx for
// transactions/sqlstore, on SQLite or PostgreSQL) in which the row's state
// is recorded, so the caller's writes and the sync's bookkeeping commit
// together and an event is applied exactly once even if the process is
// killed. Every [Store] receives the listed row with its [State], so a
// void never seen before — which yields no event — still reaches the
// store with its data. A [Digest] is stored as a signed 64-bit integer or
// 8 bytes.
//
// # Insights
//
// An [Analyzer] takes transactions one at a time ([Analyzer.Add], constant
// time, no allocation) and produces a [Report]: 30/60/90-day credit and
// debit totals and counts, the average daily balance reconstructed
// backwards from the current balance, income streams (weekly, biweekly,
// semimonthly, monthly — tolerant of paydays moved to the previous business
// day) with the next expected payday and amount, and recurring outflows
// (rent, utilities, subscriptions, …). Void rows are always left out;
// pending rows are left out unless Options.IncludePending. [Analyze] runs
// it over an iter.Seq2, such as a client's transaction listing, so a
// history from any source — Stripe, the fctest simulator, a fixture — is
// one call away from a Report.
//
// The package does no I/O. [MemoryStore] is safe for concurrent use; an
// [Analyzer] is not.
package transactions
