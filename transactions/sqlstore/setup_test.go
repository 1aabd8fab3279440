package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/fcsdk/fcsdk/internal/pgserver"
	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

// One PostgreSQL cluster serves the package's tests, each in a database of
// its own; it is started on first use and stopped by TestMain.
var pg pgserver.Shared

func TestMain(m *testing.M) {
	if spec := os.Getenv(envCrashChild); spec != "" {
		os.Exit(crashChild(spec))
	}
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// engine is a database ready for a Store: a fresh SQLite file or a fresh
// PostgreSQL database, migrated.
type engine struct {
	name    string
	dialect sqlstore.Dialect
	dsn     string // sql.Open's second argument
	db      *sql.DB
	store   *sqlstore.Store
}

func openDB(d sqlstore.Dialect, dsn string) (*sql.DB, error) {
	if d == sqlstore.SQLite {
		return sqlstore.OpenSQLite(dsn)
	}
	return sql.Open("pgx", dsn)
}

// dialects are the engines every store test runs on, as subtests.
var dialects = []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL}

// setup returns a fresh, migrated database of dialect d: a SQLite file in
// t's temp dir or a new database on the shared PostgreSQL cluster. Without
// PostgreSQL a PostgreSQL subtest is skipped (naming the install command),
// or fails when CI is set.
func setup(t *testing.T, d sqlstore.Dialect) *engine { return setupTB(t, d) }

// setupTB is setup for tests and benchmarks.
func setupTB(t testing.TB, d sqlstore.Dialect) *engine {
	t.Helper()
	var dsn string
	if d == sqlstore.SQLite {
		dsn = filepath.Join(t.TempDir(), "sync.db")
	} else {
		dsn = pg.Database(t)
	}
	db, err := openDB(d, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st, err := sqlstore.New(db, d)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.Migrate(context.Background()); err != nil || n != 1 {
		t.Fatalf("Migrate = %d, %v; want 1 migration applied", n, err)
	}
	return &engine{name: string(d), dialect: d, dsn: dsn, db: db, store: st}
}
