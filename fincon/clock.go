package fincon

import (
	"context"
	"time"
)

// Clock tells the time and sleeps. The client uses it for "now" (refresh
// availability, mandate acceptance times), for the age of the permissions
// it remembers (the permission cache's TTL, WithPermissionCacheTTL: moving
// the clock past it expires every entry) and for the pauses between polls
// while waiting for a refresh. Retry backoff and rate limiting use the time
// package directly (tests drive them with testing/synctest).
//
// A Client calls Now and Sleep concurrently, from every goroutine that uses
// it (each call checks the permission cache), so an implementation must be
// safe for concurrent use. Now should not go backwards.
//
// Clock is the one clock interface of the module: webhooks.WithClock (the
// signature tolerance, the default replay store's expiry) and
// sqlreplay.WithClock (leases and TTLs) take it too, and use only Now.
// fctest's simulated clock, *fctest.Clock, satisfies it: its Sleep
// advances simulated time and returns at once.
type Clock interface {
	// Now returns the current time. It is called concurrently.
	Now() time.Time
	// Sleep pauses for d or until ctx is done, returning ctx's error in the
	// latter case.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock, the default.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits for d or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Now returns the time on the client's Clock (WithClock; the wall clock by
// default): the "now" by which FreshBalance judges a balance's age and
// by which a mandate's AcceptedAt is checked. Pass it as
// balances.CheckOptions.Now and record acceptances with it, so that both
// agree with the client — on a simulator, a wall-clock time is months off
// its simulated time.
func (c *Client) Now() time.Time { return c.clock.Now() }
