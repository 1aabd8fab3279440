// Package redislimit shares one request budget between processes through
// Redis, so that several replicas of a service stay within one Stripe rate
// limit together.
//
// Stripe limits requests per Stripe account (25 per second in test mode, 100
// in live mode), not per process. Eight replicas that each allow themselves
// 25 requests per second send up to 200 and receive 429 responses. A
// [Limiter] from this package keeps the budget in Redis instead: every
// replica that uses the same key draws from the same budget.
//
// The algorithm is GCRA (the generic cell rate algorithm, a token bucket
// that stores one timestamp per key) from github.com/go-redis/redis_rate/v10,
// evaluated atomically inside Redis by a Lua script that reads Redis's own
// clock, so the replicas' clocks do not matter. The Redis key is "rate:"
// followed by the key passed to [New].
//
// A *Limiter satisfies fincon.Limiter (interface{ Wait(ctx) error }):
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true})
//	lim, err := redislimit.New(rdb, "stripe:acct_123:live", 100, 1)
//	...
//	client, err := fincon.New(apiKey, fincon.WithLimiter(lim))
//
// # Waiting
//
// [Limiter.Wait] asks Redis for one event. When the budget is spent, Redis
// answers how long until the next event can be allowed, and Wait sleeps that
// long (on a timer, returning early if ctx is done) before asking again.
// Wait returns at once with an error wrapping context.DeadlineExceeded when
// ctx's deadline comes before the earliest moment an event could be allowed.
//
// A burst of 1 spaces events evenly (one every 1/r seconds across all
// replicas), which a server-side limit counted over a one-second window
// accepts without 429s. The budget is not reserved in advance, so a waiter
// that wakes late (on a loaded host) loses its slot: a small burst, such as
// r/10, absorbs that and keeps throughput near r, at the cost of up to burst
// extra events in any window. GCRA never allows more than burst + r·t events
// in t seconds.
//
// # When Redis is unreachable
//
// Each call to Redis is bounded by a timeout ([WithTimeout], default 100ms),
// so a Redis that accepts connections but never answers cannot hang Wait.
// How the bound is enforced depends on the client:
//
//   - A *redis.Client, *redis.ClusterClient or *redis.Ring created with
//     ContextTimeoutEnabled: true uses the context's deadline for its
//     socket reads and writes. The limiter calls it directly with a context
//     that expires after the timeout; nothing outlives the call. This is
//     the recommended setup.
//   - Any other Client (ContextTimeoutEnabled off, wrappers, other types)
//     may ignore the deadline and block for its own ReadTimeout. The
//     limiter then runs each call on a goroutine and stops waiting for it
//     at the timeout. That costs a goroutine and a channel per call to
//     Redis, and a call abandoned at the timeout keeps its goroutine and
//     pooled connection until the client's ReadTimeout ends it.
//
// When a call fails or times out, the limiter switches to [Local] mode: it
// keeps limiting, with an in-process golang.org/x/time/rate limiter allowed
// a fraction of the budget ([WithFallbackFraction], default 1/4, burst scaled
// the same way and at least 1). With N replicas, a fraction of 1/N or less
// keeps the whole fleet within the budget while Redis is down. The limiter
// never waits for Redis to come back and never lets requests through
// unlimited. It tries Redis again after [WithRetryInterval] (default 1s; one
// caller probes, the others keep using the local limit) and returns to
// [Shared] mode on the first success.
//
// Every switch is reported to the callback given with [WithModeChange] and,
// at level Warn (to Local) or Info (back to Shared), to the logger given with
// [WithLogger]. The limiter is silent by default.
//
// # Concurrency
//
// A Limiter is safe for concurrent use by multiple goroutines. Share one per
// process and key; several in one process on the same key also share the
// budget, each paying a Redis round trip per event.
package redislimit
