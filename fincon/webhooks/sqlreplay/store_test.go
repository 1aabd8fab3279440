package sqlreplay_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/fincon/webhooks/sqlreplay"
	"github.com/fcsdk/fcsdk/internal/pgserver"
	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

var pg pgserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// clock is a settable fincon.Clock for leases and TTLs.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.Advance(d)
	return ctx.Err()
}
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// setup returns a migrated database of dialect d.
func setup(t *testing.T, d sqlreplay.Dialect) *sql.DB { return setupTB(t, d) }

// setupTB is setup for tests and benchmarks.
func setupTB(t testing.TB, d sqlreplay.Dialect) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	if d == sqlreplay.SQLite {
		db, err = sqlstore.OpenSQLite(filepath.Join(t.TempDir(), "replay.db"))
	} else {
		db, err = sql.Open("pgx", pg.Database(t))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := sqlreplay.New(db, d)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Migrate(context.Background()); n != 1 || err != nil {
		t.Fatalf("Migrate = %d, %v", n, err)
	}
	return db
}

var dialects = []sqlreplay.Dialect{sqlreplay.SQLite, sqlreplay.PostgreSQL}

func TestNewOptions(t *testing.T) {
	t.Parallel()
	db, err := sqlstore.OpenSQLite(filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := sqlreplay.New(nil, sqlreplay.SQLite); !errors.Is(err, fincon.ErrInvalidOption) {
		t.Errorf("nil db: %v", err)
	}
	if _, err := sqlreplay.New(db, "oracle"); !errors.Is(err, fincon.ErrInvalidOption) {
		t.Errorf("bad dialect: %v", err)
	}
	for name, o := range map[string]sqlreplay.Option{"nil": nil, "lease": sqlreplay.WithLease(0), "ttl": sqlreplay.WithTTL(0), "clock": sqlreplay.WithClock(nil)} {
		_, err := sqlreplay.New(db, sqlreplay.SQLite, o)
		var oe *fincon.OptionError
		if !errors.Is(err, fincon.ErrInvalidOption) || !errors.As(err, &oe) || !strings.HasPrefix(oe.Option, "sqlreplay.") {
			t.Errorf("%s: %v, want a sqlreplay *fincon.OptionError", name, err)
		}
	}
}

// TestClaimProtocol walks ids through every answer on both engines, on a
// simulated clock: leases and TTLs run out, Release frees only its own
// claim, Purge drops what expired.
func TestClaimProtocol(t *testing.T) {
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db := setup(t, d)
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			a, _ := sqlreplay.New(db, d, sqlreplay.WithClock(clk), sqlreplay.WithLease(time.Minute), sqlreplay.WithTTL(time.Hour))
			b, _ := sqlreplay.New(db, d, sqlreplay.WithClock(clk), sqlreplay.WithLease(time.Minute), sqlreplay.WithTTL(time.Hour))
			step := func(s *sqlreplay.Store, id string, want webhooks.Claim) {
				t.Helper()
				if got, err := s.Claim(ctx, id); got != want || err != nil {
					t.Fatalf("Claim(%s) = %v, %v; want %v", id, got, err, want)
				}
			}
			step(a, "evt_1", webhooks.Claimed)
			step(b, "evt_1", webhooks.InProgress)
			if err := b.Release(ctx, "evt_1"); err != nil {
				t.Fatal(err)
			}
			step(b, "evt_1", webhooks.InProgress) // b held nothing to release
			if err := a.Release(ctx, "evt_1"); err != nil {
				t.Fatal(err)
			}
			step(b, "evt_1", webhooks.Claimed)
			if err := b.Complete(ctx, "evt_1"); err != nil {
				t.Fatal(err)
			}
			step(a, "evt_1", webhooks.Duplicate)

			step(a, "evt_2", webhooks.Claimed) // a dies holding it
			clk.Advance(59 * time.Second)
			step(b, "evt_2", webhooks.InProgress)
			clk.Advance(time.Second)
			step(b, "evt_2", webhooks.Claimed) // the lease ran out
			if err := a.Release(ctx, "evt_2"); err != nil {
				t.Fatal(err)
			}
			step(a, "evt_2", webhooks.InProgress) // a's late Release did not free b's claim

			clk.Advance(time.Hour) // evt_1's TTL and evt_2's lease are over
			n, err := a.Purge(ctx)
			if err != nil || n != 2 {
				t.Fatalf("Purge = %d, %v; want 2", n, err)
			}
			step(a, "evt_1", webhooks.Claimed) // forgotten after the TTL
		})
	}
}

// TestConcurrentClaims: of many concurrent claims of one id from separate
// stores (replicas) exactly one wins, on both engines.
func TestConcurrentClaims(t *testing.T) {
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db := setup(t, d)
			ctx := context.Background()
			for round := range 20 {
				id := fmt.Sprintf("evt_%d", round)
				var claimed, inProgress atomic.Int64
				var wg sync.WaitGroup
				for range 8 {
					s, _ := sqlreplay.New(db, d)
					wg.Go(func() {
						c, err := s.Claim(ctx, id)
						if err != nil {
							t.Error(err)
						}
						switch c {
						case webhooks.Claimed:
							claimed.Add(1)
						case webhooks.InProgress:
							inProgress.Add(1)
						}
					})
				}
				wg.Wait()
				if claimed.Load() != 1 || inProgress.Load() != 7 {
					t.Fatalf("%s: %d claimed, %d in progress; want 1 and 7", id, claimed.Load(), inProgress.Load())
				}
			}
		})
	}
}
