package sqlreplay

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/internal/claims"
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

// ErrInvalidOption is returned by New for a nil *sql.DB, an unsupported
// Dialect, a nil Option or an invalid option value.
var ErrInvalidOption = errors.New("sqlreplay: invalid option")

// An Option configures a Store; it validates its argument.
type Option func(*Store) error

// WithLease sets the claim lease (default DefaultLease, at least 1 ms).
func WithLease(d time.Duration) Option {
	return func(s *Store) error {
		if err := claims.CheckDuration("lease", d); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidOption, err)
		}
		s.lease = d
		return nil
	}
}

// WithTTL sets how long a processed id is remembered (default
// webhooks.DefaultReplayTTL, at least 1 ms).
func WithTTL(d time.Duration) Option {
	return func(s *Store) error {
		if err := claims.CheckDuration("ttl", d); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidOption, err)
		}
		s.ttl = d
		return nil
	}
}

// WithNow sets the clock of leases and TTLs (default time.Now).
func WithNow(now func() time.Time) Option {
	return func(s *Store) error {
		if now == nil {
			return fmt.Errorf("%w: nil clock", ErrInvalidOption)
		}
		s.now = now
		return nil
	}
}

const component = "fincon/webhooks/sqlreplay"

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a webhooks.ReplayStore in a SQL database. It is safe for
// concurrent use; create one per process with New.
type Store struct {
	db    *sql.DB
	d     Dialect
	lease time.Duration
	ttl   time.Duration
	now   func() time.Time

	qClaim, qState, qComplete, qRelease, qPurge string

	tokens claims.Tokens // this process's claims
}

var _ webhooks.ReplayStore = (*Store)(nil)

// New returns a Store on db, whose engine is d. Call Migrate before use.
func New(db *sql.DB, d Dialect, opts ...Option) (*Store, error) {
	if db == nil {
		return nil, fmt.Errorf("%w: nil *sql.DB", ErrInvalidOption)
	}
	if !d.Valid() {
		return nil, fmt.Errorf("%w: %w: %q", ErrInvalidOption, sqldb.ErrDialect, string(d))
	}
	s := &Store{db: db, d: d, lease: DefaultLease, ttl: webhooks.DefaultReplayTTL, now: time.Now,
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
			return nil, fmt.Errorf("%w: option %d is nil", ErrInvalidOption, i)
		}
		if err := o(s); err != nil {
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
	now := s.now()
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
	if _, err := s.db.ExecContext(ctx, s.qComplete, eventID, s.now().Add(s.ttl).UnixMilli()); err != nil {
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
	res, err := s.db.ExecContext(ctx, s.qPurge, s.now().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("sqlreplay: purge: %w", err)
	}
	return res.RowsAffected()
}
