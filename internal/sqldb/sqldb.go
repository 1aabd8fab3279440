package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Dialect names the SQL engine behind a *sql.DB.
type Dialect string

// The supported engines.
const (
	// SQLite, through the pure-Go driver modernc.org/sqlite (driver name
	// "sqlite").
	SQLite Dialect = "sqlite"
	// PostgreSQL, through pgx's database/sql driver
	// github.com/jackc/pgx/v5/stdlib (driver name "pgx").
	PostgreSQL Dialect = "postgres"
)

// ErrDialect is returned for a Dialect other than [SQLite] and
// [PostgreSQL].
var ErrDialect = errors.New("unsupported SQL dialect (want sqlite or postgres)")

// Valid reports whether d is [SQLite] or [PostgreSQL].
func (d Dialect) Valid() bool { return d == SQLite || d == PostgreSQL }

// Rebind returns query, written with PostgreSQL's $1, $2 … placeholders,
// in d's syntax: SQLite's numbered ?1, ?2 ….
func (d Dialect) Rebind(query string) string {
	if d != SQLite {
		return query
	}
	return strings.ReplaceAll(query, "$", "?")
}

// Migration is one embedded migration file, NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Load reads the migrations of dir in fsys: files named NNNN_name.sql,
// sorted by version. Versions must be unique and positive.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].Name, ms[i].Name, ms[i].Version)
		}
	}
	return ms, nil
}

// Migrate applies, in order and each in its own transaction, the
// migrations of component that db has not recorded yet in
// fcsdk_migrations, and returns how many it applied. On PostgreSQL an
// advisory lock serializes concurrent callers (several replicas starting
// at once); on SQLite the write transaction does.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, component string, ms []Migration) (int, error) {
	if !d.Valid() {
		return 0, ErrDialect
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS fcsdk_migrations (
	component TEXT NOT NULL,
	version INTEGER NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (component, version))`); err != nil {
		return 0, fmt.Errorf("create fcsdk_migrations: %w", err)
	}
	applied := 0
	for _, m := range ms {
		done, err := apply(ctx, db, d, component, m)
		if err != nil {
			return applied, fmt.Errorf("migration %s/%s: %w", component, m.Name, err)
		}
		if done {
			applied++
		}
	}
	return applied, nil
}

func apply(ctx context.Context, db *sql.DB, d Dialect, component string, m Migration) (applied bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if d == PostgreSQL {
		// One lock for every fcsdk migration: key = "fcsdk" in ASCII.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(448430728043)`); err != nil {
			return false, err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, d.Rebind(`SELECT COUNT(*) FROM fcsdk_migrations WHERE component = $1 AND version = $2`),
		component, m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, tx.Rollback()
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO fcsdk_migrations (component, version, name) VALUES ($1, $2, $3)`),
		component, m.Version, m.Name); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
