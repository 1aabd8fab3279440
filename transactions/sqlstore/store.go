package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // the embedded default engine, pure Go

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/internal/sqldb"
	"github.com/fcsdk/fcsdk/transactions"
)

// Dialect names the SQL engine behind a *sql.DB: [SQLite] or [PostgreSQL].
type Dialect = sqldb.Dialect

// The supported engines.
const (
	// SQLite through modernc.org/sqlite (driver name "sqlite").
	SQLite = sqldb.SQLite
	// PostgreSQL through github.com/jackc/pgx/v5/stdlib (driver name "pgx").
	PostgreSQL = sqldb.PostgreSQL
)

// Errors of [New].
var (
	// ErrDialect: the Dialect is neither SQLite nor PostgreSQL.
	ErrDialect = fmt.Errorf("sqlstore: %w", sqldb.ErrDialect)
	// ErrNilDB: New was given a nil *sql.DB.
	ErrNilDB = errors.New("sqlstore: nil *sql.DB")
	// ErrNotMigrated is matched, beside the driver's own error, by the
	// error of [Store.Cursor] (the first call of every sync pass) when the
	// store's tables do not exist: [Store.Migrate] was never called.
	ErrNotMigrated = errors.New("sqlstore: the store's tables are missing: call Store.Migrate first")
)

// component is this package's name in fcsdk_migrations.
const component = "transactions/sqlstore"

//go:embed migrations/*.sql
var migrations embed.FS

// Store keeps sync state in a SQL database. It implements
// [transactions.TxStore] for *sql.Tx. A Store is safe for concurrent use;
// create one with [New] and apply the schema with [Store.Migrate].
type Store struct {
	db *sql.DB
	d  Dialect

	qCursor, qSetCursor, qGet, qPut, qCount string
}

var _ transactions.TxStore[*sql.Tx] = (*Store)(nil)

// New returns a Store on db, whose engine is d. It does not touch the
// database: call [Store.Migrate] before the first sync. It returns
// [ErrNilDB] or [ErrDialect] for invalid arguments.
func New(db *sql.DB, d Dialect) (*Store, error) {
	if db == nil {
		return nil, ErrNilDB
	}
	if !d.Valid() {
		return nil, fmt.Errorf("%w: %q", ErrDialect, string(d))
	}
	return &Store{
		db:         db,
		d:          d,
		qCursor:    d.Rebind(`SELECT refresh FROM fcsdk_sync_cursors WHERE account = $1`),
		qSetCursor: d.Rebind(`INSERT INTO fcsdk_sync_cursors (account, refresh) VALUES ($1, $2) ON CONFLICT (account) DO UPDATE SET refresh = excluded.refresh`),
		qGet:       d.Rebind(`SELECT status, amount, currency, digest FROM fcsdk_sync_states WHERE account = $1 AND id = $2`),
		qPut: d.Rebind(`INSERT INTO fcsdk_sync_states (account, id, status, amount, currency, digest, description, transacted_at, refresh)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (account, id) DO UPDATE SET status = excluded.status, amount = excluded.amount, currency = excluded.currency,
	digest = excluded.digest, description = excluded.description, transacted_at = excluded.transacted_at, refresh = excluded.refresh`),
		qCount: d.Rebind(`SELECT COUNT(*) FROM fcsdk_sync_states WHERE account = $1`),
	}, nil
}

// OpenSQLite opens (creating if needed) the SQLite database file at path
// with the settings a Store needs: WAL journal with synchronous=NORMAL (a
// committed transaction survives the process being killed), a 10 s busy
// timeout, and BEGIN IMMEDIATE for transactions, so that concurrent
// writers queue instead of failing with SQLITE_BUSY. The caller closes the
// *sql.DB.
func OpenSQLite(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	return db, nil
}

// Migrate applies the package's migrations that db has not recorded yet
// and returns how many it applied (0 when the schema is current).
func (s *Store) Migrate(ctx context.Context) (int, error) {
	ms, err := sqldb.Load(migrations, "migrations")
	if err != nil {
		return 0, fmt.Errorf("sqlstore: %w", err)
	}
	n, err := sqldb.Migrate(ctx, s.db, s.d, component, ms)
	if err != nil {
		return n, fmt.Errorf("sqlstore: %w", err)
	}
	return n, nil
}

// Cursor implements [transactions.Store].
func (s *Store) Cursor(ctx context.Context, account string) (string, error) {
	var c string
	err := s.db.QueryRowContext(ctx, s.qCursor, account).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		if !s.migrated(ctx) {
			return "", fmt.Errorf("%w: cursor: %w", ErrNotMigrated, err)
		}
		return "", fmt.Errorf("sqlstore: cursor: %w", err)
	}
	return c, nil
}

// migrated reports whether the cursor table can be queried, with a query
// that reads no rows on every dialect. With ctx done it reports true: then
// the failure says nothing about the schema.
func (s *Store) migrated(ctx context.Context) bool {
	rows, err := s.db.QueryContext(ctx, `SELECT 1 FROM fcsdk_sync_cursors WHERE 1 = 0`)
	if err != nil {
		return ctx.Err() != nil // a done context says nothing about the schema
	}
	_ = rows.Close()
	return true
}

// SetCursor implements [transactions.Store].
func (s *Store) SetCursor(ctx context.Context, account, refresh string) error {
	if _, err := s.db.ExecContext(ctx, s.qSetCursor, account, refresh); err != nil {
		return fmt.Errorf("sqlstore: set cursor: %w", err)
	}
	return nil
}

// Get implements [transactions.Store].
func (s *Store) Get(ctx context.Context, account, id string) (transactions.State, bool, error) {
	st := transactions.State{ID: id}
	var status, cur string
	err := s.db.QueryRowContext(ctx, s.qGet, account, id).Scan(&status, &st.Amount.Amount, &cur, &st.Digest)
	if errors.Is(err, sql.ErrNoRows) {
		return transactions.State{}, false, nil
	}
	if err != nil {
		return transactions.State{}, false, fmt.Errorf("sqlstore: get %s: %w", id, err)
	}
	st.Status, st.Amount.Currency = transactions.Status(status), balances.Currency(cur)
	return st, true, nil
}

// Put implements [transactions.Store] in a transaction of its own.
func (s *Store) Put(ctx context.Context, account string, st transactions.State, row transactions.Transaction) error {
	if err := s.put(ctx, s.db, account, st, row); err != nil {
		return fmt.Errorf("sqlstore: put %s: %w", st.ID, err)
	}
	return nil
}

// execer is what *sql.DB and *sql.Tx share.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) put(ctx context.Context, e execer, account string, st transactions.State, row transactions.Transaction) error {
	var at sql.NullInt64
	if !row.TransactedAt.IsZero() {
		at = sql.NullInt64{Int64: row.TransactedAt.Unix(), Valid: true}
	}
	_, err := e.ExecContext(ctx, s.qPut, account, st.ID, string(st.Status), st.Amount.Amount, string(st.Amount.Currency),
		st.Digest, row.Description, at, row.RefreshID)
	return err
}

// PutTx implements [transactions.TxStore]: it begins a transaction, calls
// fn with it (unless fn is nil), records st and commits. An error of fn is
// returned unchanged after the rollback; a failure to begin, write or
// commit is returned wrapped.
//
// fn must write through the *sql.Tx it is given, never through the
// *sql.DB: on SQLite the transaction holds the database's write lock, so a
// write through the *sql.DB waits out the busy timeout and then fails with
// SQLITE_BUSY ("database is locked"); on PostgreSQL it would commit apart
// from the sync state, which is what PutTx exists to prevent.
func (s *Store) PutTx(ctx context.Context, account string, st transactions.State, row transactions.Transaction, fn func(*sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: put %s: begin: %w", st.ID, err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if fn != nil {
		if err := fn(tx); err != nil {
			return err
		}
	}
	if err := s.put(ctx, tx, account, st, row); err != nil {
		return fmt.Errorf("sqlstore: put %s: %w", st.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: put %s: commit: %w", st.ID, err)
	}
	return nil
}

// Len returns how many transaction states are recorded for account.
func (s *Store) Len(ctx context.Context, account string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.qCount, account).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count: %w", err)
	}
	return n, nil
}
