// Package sqlstore is a durable [transactions.TxStore] on database/sql: the
// sync cursor and per-transaction states of transactions.Syncer live in
// two tables, and [transactions.TxSyncer] runs the consumer's callback in
// the same *sql.Tx that records each row's state, so side effects and
// bookkeeping commit together and a sync killed at any point resumes
// without losing or repeating an event.
//
// # Engines
//
// Two engines are supported, named by a [Dialect]:
//
//   - [SQLite], the embedded default, through the pure-Go driver
//     modernc.org/sqlite (no cgo, nothing to install). [OpenSQLite] opens a
//     file with the settings the store needs (WAL journal, busy timeout,
//     immediate write transactions).
//   - [PostgreSQL], through pgx's database/sql driver: import
//     _ "github.com/jackc/pgx/v5/stdlib" and sql.Open("pgx", dsn).
//
// # Migrations
//
// The schema ships with the package (migrations/*.sql, embedded) and is
// applied only by an explicit call to [Store.Migrate], never implicitly:
// run it at deploy time or at start-up. Applied versions are recorded in
// the fcsdk_migrations table, so Migrate is idempotent; on PostgreSQL
// concurrent callers are serialized by an advisory lock.
//
// # Types
//
// A transaction's digest ([transactions.Digest], 64 bits) is stored as a
// signed BIGINT with the same bits; amounts are BIGINT minor units (cents
// for USD); transacted_at is Unix seconds or NULL.
package sqlstore
