package fctest

import (
	"context"
	"sync"
	"time"
)

// DefaultStart returns the simulated time at which a new [Sim]'s clock
// starts unless [WithStart] says otherwise: Monday 1 September 2025,
// 15:00 UTC. A fixed start keeps every generated object deterministic.
func DefaultStart() time.Time {
	return time.Date(2025, time.September, 1, 15, 0, 0, 0, time.UTC)
}

// Clock is the simulated clock every lifecycle of a [Sim] runs on: refreshes
// go from pending to succeeded, ACH debits settle and subscriptions refresh
// daily only when this clock moves. It never moves by itself.
//
// Clock satisfies fincon.Clock, the one clock interface of the SDK (Now
// and Sleep), which fincon.WithClock, webhooks.WithClock and
// sqlreplay.WithClock take: a client polling for a refresh with this clock
// advances the simulation instead of sleeping, and a webhooks Handler given
// it checks signatures made with [WithSimulatedSignatureTime]. A Clock is
// safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	onMove func(now time.Time) // runs outside mu after every move
}

// newClock returns a clock at start; onMove, if not nil, runs after the
// clock has moved.
func newClock(start time.Time, onMove func(time.Time)) *Clock {
	return &Clock{now: start, onMove: onMove}
}

// Now returns the current simulated time (in UTC).
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and runs every lifecycle step that
// has become due, in time order, delivering the webhooks they emit before it
// returns. A zero or negative d only runs the due steps.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	now := c.now
	c.mu.Unlock()
	if c.onMove != nil {
		c.onMove(now)
	}
}

// AdvanceTo moves the clock forward to t, like Advance(t.Sub(Now())). It
// never moves the clock backwards.
func (c *Clock) AdvanceTo(t time.Time) {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	now := c.now
	c.mu.Unlock()
	if c.onMove != nil {
		c.onMove(now)
	}
}

// Sleep advances the clock by d and returns at once. It returns ctx.Err()
// without moving the clock if ctx is already done, so callers that poll with
// Sleep still stop on cancellation.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// addBusinessDays returns t moved forward by n business days (Saturdays and
// Sundays are skipped; bank holidays are not modelled).
func addBusinessDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}
