// Package sqldb holds what the SQL stores share: the [Dialect] of a
// database/sql connection pool, the rewriting of $n placeholders for
// SQLite, and [Migrate], which applies a package's embedded migrations once
// each, recorded in the fcsdk_migrations table.
package sqldb
