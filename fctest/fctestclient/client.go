package fctestclient

import (
	"context"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

// Key is the API key New and ForTest give the client: a test-mode secret
// key, which the simulator accepts (it answers 401 authentication_error to
// any key that does not start with sk_test_). To use another key, pass
// Options(sim) to fincon.New.
const Key = "sk_test_fctestclient"

// Options returns the fincon options that wire a client to sim: its
// in-memory transport, its base URL, its simulated clock and no client-side
// rate limit (fincon.WithLimiter(Unlimited{})). sim must not be nil
// (Options panics on nil, like a nil receiver would).
//
// To test pacing, add fincon.WithLimiter(rate.NewLimiter(r, burst)) after
// these options (fincon.WithRateLimit cannot be combined with WithLimiter
// and fails with fincon.ErrInvalidOption).
func Options(sim *fctest.Sim) []fincon.Option {
	return []fincon.Option{
		fincon.WithTransport(sim.Transport()),
		fincon.WithBaseURL(sim.URL()),
		fincon.WithClock(sim.Clock()),
		fincon.WithLimiter(Unlimited{}),
	}
}

// Unlimited is a fincon.Limiter that never waits: the simulator needs no
// client-side pacing (it enforces a rate limit only when told to, with
// fctest.WithRateLimit). The zero value is ready to use.
type Unlimited struct{}

// Wait returns nil at once.
func (Unlimited) Wait(context.Context) error { return nil }

// New returns a fincon.Client for Key wired to sim (see Options), with opts
// applied afterwards. It returns fincon.New's error: an *fincon.OptionError
// (fincon.ErrInvalidOption) for an invalid option.
func New(sim *fctest.Sim, opts ...fincon.Option) (*fincon.Client, error) {
	return fincon.New(Key, append(Options(sim), opts...)...)
}

// ForTest is New for tests: it fails t at once (t.Fatal) if the client
// cannot be built, and closes the client when the test ends.
func ForTest(t testing.TB, sim *fctest.Sim, opts ...fincon.Option) *fincon.Client {
	t.Helper()
	c, err := New(sim, opts...)
	if err != nil {
		t.Fatalf("fctestclient: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
