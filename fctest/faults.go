package fctest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// FaultKind names one way a request can go wrong on purpose.
type FaultKind string

// Fault kinds. "Before commit" faults answer without executing the request;
// "after commit" faults execute it (creating objects and storing the
// idempotent response) and then fail, so a retry with the same
// Idempotency-Key is answered from the idempotency store.
const (
	// FaultServerErrorBeforeCommit answers 500 api_error without executing.
	FaultServerErrorBeforeCommit FaultKind = "500_before_commit"
	// FaultServerErrorAfterCommit executes, then answers 500 api_error.
	FaultServerErrorAfterCommit FaultKind = "500_after_commit"
	// FaultUnavailableBeforeCommit answers 503 api_error without executing.
	FaultUnavailableBeforeCommit FaultKind = "503_before_commit"
	// FaultUnavailableAfterCommit executes, then answers 503 api_error.
	FaultUnavailableAfterCommit FaultKind = "503_after_commit"
	// FaultLockTimeout answers 429 lock_timeout (Stripe-Should-Retry: true)
	// without executing.
	FaultLockTimeout FaultKind = "429_lock_timeout"
	// FaultRateLimit answers 429 rate_limit with Retry-After: 1 without
	// executing, as if the server's limit had been hit.
	FaultRateLimit FaultKind = "429_rate_limit"
	// FaultIdempotencyKeyInUse answers 409 idempotency_key_in_use without
	// executing.
	FaultIdempotencyKeyInUse FaultKind = "409_idempotency_key_in_use"
	// FaultDropBeforeCommit drops the connection without executing.
	FaultDropBeforeCommit FaultKind = "drop_before_commit"
	// FaultDropAfterCommit executes, then drops the connection without a
	// response.
	FaultDropAfterCommit FaultKind = "drop_after_commit"
	// FaultSlowResponse executes, then holds the response for
	// FaultPlan.Latency (real time, or fake time in a testing/synctest
	// bubble); a client whose deadline passes first sees a timeout although
	// the request took effect.
	FaultSlowResponse FaultKind = "slow_response"
	// FaultSlowBeforeCommit holds the request for FaultPlan.Latency before
	// executing it; if the client gives up first, it never executes.
	FaultSlowBeforeCommit FaultKind = "slow_before_commit"
)

// AllFaultKinds returns every fault kind, in a stable order.
func AllFaultKinds() []FaultKind {
	return []FaultKind{
		FaultServerErrorBeforeCommit, FaultServerErrorAfterCommit,
		FaultUnavailableBeforeCommit, FaultUnavailableAfterCommit,
		FaultLockTimeout, FaultRateLimit, FaultIdempotencyKeyInUse,
		FaultDropBeforeCommit, FaultDropAfterCommit,
		FaultSlowResponse, FaultSlowBeforeCommit,
	}
}

// Valid reports whether k is a known fault kind.
func (k FaultKind) Valid() bool {
	for _, x := range AllFaultKinds() {
		if k == x {
			return true
		}
	}
	return false
}

// FaultPlan says which requests get which faults. The zero value injects
// nothing. Decisions are drawn in request-arrival order from a generator
// seeded with Seed, so a sequential test sees the same faults every run.
type FaultPlan struct {
	// Seed seeds the generator that picks faulted requests and kinds.
	Seed uint64
	// Probability is the chance in [0,1] that a matching request is
	// faulted (ignored when Sequence is set).
	Probability float64
	// Kinds are the faults to choose from, uniformly. Empty means all
	// kinds except the slow ones unless Latency is set.
	Kinds []FaultKind
	// Sequence, if not empty, fixes the fault of the n-th matching request
	// to Sequence[n] ("" for none); requests beyond it are not faulted.
	Sequence []FaultKind
	// Match selects the requests that may be faulted; nil matches all.
	Match func(method, path string) bool
	// Latency is the delay of the slow kinds (default 1s).
	Latency time.Duration
	// Max caps the number of injected faults; 0 means no cap.
	Max int
}

// MatchPath returns a FaultPlan.Match that selects requests with the given
// method (empty for any) whose path starts with prefix.
func MatchPath(method, prefix string) func(string, string) bool {
	return func(m, p string) bool {
		return (method == "" || m == method) && strings.HasPrefix(p, prefix)
	}
}

type faultState struct {
	plan     FaultPlan
	rng      *rand.Rand
	matched  int
	injected int
}

func newFaultState(p FaultPlan) *faultState {
	if p.Latency <= 0 {
		p.Latency = time.Second
	}
	if len(p.Kinds) == 0 {
		for _, k := range AllFaultKinds() {
			if k == FaultSlowResponse || k == FaultSlowBeforeCommit {
				continue
			}
			p.Kinds = append(p.Kinds, k)
		}
	}
	p.Kinds = append([]FaultKind(nil), p.Kinds...)
	p.Sequence = append([]FaultKind(nil), p.Sequence...)
	return &faultState{plan: p, rng: rand.New(rand.NewPCG(p.Seed, 0xfa017))}
}

// decide draws the fault for one request; callers hold s.mu.
func (f *faultState) decide(method, path string) (FaultKind, time.Duration) {
	p := &f.plan
	if p.Match != nil && !p.Match(method, path) {
		return "", 0
	}
	n := f.matched
	f.matched++
	if p.Max > 0 && f.injected >= p.Max {
		return "", 0
	}
	var k FaultKind
	if len(p.Sequence) > 0 {
		if n >= len(p.Sequence) {
			return "", 0
		}
		k = p.Sequence[n]
	} else {
		if p.Probability <= 0 || f.rng.Float64() >= p.Probability {
			return "", 0
		}
		k = p.Kinds[f.rng.IntN(len(p.Kinds))]
	}
	if k == "" || !k.Valid() {
		return "", 0
	}
	f.injected++
	return k, p.Latency
}

// ErrInvalidFaultPlan is matched by the error of [Sim.InjectFaults] for a
// plan that would not inject what it says: an unknown kind (in Kinds or
// Sequence), a Probability outside [0,1], or a negative Latency or Max.
var ErrInvalidFaultPlan = errors.New("fctest: invalid fault plan")

// Validate returns nil for a plan InjectFaults accepts, else an error that
// matches ErrInvalidFaultPlan and names the field and, for an unknown
// kind, the valid kinds.
func (p FaultPlan) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidFaultPlan}, a...)...)
	}
	for _, f := range []struct {
		field string
		kinds []FaultKind
	}{{"Kinds", p.Kinds}, {"Sequence", p.Sequence}} {
		field := f.field
		for i, k := range f.kinds {
			if k == "" && field == "Sequence" {
				continue // "" means no fault for that request
			}
			if !k.Valid() {
				return bad("%s[%d]: unknown fault kind %q (valid: %v)", field, i, string(k), AllFaultKinds())
			}
		}
	}
	switch {
	case p.Probability < 0 || p.Probability > 1 || p.Probability != p.Probability:
		return bad("Probability %v is outside [0,1]", p.Probability)
	case p.Latency < 0:
		return bad("negative Latency %v", p.Latency)
	case p.Max < 0:
		return bad("negative Max %d", p.Max)
	}
	return nil
}

// InjectFaults replaces the current fault plan; requests arriving from now
// on are faulted according to p. Safe to call while requests are running.
// A plan that fails [FaultPlan.Validate] is refused with its error
// (ErrInvalidFaultPlan) and the current plan is kept, so a typo in a kind
// never turns a fault test into one that injects nothing.
func (s *Sim) InjectFaults(p FaultPlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = newFaultState(p)
	return nil
}

// ClearFaults stops fault injection. Counters are kept.
func (s *Sim) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// RateLimit configures the server-side token bucket. Each request takes a
// token; a request finding the bucket empty gets 429 rate_limit.
type RateLimit struct {
	// Rate is the refill rate in requests per second (Stripe test mode
	// allows 25, live mode 100).
	Rate float64
	// Burst is the bucket size (default: Rate rounded up, at least 1).
	Burst int
	// SimClock makes the bucket refill on the simulated clock instead of
	// real time: then only Clock.Advance refills it, which makes a test
	// fully deterministic. With real time (the default), tests stay
	// deterministic inside a testing/synctest bubble.
	SimClock bool
	// OmitRetryAfter leaves out the Retry-After header. Stripe does not
	// document one; by default the simulator sends the whole seconds until
	// a token is available (at least 1), which well-behaved clients honour.
	OmitRetryAfter bool
}

type bucket struct {
	cfg    RateLimit
	tokens float64
	last   time.Time
}

func newBucket(rl RateLimit) *bucket {
	if rl.Rate <= 0 {
		return nil
	}
	if rl.Burst <= 0 {
		rl.Burst = max(int(rl.Rate+0.999999), 1)
	}
	return &bucket{cfg: rl, tokens: float64(rl.Burst)}
}

// take takes a token at now; when none is left it returns false and how
// long until one is.
func (b *bucket) take(now time.Time) (bool, time.Duration) {
	if !b.last.IsZero() && now.After(b.last) {
		b.tokens += now.Sub(b.last).Seconds() * b.cfg.Rate
		if b.tokens > float64(b.cfg.Burst) {
			b.tokens = float64(b.cfg.Burst)
		}
	}
	if b.last.IsZero() || now.After(b.last) {
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	need := (1 - b.tokens) / b.cfg.Rate
	return false, time.Duration(need * float64(time.Second))
}

// limiterNow is the time the rate limiter runs on; callers hold s.mu.
func (s *Sim) limiterNow(simNow time.Time) time.Time {
	if s.limiter.cfg.SimClock {
		return simNow
	}
	return time.Now()
}

// SetRateLimit enables (Rate > 0) or disables (Rate <= 0) the server-side
// rate limit, starting with a full bucket.
func (s *Sim) SetRateLimit(rl RateLimit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter = newBucket(rl)
}
