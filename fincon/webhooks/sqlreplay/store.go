package sqlreplay

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/internal/claims"
	"github.com/fcsdk/fcsdk/internal/option"
	"github.com/fcsdk/fcsdk/internal/sqldb"
)

// Dialect names the SQL engine behind a *sql.DB.
type Dialect = sqldb.Dialect

// The supported engines.
const (
	// SQLite through modernc.org/sqlite (driver name "sqlite").
	SQLite = sqldb.SQLite
	// PostgreSQL through github.com/jackc/pgx/v5/stdlib (driver name "pgx").
	PostgreSQL = sqldb.PostgreSQL
)

// DefaultLease is how long a claim holds an event id if its process
// neither completes nor releases it.
const DefaultLease = claims.DefaultLease

// An Option configures a Store. Options validate their argument: an
// invalid one, like a nil Option, makes New fail with a
// *fincon.OptionError naming it ("sqlreplay.WithLease") and matching
// fincon.ErrInvalidOption.
type Option func(*config) error

// config is what the options set.
type config struct {
	lease time.Duration
	ttl   time.Duration
	clock fincon.Clock
}

// optErr returns the error of option opt (named without the package)
// refusing its argument.
func optErr(opt, format string, args ...any) error {
	return option.New(nil, "sqlreplay."+opt, format, args...)
}

// WithLease sets the claim lease (default DefaultLease, 60 s; at least
// claims' 1 ms, the precision the store keeps time to).
func WithLease(d time.Duration) Option {
	return func(c *config) error {
		if err := claims.CheckDuration("lease", d); err != nil {
			return optErr("WithLease", "%v", err)
		}
		c.lease = d
		return nil
	}
}

// WithTTL sets how long a processed id is remembered (default
// webhooks.DefaultReplayTTL, 72 h; at least 1 ms).
func WithTTL(d time.Duration) Option {
	return func(c *config) error {
		if err := claims.CheckDuration("ttl", d); err != nil {
			return optErr("WithTTL", "%v", err)
		}
		c.ttl = d
		return nil
	}
}

// WithClock sets the clock whose Now leases and TTLs are measured on
// (default fincon.SystemClock, the wall clock); the Store never calls
// Sleep. A nil clk is refused.
func WithClock(clk fincon.Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return optErr("WithClock", "nil Clock")
		}
		c.clock = clk
		return nil
	}
}

const component = "fincon/webhooks/sqlreplay"

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a webhooks.ReplayStore in a SQL database. It is safe for
// concurrent use; create one per process with New.
type Store struct {
	db *sql.DB
	d  Dialect
	config

	qClaim, qState, qComplete, qRelease, qPurge string

	tokens claims.Tokens // this process's claims
}

var _ webhooks.ReplayStore = (*Store)(nil)

// New returns a Store on db, whose engine is d. Call Migrate before use.
// A nil db, a d other than SQLite and PostgreSQL, a nil Option or an
// invalid option argument is a *fincon.OptionError
// (fincon.ErrInvalidOption).
func New(db *sql.DB, d Dialect, opts ...Option) (*Store, error) {
	if db == nil {
		return nil, optErr("New", "nil *sql.DB")
	}
	if !d.Valid() {
		return nil, optErr("New", "%v: %q", sqldb.ErrDialect, string(d))
	}
	s := &Store{db: db, d: d, config: config{lease: DefaultLease, ttl: webhooks.DefaultReplayTTL, clock: fincon.SystemClock{}},
		qClaim: d.Rebind(`INSERT INTO fcsdk_webhook_events (event_id, state, token, expires_at) VALUES ($1, 'claimed', $2, $3)
ON CONFLICT (event_id) DO UPDATE SET state = 'claimed', token = excluded.token, expires_at = excluded.expires_at
WHERE fcsdk_webhook_events.expires_at <= $4
RETURNING token`),
		qState: d.Rebind(`SELECT state FROM fcsdk_webhook_events WHERE event_id = $1`),
		qComplete: d.Rebind(`INSERT INTO fcsdk_webhook_events (event_id, state, token, expires_at) VALUES ($1, 'done', '', $2)
ON CONFLICT (event_id) DO UPDATE SET state = 'done', token = '', expires_at = excluded.expires_at`),
		qRelease: d.Rebind(`DELETE FROM fcsdk_webhook_events WHERE event_id = $1 AND state = 'claimed' AND token = $2`),
		qPurge:   d.Rebind(`DELETE FROM fcsdk_webhook_events WHERE expires_at <= $1`),
	}
	for i, o := range opts {
		if o == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := o(&s.config); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Migrate applies the package's migrations that db has not recorded yet
// and returns how many it applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	ms, err := sqldb.Load(migrations, "migrations")
	if err != nil {
		return 0, fmt.Errorf("sqlreplay: %w", err)
	}
	n, err := sqldb.Migrate(ctx, s.db, s.d, component, ms)
	if err != nil {
		return n, fmt.Errorf("sqlreplay: %w", err)
	}
	return n, nil
}

// Claim implements webhooks.ReplayStore.
func (s *Store) Claim(ctx context.Context, eventID string) (webhooks.Claim, error) {
	token := claims.NewToken()
	now := s.clock.Now()
	var got string
	err := s.db.QueryRowContext(ctx, s.qClaim, eventID, token, now.Add(s.lease).UnixMilli(), now.UnixMilli()).Scan(&got)
	if err == nil {
		s.tokens.Put(eventID, token)
		return webhooks.Claimed, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("sqlreplay: claim %s: %w", eventID, err)
	}
	var state string
	err = s.db.QueryRowContext(ctx, s.qState, eventID).Scan(&state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return webhooks.InProgress, nil // released or purged just now: Stripe retries
	case err != nil:
		return 0, fmt.Errorf("sqlreplay: claim %s: %w", eventID, err)
	case state == "done":
		return webhooks.Duplicate, nil
	}
	return webhooks.InProgress, nil
}

// Complete implements webhooks.ReplayStore.
func (s *Store) Complete(ctx context.Context, eventID string) error {
	s.tokens.Take(eventID)
	if _, err := s.db.ExecContext(ctx, s.qComplete, eventID, s.clock.Now().Add(s.ttl).UnixMilli()); err != nil {
		return fmt.Errorf("sqlreplay: complete %s: %w", eventID, err)
	}
	return nil
}

// Release implements webhooks.ReplayStore: the claim is dropped only if
// this process still holds it.
func (s *Store) Release(ctx context.Context, eventID string) error {
	token := s.tokens.Take(eventID)
	if token == "" {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, s.qRelease, eventID, token); err != nil {
		return fmt.Errorf("sqlreplay: release %s: %w", eventID, err)
	}
	return nil
}

// Purge deletes expired claims and processed ids past their TTL, and
// returns how many rows it deleted.
func (s *Store) Purge(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.qPurge, s.clock.Now().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("sqlreplay: purge: %w", err)
	}
	return res.RowsAffected()
}
