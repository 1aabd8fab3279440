// Package sqlreplay is a webhooks.ReplayStore on database/sql (SQLite or
// PostgreSQL, the engines of transactions/sqlstore), for replicas that
// share a database rather than Redis.
//
// Each event id is one row of fcsdk_webhook_events. [Store.Claim] is a
// single INSERT … ON CONFLICT DO UPDATE … WHERE expires_at <= now …
// RETURNING statement, atomic on both engines: it inserts a claim with a
// lease (default [DefaultLease], 60 s) or takes over an expired row, and
// otherwise reads the row to answer Duplicate (processed) or InProgress.
// [Store.Complete] marks the id processed for the TTL (default
// webhooks.DefaultReplayTTL, 72 h); [Store.Release] deletes the claim only
// if it still holds this process's token. [Store.Purge] deletes expired
// rows; run it now and then.
//
// Leases and TTLs are measured on the replicas' clocks (WithClock), which
// must agree to well within the lease.
//
// The schema ships with the package and is applied by [Store.Migrate],
// never implicitly.
//
// When the database is unreachable, Claim fails and the webhooks.Handler
// answers 500 without dispatching, so Stripe retries the delivery: no
// event is lost or dispatched twice. A failure of Complete after the
// callbacks ran is answered 200 and reported through OnError.
package sqlreplay
