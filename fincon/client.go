package fincon

import (
	"context"
	"iter"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/internal/transport"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

// Limiter paces the client's HTTP attempts; every attempt, retries
// included, waits on it. *rate.Limiter from golang.org/x/time/rate
// satisfies it. Wait must return promptly with an error once ctx is done.
type Limiter interface {
	Wait(ctx context.Context) error
}

// API is the set of operations of a Client. *Client satisfies it.
//
// To fake the client in a test, do not implement API: declare, next to
// the code that uses it, an interface of the two or three methods it calls
// (*Client satisfies any such subset), and build the fake's return values
// with AccountFromStripe, PaymentIntentFromStripe and SetupIntentFromStripe
// (Example_testYourService shows it).
type API interface {
	// CreateCustomer creates a Customer, the usual account holder.
	CreateCustomer(ctx context.Context, p CustomerParams) (string, error)

	// CreateSession creates a Financial Connections Session.
	CreateSession(ctx context.Context, p SessionParams) (*Session, error)
	// GetSession retrieves a session and the accounts linked so far.
	GetSession(ctx context.Context, id string) (*Session, error)

	// ListAccounts lists the accounts of a holder or a session.
	ListAccounts(ctx context.Context, p ListAccountsParams) iter.Seq2[*Account, error]
	// GetAccount retrieves an account.
	GetAccount(ctx context.Context, id string) (*Account, error)
	// DisconnectAccount disconnects an account; its data can no longer be
	// refreshed.
	DisconnectAccount(ctx context.Context, id string) (*Account, error)
	// SubscribeTransactions subscribes to daily transaction refreshes.
	SubscribeTransactions(ctx context.Context, id string) (*Account, error)
	// UnsubscribeTransactions ends the daily transaction refreshes.
	UnsubscribeTransactions(ctx context.Context, id string) (*Account, error)

	// Refresh starts refreshes of the given features.
	Refresh(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error)
	// WaitForRefresh waits until the features' refreshes are done: it polls
	// the account, or with WithRefreshEvents waits for refresh events, with
	// a slow poll as a safety net.
	WaitForRefresh(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error)
	// RefreshAndWait is Refresh followed by WaitForRefresh.
	RefreshAndWait(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error)

	// Balance returns the account's latest balance.
	Balance(ctx context.Context, id string) (balances.Balance, error)
	// FreshBalance returns a balance no older than maxAge, refreshing only
	// when needed and allowed, with the account it read.
	FreshBalance(ctx context.Context, id string, maxAge time.Duration) (balances.Balance, *Account, error)
	// Owners lists the account's owners from the latest ownership refresh.
	Owners(ctx context.Context, id string) iter.Seq2[ownership.Owner, error]
	// Transactions lists the account's transactions.
	Transactions(ctx context.Context, id string, opts TransactionListOptions) iter.Seq2[transactions.Transaction, error]

	// CreatePaymentIntent creates an ACH Direct Debit PaymentIntent from a
	// linked account.
	CreatePaymentIntent(ctx context.Context, p PaymentIntentParams) (*PaymentIntent, error)
	// GetPaymentIntent retrieves a PaymentIntent.
	GetPaymentIntent(ctx context.Context, id string) (*PaymentIntent, error)
	// ConfirmPaymentIntent confirms a PaymentIntent with a mandate.
	ConfirmPaymentIntent(ctx context.Context, id string, p ConfirmParams) (*PaymentIntent, error)
	// CreateSetupIntent creates an ACH SetupIntent from a linked account.
	CreateSetupIntent(ctx context.Context, p SetupIntentParams) (*SetupIntent, error)
	// ConfirmSetupIntent confirms a SetupIntent with a mandate.
	ConfirmSetupIntent(ctx context.Context, id string, p ConfirmParams) (*SetupIntent, error)
	// FinancialConnectionsAccountOf returns the fca_… id behind a
	// PaymentIntent's payment method.
	FinancialConnectionsAccountOf(ctx context.Context, paymentIntentID string) (string, error)

	// RefreshAndReadMany refreshes many accounts and reads what the
	// refreshes produced, with bounded concurrency and per-item results.
	RefreshAndReadMany(ctx context.Context, ids []string, features []permissions.RefreshFeature, opts BulkOptions) ([]RefreshResult, error)
	// SyncTransactionsMany runs incremental transaction syncs of many
	// accounts into store, with bounded concurrency and per-item results.
	SyncTransactionsMany(ctx context.Context, ids []string, store transactions.Store, fn func(context.Context, transactions.Event) error, opts BulkOptions) ([]SyncResult, error)
}

var _ API = (*Client)(nil)

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
// key; an empty key is refused with ErrNoAPIKey, any other key, such as a
// publishable key (pk_…), with a *ParamError matching ErrInvalidAPIKey that
// does not quote it. Keys starting with sk_test_ or rk_test_ (or any key
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
	for _, o := range opts {
		if o == nil {
			return nil, optErr("Option", "nil option")
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	lim := cfg.limiter
	if lim == nil && cfg.rateLimit != rate.Inf {
		lim = rate.NewLimiter(cfg.rateLimit, cfg.burst)
	}
	attempt := cfg.httpClient
	if attempt != nil && attempt.Timeout == 0 {
		cp := *attempt
		cp.Timeout = DefaultAttemptTimeout
		attempt = &cp
	}
	tc := transport.Config{
		HTTPClient:   attempt,
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
	hc.Transport = stripeAccountHeader{next: errorBodies{next: hc.Transport}}
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
	backends.API = checkedBackend{Backend: backends.API, obs: cfg.observer}
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
