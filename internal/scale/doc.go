// Package scale measures how fincon clients share one Stripe rate budget:
// the experiments behind the scale-out figures in the documentation.
//
// Stripe limits requests per Stripe account, not per process. Two
// experiments run real fincon clients against an fctest simulator served on
// loopback that enforces a server-side limit of R requests per second, on
// real time:
//
//   - ScaleOut: several clients (standing for replicas of a service) read
//     accounts in a loop for a fixed time. With a limiter of R each, they
//     offer several times R together and the server answers 429s; with one
//     budget of R shared through Redis (package fincon/redislimit), the
//     server sees no 429 and the aggregate goodput stays close to R.
//   - BulkFincon and BulkNaive: a bulk refresh of many accounts
//     (Client.RefreshAndReadMany, paced by the client's limiter at R) against
//     the same loop written over bare stripe-go (default retries, no
//     limiter) at the same concurrency: time, 429s seen and items failed.
//
// The tests of this package assert the figures with margins and log them
// (go test -v ./internal/scale); the benchmarks report them as metrics
// (go test -run '^$' -bench . -benchtime 1x ./internal/scale).
//
// These runs measure rates, so they wait in real time, unlike the rest of
// the test suite: the Redis limiter reads Redis's own clock, which no fake
// clock can drive, and the server's limit must run on the same real clock
// for the comparison to be fair. Refresh polling, which fincon does on its
// injected clock, still runs on the simulator's clock and costs no real time.
package scale
