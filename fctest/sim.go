package fctest

import (
	"container/heap"
	"encoding/base64"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	neturl "net/url"
	"sync"
	"time"

	"github.com/fcsdk/fcsdk/internal/option"
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

// ErrInvalidOption is matched (errors.Is) by the error [New] returns for
// an invalid Option argument or a nil Option: an *OptionError of package
// fincon (fincon.OptionError, which fctest does not import), whose Option
// field names the option, such as "WithRefreshDelay". The error also
// matches fincon.ErrInvalidOption, like every option error of the module.
var ErrInvalidOption = errors.New("fctest: invalid option")

// optErr returns the error of option opt refusing its argument.
func optErr(opt, format string, args ...any) error {
	return option.New(ErrInvalidOption, opt, format, args...)
}

// Option configures a [Sim] at construction. Options validate their
// arguments: [New] returns the first error, which matches
// [ErrInvalidOption].
type Option func(*config) error

// config is what the options set; [New] starts from [DefaultSeed],
// [DefaultStart], [DefaultRefreshDelay] and the other defaults.
type config struct {
	seed            uint64
	start           time.Time
	refreshDelay    time.Duration
	refreshCooldown time.Duration
	settlementDays  int
	eventAPIVersion string
	sigNow          func() time.Time
	sigSimulated    bool // sign with the simulated clock

	// moved into the Sim's state by New; methods change them later
	rateLimit      *RateLimit
	webhook        webhookTarget
	microType      string
	requestLogSize int
}

// WithSeed seeds the identifiers and transaction histories the simulator
// generates; the same seed and the same calls give the same objects. Any
// value is valid; the default is [DefaultSeed].
func WithSeed(seed uint64) Option {
	return func(c *config) error {
		c.seed = seed
		return nil
	}
}

// WithStart sets the simulated time the clock starts at (default
// [DefaultStart]), kept in UTC. The zero time.Time is refused.
func WithStart(t time.Time) Option {
	return func(c *config) error {
		if t.IsZero() {
			return optErr("WithStart", "zero time")
		}
		c.start = t.UTC()
		return nil
	}
}

// WithRefreshDelay sets how long refreshes stay pending on the simulated
// clock (default [DefaultRefreshDelay], 5 s). With zero, a refresh
// completes before the next request is served or at the next clock move.
// A negative d is refused.
func WithRefreshDelay(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return optErr("WithRefreshDelay", "%s is negative", d)
		}
		c.refreshDelay = d
		return nil
	}
}

// WithRefreshCooldown sets the minimum time, on the simulated clock,
// between the end of a refresh and the start of the next one of the same
// feature (default [DefaultRefreshCooldown], 1 min; zero allows the next
// refresh at once). A refresh requested earlier fails with a 400. A
// negative d is refused.
func WithRefreshCooldown(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return optErr("WithRefreshCooldown", "%s is negative", d)
		}
		c.refreshCooldown = d
		return nil
	}
}

// WithSettlementDays sets how many business days an ACH debit stays
// processing (default [DefaultSettlementDays], 4; 0 settles at the next
// clock move). A negative n is refused.
func WithSettlementDays(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return optErr("WithSettlementDays", "%d is negative", n)
		}
		c.settlementDays = n
		return nil
	}
}

// WithRateLimit enables the server-side rate limit from the start; see
// [Sim.SetRateLimit] and [RateLimit] for the units. The default is no
// limit. rl.Rate must be positive and finite and rl.Burst not negative (0
// picks the default burst); to start without a limit, leave the option
// out.
func WithRateLimit(rl RateLimit) Option {
	return func(c *config) error {
		if !(rl.Rate > 0) || math.IsInf(rl.Rate, 1) {
			return optErr("WithRateLimit", "rate %v must be positive and finite", rl.Rate)
		}
		if rl.Burst < 0 {
			return optErr("WithRateLimit", "burst %d is negative", rl.Burst)
		}
		c.rateLimit = &rl
		return nil
	}
}

// WithWebhookHandler delivers signed events to h in-process; see
// [Sim.SetWebhookHandler]. The default is no delivery. A nil h or an empty
// secret is refused.
func WithWebhookHandler(h http.Handler, secret string) Option {
	return func(c *config) error {
		if h == nil {
			return optErr("WithWebhookHandler", "nil http.Handler")
		}
		if secret == "" {
			return optErr("WithWebhookHandler", "empty signing secret")
		}
		c.webhook = webhookTarget{handler: h, secret: secret}
		return nil
	}
}

// WithWebhookURL delivers signed events by POSTing them to url; see
// [Sim.SetWebhookURL]. The default is no delivery. url must be an
// absolute http or https URL, and secret not empty.
func WithWebhookURL(url, secret string) Option {
	return func(c *config) error {
		if u, err := neturl.Parse(url); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return optErr("WithWebhookURL", "not an absolute http or https URL")
		}
		if secret == "" {
			return optErr("WithWebhookURL", "empty signing secret")
		}
		c.webhook = webhookTarget{url: url, secret: secret}
		return nil
	}
}

// WithWebhookAPIVersion sets the api_version stamped on events (default
// stripe.APIVersion, the version stripe-go's webhook package accepts).
// Use another release train, such as "2024-06-20", to test
// version-mismatch handling. An empty v is refused.
func WithWebhookAPIVersion(v string) Option {
	return func(c *config) error {
		if v == "" {
			return optErr("WithWebhookAPIVersion", "empty version")
		}
		c.eventAPIVersion = v
		return nil
	}
}

// WithSignatureTime sets the clock used for the t= timestamp of
// Stripe-Signature headers. The default is the real wall clock, because
// receivers check the signature's age against their own clock, by default
// time.Now. A receiver must check against the same clock the simulator
// signs with; see "Webhooks" in the package documentation. A nil now is
// refused. Of WithSignatureTime and [WithSimulatedSignatureTime], the
// last one given wins.
func WithSignatureTime(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return optErr("WithSignatureTime", "nil clock")
		}
		c.sigNow, c.sigSimulated = now, false
		return nil
	}
}

// WithSimulatedSignatureTime signs webhook deliveries with the simulated
// time of [Sim.Clock] instead of the wall clock, so that signatures, like
// everything else, are deterministic. The receiver must then check
// signatures against the simulated clock too — with fincon/webhooks,
// webhooks.WithClock(sim.Clock()) — or it rejects every delivery: the
// simulated clock starts at [DefaultStart], far from the wall clock, and
// a default receiver answers 400 (a timestamp outside its tolerance).
func WithSimulatedSignatureTime() Option {
	return func(c *config) error {
		c.sigSimulated = true
		return nil
	}
}

// Sim is a stateful, in-process simulator of the Stripe endpoints used by
// Financial Connections and ACH Direct Debit. Create one with [New] per test.
//
// A Sim is safe for concurrent use: every request and every state method runs
// under one mutex, and webhooks are delivered outside it, in order.
type Sim struct {
	mu sync.Mutex

	config // what the options set; see New for the parts that are state

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
// [WithStart]) and no state. It fails, with an error matching
// [ErrInvalidOption], on a nil Option or an invalid option argument;
// without options it never fails.
func New(opts ...Option) (*Sim, error) {
	cfg := config{
		seed:            DefaultSeed,
		start:           DefaultStart(),
		refreshDelay:    DefaultRefreshDelay,
		refreshCooldown: DefaultRefreshCooldown,
		settlementDays:  DefaultSettlementDays,
		eventAPIVersion: defaultEventAPIVersion,
		sigNow:          time.Now,
	}
	for i, o := range opts {
		if o == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	s := &Sim{
		config:         cfg,
		customers:      map[string]*customer{},
		sessions:       map[string]*session{},
		accounts:       map[string]*account{},
		ownerships:     map[string]*ownership{},
		txnRefreshes:   map[string]*txnRefreshRef{},
		transactions:   map[string]*txnRow{},
		paymentIntents: map[string]*paymentIntent{},
		setupIntents:   map[string]*setupIntent{},
		paymentMethods: map[string]*paymentMethod{},
		mandates:       map[string]*mandate{},
		order:          map[string]int64{},
		idem:           map[string]*idemEntry{},
		hook:           cfg.webhook,
	}
	s.stats.init()
	if cfg.rateLimit != nil {
		s.limiter = newBucket(*cfg.rateLimit)
	}
	s.micro.typ = cfg.microType
	s.log.size = cfg.requestLogSize
	s.rng = rand.New(rand.NewPCG(s.seed, 0x9e3779b97f4a7c15))
	s.clock = newClock(s.start, s.onClockMove)
	if s.sigSimulated {
		s.sigNow = s.clock.Now
	}
	return s, nil
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
