package scale

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stripe/stripe-go/v82"
	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// APIKey is the test-mode key the experiments use; the simulator accepts
// any sk_test_ key.
const APIKey = "sk_test_scale_experiments"

// ErrConfig reports an invalid experiment configuration.
var ErrConfig = errors.New("scale: invalid configuration")

// Env is an fctest simulator served over loopback HTTP, with linked
// accounts that have the balances permission.
type Env struct {
	// Sim is the simulator; its rate limit is set by each experiment.
	Sim *fctest.Sim
	// URL is the base URL of the loopback server.
	URL string
	// IDs are the linked accounts (fca_…).
	IDs  []string
	stop func()
}

// NewEnv starts a simulator (configured by opts) on 127.0.0.1 and links
// the given number of active checking accounts. The caller must Close it.
func NewEnv(ctx context.Context, accounts int, opts ...fctest.Option) (*Env, error) {
	if accounts < 1 {
		return nil, fmt.Errorf("%w: accounts must be at least 1", ErrConfig)
	}
	sim, err := fctest.New(opts...)
	if err != nil {
		return nil, err
	}
	// Setup goes through the in-memory transport and is not rate limited.
	c, err := fincon.New(APIKey, fctestclient.Options(sim)...)
	if err != nil {
		return nil, fmt.Errorf("scale: setup client: %w", err)
	}
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Scale Test"})
	if err != nil {
		return nil, fmt.Errorf("scale: setup: %w", err)
	}
	perms, err := permissions.NewSet(permissions.Balances)
	if err != nil {
		return nil, fmt.Errorf("scale: setup: %w", err)
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		return nil, fmt.Errorf("scale: setup: %w", err)
	}
	insts := make([]fctest.Institution, accounts)
	for i := range insts {
		insts[i] = fctest.InstitutionSuccess
	}
	ids, err := sim.LinkAccounts(sess.ID, insts...)
	if err != nil {
		return nil, fmt.Errorf("scale: setup: %w", err)
	}
	url, stop := sim.Serve()
	return &Env{Sim: sim, URL: url, IDs: ids, stop: stop}, nil
}

// Close stops the loopback server.
func (e *Env) Close() { e.stop() }

// Figures are what the server saw during one run.
type Figures struct {
	// Rate is the server's limit R, in requests per second.
	Rate float64
	// Requests counts the requests the server received.
	Requests int
	// RateLimited counts those answered 429 rate_limit.
	RateLimited int
	// Succeeded counts those answered 2xx.
	Succeeded int
	// Elapsed is the run's duration, until every client had returned.
	Elapsed time.Duration
}

// Goodput returns the successful requests per second.
func (f Figures) Goodput() float64 {
	if f.Elapsed <= 0 {
		return 0
	}
	return float64(f.Succeeded) / f.Elapsed.Seconds()
}

// GoodputRatio returns Goodput as a fraction of the server's limit R.
func (f Figures) GoodputRatio() float64 {
	if f.Rate <= 0 {
		return 0
	}
	return f.Goodput() / f.Rate
}

// String formats the figures on one line.
func (f Figures) String() string {
	return fmt.Sprintf("requests=%d 429s=%d ok=%d elapsed=%.2fs goodput=%.1f/s (%.3f R, R=%g/s)",
		f.Requests, f.RateLimited, f.Succeeded, f.Elapsed.Seconds(), f.Goodput(), f.GoodputRatio(), f.Rate)
}

// measure runs fn with the server limit set to r (starting with a full
// bucket of r tokens) and returns what the server saw meanwhile.
func measure(env *Env, r float64, fn func()) Figures {
	env.Sim.SetRateLimit(fctest.RateLimit{Rate: r})
	before := env.Sim.Stats()
	start := time.Now()
	fn()
	elapsed := time.Since(start)
	after := env.Sim.Stats()
	ok := 0
	for status, n := range after.ByStatus {
		if status >= 200 && status < 300 {
			ok += n - before.ByStatus[status]
		}
	}
	return Figures{
		Rate:        r,
		Requests:    after.Requests - before.Requests,
		RateLimited: after.RateLimited - before.RateLimited,
		Succeeded:   ok,
		Elapsed:     elapsed,
	}
}

// ScaleOutConfig describes a scale-out run.
type ScaleOutConfig struct {
	// Rate is the server's limit R (requests per second, required).
	Rate float64
	// Clients is the number of clients, standing for replicas (default 4).
	Clients int
	// Workers is the number of goroutines reading accounts through each
	// client (default 4).
	Workers int
	// Duration is how long the clients send requests (required).
	Duration time.Duration
	// Limiter returns the limiter of client i (required): a limiter of
	// its own, or one whose budget is shared with the others.
	Limiter func(i int) fincon.Limiter
}

// ScaleOutFigures are the figures of a scale-out run.
type ScaleOutFigures struct {
	Figures
	// ClientErrors counts calls that failed for another reason than the
	// end of the run (for instance a 429 after the client's retries).
	ClientErrors int
}

// ScaleOut runs cfg.Clients fincon clients against env for cfg.Duration,
// each with cfg.Workers goroutines reading accounts in a loop through
// its limiter, while the server enforces cfg.Rate. Calls cut short by the
// end of the run are not errors.
func ScaleOut(ctx context.Context, env *Env, cfg ScaleOutConfig) (ScaleOutFigures, error) {
	if cfg.Clients == 0 {
		cfg.Clients = 4
	}
	if cfg.Workers == 0 {
		cfg.Workers = 4
	}
	if cfg.Rate <= 0 || cfg.Duration <= 0 || cfg.Clients < 1 || cfg.Workers < 1 || cfg.Limiter == nil {
		return ScaleOutFigures{}, fmt.Errorf("%w: %+v", ErrConfig, cfg)
	}
	clients := make([]*fincon.Client, cfg.Clients)
	var transports []*http.Transport
	defer func() {
		for _, tr := range transports {
			tr.CloseIdleConnections()
		}
	}()
	for i := range clients {
		tr := newTransport()
		transports = append(transports, tr)
		c, err := fincon.New(APIKey, append(fctestclient.Options(env.Sim),
			fincon.WithBaseURL(env.URL), fincon.WithTransport(tr), fincon.WithLimiter(cfg.Limiter(i)))...)
		if err != nil {
			return ScaleOutFigures{}, fmt.Errorf("scale: client %d: %w", i, err)
		}
		clients[i] = c
	}
	var (
		errs atomic.Int64
		next atomic.Int64
	)
	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	fig := measure(env, cfg.Rate, func() {
		var wg sync.WaitGroup
		for _, c := range clients {
			for range cfg.Workers {
				wg.Go(func() {
					for runCtx.Err() == nil {
						id := env.IDs[int(next.Add(1))%len(env.IDs)]
						_, err := c.GetAccount(runCtx, id)
						switch {
						case err == nil:
						case runCtx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
							// The run ended, or would before the call could
							// go on (a limiter or retry wait outlasting it).
							return
						default:
							errs.Add(1)
						}
					}
				})
			}
		}
		wg.Wait()
	})
	if err := ctx.Err(); err != nil {
		return ScaleOutFigures{}, err
	}
	return ScaleOutFigures{Figures: fig, ClientErrors: int(errs.Load())}, nil
}

// RequestsPerItem is the least number of requests a refresh-and-read of one
// account takes: the refresh, then a read of the account that finds it
// done (with the simulator's refresh delay at zero) and carries the balance.
const RequestsPerItem = 2

// BulkConfig describes a bulk refresh run.
type BulkConfig struct {
	// Rate is the server's limit R (required); the fincon client's own
	// limiter runs at the same rate.
	Rate float64
	// Burst is the fincon client's limiter burst (default Rate/10, at
	// least 1).
	Burst int
	// Concurrency is the number of accounts processed at once, by either
	// client (default fincon.DefaultBulkConcurrency).
	Concurrency int
	// InMemory sends the requests through the simulator's in-memory
	// transport instead of loopback HTTP: the same server-side behaviour
	// (rate limit included) for less CPU per request.
	InMemory bool
}

// endpoint returns the base URL and transport to reach env, and a function
// that closes the transport's idle connections.
func (c *BulkConfig) endpoint(env *Env) (string, http.RoundTripper, func()) {
	if c.InMemory {
		return env.Sim.URL(), env.Sim.Transport(), func() {}
	}
	tr := newTransport()
	return env.URL, tr, tr.CloseIdleConnections
}

func (c *BulkConfig) setDefaults() error {
	if c.Rate <= 0 {
		return fmt.Errorf("%w: rate must be positive", ErrConfig)
	}
	if c.Burst == 0 {
		c.Burst = max(int(c.Rate/10), 1)
	}
	if c.Concurrency == 0 {
		c.Concurrency = fincon.DefaultBulkConcurrency
	}
	if c.Burst < 1 || c.Concurrency < 1 {
		return fmt.Errorf("%w: burst and concurrency must be positive", ErrConfig)
	}
	return nil
}

// BulkFigures are the figures of a bulk refresh run.
type BulkFigures struct {
	Figures
	// Items is the number of accounts.
	Items int
	// OK counts the accounts whose refresh-and-read returned a balance.
	// It is counted item by item, like Failed and Lost, so OK + Failed +
	// Lost = Items checks the bookkeeping.
	OK int
	// Failed counts the accounts whose refresh-and-read reported an error.
	Failed int
	// Lost counts the accounts that reported neither an error nor a
	// balance: silently lost work.
	Lost int
	// Ideal is the least time the work can take at the server's limit:
	// Items × RequestsPerItem / R.
	Ideal time.Duration
}

// IdealRatio returns Elapsed / Ideal.
func (f BulkFigures) IdealRatio() float64 {
	if f.Ideal <= 0 {
		return 0
	}
	return f.Elapsed.Seconds() / f.Ideal.Seconds()
}

// String formats the figures on one line.
func (f BulkFigures) String() string {
	return fmt.Sprintf("items=%d ok=%d failed=%d lost=%d requests=%d 429s=%d elapsed=%.2fs ideal=%.2fs (%.3f × ideal)",
		f.Items, f.OK, f.Failed, f.Lost, f.Requests, f.RateLimited, f.Elapsed.Seconds(), f.Ideal.Seconds(), f.IdealRatio())
}

func bulkFigures(fig Figures, items, ok, failed, lost int) BulkFigures {
	return BulkFigures{
		Figures: fig, Items: items, OK: ok, Failed: failed, Lost: lost,
		Ideal: time.Duration(float64(items*RequestsPerItem) / fig.Rate * float64(time.Second)),
	}
}

// BulkFincon refreshes and reads the balance of every account of env with
// fincon's RefreshAndReadMany, the client limited to cfg.Rate, while the
// server enforces cfg.Rate. Refresh polling runs on the simulator's clock.
func BulkFincon(ctx context.Context, env *Env, cfg BulkConfig) (BulkFigures, error) {
	if err := cfg.setDefaults(); err != nil {
		return BulkFigures{}, err
	}
	url, tr, closeIdle := cfg.endpoint(env)
	defer closeIdle()
	c, err := fincon.New(APIKey, append(fctestclient.Options(env.Sim), fincon.WithBaseURL(url), fincon.WithTransport(tr),
		fincon.WithLimiter(rate.NewLimiter(rate.Limit(cfg.Rate), cfg.Burst)))...)
	if err != nil {
		return BulkFigures{}, fmt.Errorf("scale: client: %w", err)
	}
	var (
		res    []fincon.RefreshResult
		runErr error
	)
	fig := measure(env, cfg.Rate, func() {
		res, runErr = c.RefreshAndReadMany(ctx, env.IDs, []permissions.RefreshFeature{permissions.RefreshBalance},
			fincon.BulkOptions{Concurrency: cfg.Concurrency})
	})
	if runErr != nil {
		return BulkFigures{}, fmt.Errorf("scale: bulk refresh: %w", runErr)
	}
	ok, failed, lost := 0, 0, max(0, len(env.IDs)-len(res))
	for i, r := range res {
		switch {
		case r.Err != nil:
			failed++
		case i >= len(env.IDs) || r.ID != env.IDs[i] || r.Account == nil || r.Balance.AsOf.IsZero():
			lost++
		default:
			ok++
		}
	}
	return bulkFigures(fig, len(env.IDs), ok, failed, lost), nil
}

// BulkNaive does the work of BulkFincon with a loop over bare stripe-go,
// as a straightforward integration would: a stripe.Client with its default
// backend configuration (two network retries, which skip 429 rate_limit)
// pointed at the simulator, cfg.Concurrency goroutines, no client-side
// limiter. Each account is refreshed and then read until its refresh is no
// longer pending (pausing on the simulator's clock, like BulkFincon);
// an account whose call fails is counted as failed. Only stripe-go's error
// logging is silenced, to keep test output readable.
func BulkNaive(ctx context.Context, env *Env, cfg BulkConfig) (BulkFigures, error) {
	if err := cfg.setDefaults(); err != nil {
		return BulkFigures{}, err
	}
	url, tr, closeIdle := cfg.endpoint(env)
	defer closeIdle()
	sc := stripe.NewClient(APIKey, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:           stripe.String(url),
		HTTPClient:    &http.Client{Transport: tr, Timeout: 80 * time.Second}, // stripe-go's default client
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
	outcome := make([]int, len(env.IDs)) // 0 lost, 1 ok, 2 failed
	fig := measure(env, cfg.Rate, func() {
		sem := make(chan struct{}, cfg.Concurrency)
		var wg sync.WaitGroup
		for i, id := range env.IDs {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				outcome[i] = naiveItem(ctx, sc, env.Sim.Clock(), id)
			})
		}
		wg.Wait()
	})
	if err := ctx.Err(); err != nil {
		return BulkFigures{}, err
	}
	ok, failed, lost := 0, 0, 0
	for _, o := range outcome {
		switch o {
		case 0:
			lost++
		case 1:
			ok++
		case 2:
			failed++
		}
	}
	return bulkFigures(fig, len(env.IDs), ok, failed, lost), nil
}

// naiveItem refreshes one account's balance and reads it with bare
// stripe-go: 1 for a balance read, 2 for an error, 0 for neither.
func naiveItem(ctx context.Context, sc *stripe.Client, clk *fctest.Clock, id string) int {
	p := &stripe.FinancialConnectionsAccountRefreshParams{Features: []*string{stripe.String("balance")}}
	if _, err := sc.V1FinancialConnectionsAccounts.Refresh(ctx, id, p); err != nil {
		return 2
	}
	for range 10 {
		sa, err := sc.V1FinancialConnectionsAccounts.GetByID(ctx, id, nil)
		if err != nil {
			return 2
		}
		if sa.BalanceRefresh != nil && sa.BalanceRefresh.Status == stripe.FinancialConnectionsAccountBalanceRefreshStatusPending {
			if err := clk.Sleep(ctx, time.Second); err != nil {
				return 2
			}
			continue
		}
		if sa.Balance == nil {
			return 0
		}
		return 1
	}
	return 2
}

// newTransport returns a transport configured like http.DefaultTransport,
// which the caller can close.
func newTransport() *http.Transport {
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		return dt.Clone()
	}
	return &http.Transport{}
}
