package fincon

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// Limiter paces the client's HTTP attempts; every attempt, retries
// included, waits on it. *rate.Limiter from golang.org/x/time/rate
// satisfies it. Wait must return promptly with an error once ctx is done.
type Limiter interface {
	Wait(ctx context.Context) error
}

// Client talks to Stripe Financial Connections and ACH payments. Create it
// with New. A Client is safe for concurrent use; share one per API key.
//
// Every HTTP attempt goes through one rate limiter and one retry layer (see
// the package documentation). The client remembers the permissions of the
// accounts it has seen (from any account it returned) so that reads outside
// them fail without a request.
type Client struct {
	sc        *stripe.Client
	clock     Clock
	events    RefreshEvents
	perms     *permCache
	connect   *connectCache
	logger    *slog.Logger // nil: silent
	livemode  bool
	pollFirst time.Duration
	pollMax   time.Duration
	hc        *http.Client // for Close
}

// New returns a Client for apiKey, a secret (sk_…) or restricted (rk_…)
// key; it refuses an empty key with a *ParamError matching ErrNoAPIKey, and
// any other key, such as a publishable key (pk_…), with one matching
// ErrInvalidAPIKey that does not quote it (both match ErrInvalidParams). Keys starting with sk_test_ or rk_test_ (or any key
// not starting with sk_live_/rk_live_) get the test-mode rate limit by
// default. Surrounding white space (a trailing newline read from a file) is
// trimmed. Options are applied in order; the first invalid one makes New
// fail with an *OptionError.
//
// New never touches stripe-go's package-level settings (stripe.Key and
// friends).
func New(apiKey string, opts ...Option) (*Client, error) {
	apiKey = strings.TrimSpace(apiKey)
	if err := checkAPIKey(apiKey); err != nil {
		return nil, err
	}
	live := strings.HasPrefix(apiKey, "sk_live_") || strings.HasPrefix(apiKey, "rk_live_")
	cfg := config{
		maxRetries:      DefaultMaxRetries,
		waitMin:         DefaultRetryWaitMin,
		waitMax:         DefaultRetryWaitMax,
		clock:           SystemClock{},
		pollInterval:    DefaultPollInterval,
		maxPollInterval: DefaultMaxPollInterval,
		rateLimit:       DefaultTestRate,
		burst:           DefaultTestBurst,
		maxBodyBytes:    DefaultMaxResponseBytes,
		permTTL:         DefaultPermissionCacheTTL,
	}
	if live {
		cfg.rateLimit, cfg.burst = DefaultLiveRate, DefaultLiveBurst
	}
	for i, o := range opts {
		if o == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	lim := cfg.limiter
	if lim == nil && cfg.rateLimit != rate.Inf {
		lim = rate.NewLimiter(cfg.rateLimit, cfg.burst)
	}
	tc := transport.Config{
		HTTPClient:   cfg.httpClient,
		Base:         cfg.transport,
		Limiter:      lim,
		MaxRetries:   cfg.maxRetries,
		WaitMin:      cfg.waitMin,
		WaitMax:      cfg.waitMax,
		Logger:       cfg.logger,
		MaxBodyBytes: cfg.maxBodyBytes,
	}
	if cfg.observer != nil {
		tc.Observe = observeAttempt(cfg.observer)
	}
	hc := transport.New(tc)
	hc.Transport = stripeAccountHeader{next: hc.Transport}
	if !cfg.clockSet {
		hc.Transport = simClockGuard{next: hc.Transport} // see ErrSimulatorClock
	}
	bc := &stripe.BackendConfig{
		HTTPClient:        hc,
		MaxNetworkRetries: stripe.Int64(0),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if cfg.baseURL != "" {
		bc.URL = stripe.String(cfg.baseURL)
	}
	backends := stripe.NewBackendsWithConfig(bc)
	backends.API = transport.Checked{Backend: backends.API}
	if cfg.observer != nil {
		backends.API = observedBackend{Backend: backends.API, obs: cfg.observer}
	}
	c := &Client{
		sc:        stripe.NewClient(apiKey, stripe.WithBackends(backends)),
		hc:        hc,
		clock:     cfg.clock,
		events:    cfg.events,
		perms:     newPermCache(permCacheSize, cfg.permTTL, cfg.clock),
		connect:   newConnectCache(permCacheSize, cfg.permTTL, cfg.clock),
		logger:    cfg.logger,
		livemode:  live,
		pollFirst: cfg.pollInterval,
		pollMax:   cfg.maxPollInterval,
	}
	return c, nil
}

// String describes the client without its key.
func (c *Client) String() string {
	if c.livemode {
		return "fincon.Client(live)"
	}
	return "fincon.Client(test)"
}
