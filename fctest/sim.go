package fctest

import (
	"container/heap"
	"encoding/base64"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// DefaultURL is the base URL of the in-memory transport returned by
// [Sim.Transport]; [Sim.URL] returns it. The host never resolves, so a
// request that escapes to the network fails fast.
const DefaultURL = "http://fctest.invalid"

// ClockHeader is the response header carrying the simulated time
// (RFC 3339) of the response. Every response has it; an SDK client uses it
// to notice that it talks to a simulator on simulated time without the
// simulator's clock (package fincon refuses such calls with a hint to add
// WithClock(sim.Clock()), or to use package fctestclient).
const ClockHeader = "Fctest-Clock"

// Defaults of the lifecycle options.
const (
	// DefaultRefreshDelay is how long a refresh stays pending on the
	// simulated clock.
	DefaultRefreshDelay = 5 * time.Second
	// DefaultRefreshCooldown is how long after a refresh completes the next
	// one of the same feature may start (next_refresh_available_at).
	DefaultRefreshCooldown = time.Minute
	// DefaultSettlementDays is how many business days an ACH debit stays
	// processing before it succeeds or fails.
	DefaultSettlementDays = 4
	// DefaultSeed seeds identifiers and generated transactions.
	DefaultSeed = 1
)

// Option configures a [Sim] at construction.
type Option func(*Sim)

// WithSeed seeds the identifiers and transaction histories the simulator
// generates; the same seed and the same calls give the same objects.
func WithSeed(seed uint64) Option { return func(s *Sim) { s.seed = seed } }

// WithStart sets the simulated time the clock starts at (default
// [DefaultStart]).
func WithStart(t time.Time) Option { return func(s *Sim) { s.start = t.UTC() } }

// WithRefreshDelay sets how long refreshes stay pending on the simulated
// clock (default [DefaultRefreshDelay]). With zero, a refresh completes
// before the next request is served or at the next clock move.
func WithRefreshDelay(d time.Duration) Option {
	return func(s *Sim) {
		if d >= 0 {
			s.refreshDelay = d
		}
	}
}

// WithRefreshCooldown sets the minimum time between the end of a refresh
// and the start of the next one of the same feature (default
// [DefaultRefreshCooldown]). A refresh requested earlier fails with a 400.
func WithRefreshCooldown(d time.Duration) Option {
	return func(s *Sim) {
		if d >= 0 {
			s.refreshCooldown = d
		}
	}
}

// WithSettlementDays sets how many business days an ACH debit stays
// processing (default [DefaultSettlementDays]; 0 settles at the next clock
// move).
func WithSettlementDays(n int) Option {
	return func(s *Sim) {
		if n >= 0 {
			s.settlementDays = n
		}
	}
}

// WithRateLimit enables the server-side rate limit from the start; see
// [Sim.SetRateLimit].
func WithRateLimit(rl RateLimit) Option {
	return func(s *Sim) { s.limiter = newBucket(rl) }
}

// WithWebhookHandler delivers signed events to h in-process; see
// [Sim.SetWebhookHandler].
func WithWebhookHandler(h http.Handler, secret string) Option {
	return func(s *Sim) { s.hook = webhookTarget{handler: h, secret: secret} }
}

// WithWebhookURL delivers signed events by POSTing them to url; see
// [Sim.SetWebhookURL].
func WithWebhookURL(url, secret string) Option {
	return func(s *Sim) { s.hook = webhookTarget{url: url, secret: secret} }
}

// WithWebhookAPIVersion sets the api_version stamped on events (default
// stripe.APIVersion, the version stripe-go's webhook package accepts).
// Use another release train to test version-mismatch handling.
func WithWebhookAPIVersion(v string) Option { return func(s *Sim) { s.eventAPIVersion = v } }

// WithSignatureTime sets the clock used for the t= timestamp of
// Stripe-Signature headers. The default is the real wall clock, because
// receivers check the signature's age against their own clock, by default
// time.Now. A receiver must check against the same clock the simulator
// signs with; see "Webhooks" in the package documentation.
func WithSignatureTime(now func() time.Time) Option {
	return func(s *Sim) {
		if now != nil {
			s.sigNow, s.sigSimulated = now, false
		}
	}
}

// WithSimulatedSignatureTime signs webhook deliveries with the simulated
// time of [Sim.Clock] instead of the wall clock, so that signatures, like
// everything else, are deterministic. The receiver must then check
// signatures against the simulated clock too — with fincon/webhooks,
// webhooks.WithNow(sim.Clock().Now) — or it rejects every delivery: the
// simulated clock starts at [DefaultStart], far from the wall clock, and
// a default receiver answers 400 (a timestamp outside its tolerance).
func WithSimulatedSignatureTime() Option {
	return func(s *Sim) { s.sigSimulated = true }
}

// Sim is a stateful, in-process simulator of the Stripe endpoints used by
// Financial Connections and ACH Direct Debit. Create one with [New] per test.
//
// A Sim is safe for concurrent use: every request and every state method runs
// under one mutex, and webhooks are delivered outside it, in order.
type Sim struct {
	mu sync.Mutex

	// configuration
	seed            uint64
	start           time.Time
	refreshDelay    time.Duration
	refreshCooldown time.Duration
	settlementDays  int
	eventAPIVersion string
	sigNow          func() time.Time
	sigSimulated    bool // sign with the simulated clock

	clock *Clock
	rng   *rand.Rand

	customers        map[string]*customer
	sessions         map[string]*session
	accounts         map[string]*account
	ownerships       map[string]*ownership
	txnRefreshes     map[string]*txnRefreshRef
	transactions     map[string]*txnRow
	paymentIntents   map[string]*paymentIntent
	setupIntents     map[string]*setupIntent
	paymentMethods   map[string]*paymentMethod
	mandates         map[string]*mandate
	forcedReturns    map[string][]string // payment method → ACH return codes for its next debits
	checkoutSessions map[string]*checkoutSession
	refunds          refundState      // refunds.go
	micro            microState       // microdeposits.go
	connect          *connectState    // lazily created; see connect.go
	order            map[string]int64 // creation sequence of every object by id
	seq              int64

	steps   stepQueue
	stepSeq int64

	idem map[string]*idemEntry

	limiter *bucket
	faults  *faultState
	stats   statsState
	log     requestLog

	hook       webhookTarget
	events     []*event
	outbox     []*event
	deliverMu  sync.Mutex
	deliveries []Delivery

	testHookExecuting func() // runs while an idempotent request is in flight, unlocked
}

// New returns a simulator with its clock at [DefaultStart] (or
// [WithStart]) and no state.
func New(opts ...Option) *Sim {
	s := &Sim{
		seed:            DefaultSeed,
		start:           DefaultStart(),
		refreshDelay:    DefaultRefreshDelay,
		refreshCooldown: DefaultRefreshCooldown,
		settlementDays:  DefaultSettlementDays,
		eventAPIVersion: defaultEventAPIVersion,
		sigNow:          time.Now,
		customers:       map[string]*customer{},
		sessions:        map[string]*session{},
		accounts:        map[string]*account{},
		ownerships:      map[string]*ownership{},
		txnRefreshes:    map[string]*txnRefreshRef{},
		transactions:    map[string]*txnRow{},
		paymentIntents:  map[string]*paymentIntent{},
		setupIntents:    map[string]*setupIntent{},
		paymentMethods:  map[string]*paymentMethod{},
		mandates:        map[string]*mandate{},
		order:           map[string]int64{},
		idem:            map[string]*idemEntry{},
	}
	s.stats.init()
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	s.rng = rand.New(rand.NewPCG(s.seed, 0x9e3779b97f4a7c15))
	s.clock = newClock(s.start, s.onClockMove)
	if s.sigSimulated {
		s.sigNow = s.clock.Now
	}
	return s
}

// Clock returns the simulated clock. Pass it to the client as its clock so
// that waiting for a refresh advances the simulation.
func (s *Sim) Clock() *Clock { return s.clock }

// URL returns the base URL to use with [Sim.Transport] ([DefaultURL]).
func (s *Sim) URL() string { return DefaultURL }

// now returns the simulated time; callers hold s.mu (the clock has its own
// lock, so this is safe either way).
func (s *Sim) now() time.Time { return s.clock.Now() }

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newID returns prefix followed by 24 base-62 characters from the seeded
// generator and records its creation order. Callers hold s.mu.
func (s *Sim) newID(prefix string) string {
	b := make([]byte, len(prefix)+24)
	copy(b, prefix)
	for i := len(prefix); i < len(b); i++ {
		b[i] = idAlphabet[s.rng.IntN(len(idAlphabet))]
	}
	id := string(b)
	s.seq++
	s.order[id] = s.seq
	return id
}

// newSecret returns a random-looking secret suffix.
func (s *Sim) newSecret(n int) string {
	raw := make([]byte, n)
	for i := range raw {
		raw[i] = byte(s.rng.Uint32())
	}
	out := base64.RawURLEncoding.EncodeToString(raw)
	b := []byte(out)
	for i, c := range b {
		if c == '-' || c == '_' {
			b[i] = idAlphabet[int(c)%len(idAlphabet)]
		}
	}
	return string(b)
}

// step is a lifecycle step due at a simulated time.
type step struct {
	at  time.Time
	seq int64
	run func(at time.Time)
}

type stepQueue []*step

func (q stepQueue) Len() int { return len(q) }
func (q stepQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q stepQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *stepQueue) Push(x any)   { *q = append(*q, x.(*step)) }
func (q *stepQueue) Pop() any {
	old := *q
	t := old[len(old)-1]
	*q = old[:len(old)-1]
	return t
}

// schedule runs fn when the clock reaches at. Callers hold s.mu.
func (s *Sim) schedule(at time.Time, fn func(at time.Time)) {
	s.stepSeq++
	heap.Push(&s.steps, &step{at: at, seq: s.stepSeq, run: fn})
}

// runDueLocked runs every step due at or before now, in time order.
func (s *Sim) runDueLocked(now time.Time) {
	for s.steps.Len() > 0 && !s.steps[0].at.After(now) {
		t := heap.Pop(&s.steps).(*step)
		t.run(t.at)
	}
}

// onClockMove runs due lifecycle steps and delivers their webhooks.
func (s *Sim) onClockMove(now time.Time) {
	s.mu.Lock()
	s.runDueLocked(now)
	s.mu.Unlock()
	s.flushWebhooks()
}
