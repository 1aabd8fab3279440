package redislimit

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/option"
)

// Defaults of the options.
const (
	DefaultTimeout          = 100 * time.Millisecond
	DefaultFallbackFraction = 0.25
	DefaultRetryInterval    = time.Second
)

// Client is the part of a go-redis client that the limiter uses. It is
// satisfied by *redis.Client, *redis.ClusterClient, *redis.Ring and
// redis.UniversalClient.
type Client interface {
	redis.Scripter
	Del(ctx context.Context, keys ...string) *redis.IntCmd
}

var (
	_ Client = (*redis.Client)(nil)
	_ Client = (*redis.ClusterClient)(nil)
	_ Client = (*redis.Ring)(nil)
)

// Mode says which budget a [Limiter] draws from.
type Mode int

const (
	// Shared means the budget in Redis, shared with every limiter on the
	// same key. It is the mode of a new Limiter.
	Shared Mode = iota
	// Local means the in-process fallback budget, used while Redis is
	// unreachable.
	Local
)

// String returns "shared" or "local".
func (m Mode) String() string {
	switch m {
	case Shared:
		return "shared"
	case Local:
		return "local"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// An Option configures a [Limiter]. Options validate their argument; [New]
// returns the first error: a *fincon.OptionError naming the option
// ("redislimit.WithTimeout") and matching fincon.ErrInvalidOption.
type Option func(*config) error

// optErr returns the error of option opt (named without the package)
// refusing its argument.
func optErr(opt, format string, args ...any) error {
	return option.New(nil, "redislimit."+opt, format, args...)
}

type config struct {
	timeout       time.Duration
	fraction      float64
	retryInterval time.Duration
	onChange      func(Mode, error)
	logger        *slog.Logger
}

// WithTimeout bounds each call to Redis (default [DefaultTimeout]). A call
// that takes longer counts as Redis being unreachable. d must be positive.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return optErr("WithTimeout", "%v is not positive", d)
		}
		c.timeout = d
		return nil
	}
}

// WithFallbackFraction sets the share of the budget (rate and burst) that the
// local fallback limiter allows while Redis is unreachable (default
// [DefaultFallbackFraction]). With N replicas, 1/N or less keeps the fleet
// within the budget. f must be in (0, 1].
func WithFallbackFraction(f float64) Option {
	return func(c *config) error {
		if !(f > 0 && f <= 1) { // also rejects NaN
			return optErr("WithFallbackFraction", "%v is not in (0, 1]", f)
		}
		c.fraction = f
		return nil
	}
}

// WithRetryInterval sets how long the limiter stays in [Local] mode after a
// failed call before it tries Redis again (default [DefaultRetryInterval]).
// d must be positive.
func WithRetryInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return optErr("WithRetryInterval", "%v is not positive", d)
		}
		c.retryInterval = d
		return nil
	}
}

// WithModeChange registers fn to be called on every switch between modes:
// fn(Local, err) with the Redis error that caused it, and fn(Shared, nil)
// when Redis answers again. fn is called synchronously by the Wait that
// noticed the switch, possibly from several goroutines at once; it must not
// block.
func WithModeChange(fn func(mode Mode, err error)) Option {
	return func(c *config) error {
		c.onChange = fn
		return nil
	}
}

// WithLogger logs every switch between modes to l: at level Warn when
// falling back to Local, at level Info when back to Shared. Without it the
// limiter logs nothing, which is the default. A nil l is refused, as by
// fincon.WithLogger: leave the option out to stay silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return optErr("WithLogger", "nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// Limiter is a rate limiter whose budget lives in Redis, with a local
// fallback. Create one with [New]; the zero value is not usable. A Limiter is
// safe for concurrent use by multiple goroutines.
type Limiter struct {
	rl    *redis_rate.Limiter
	key   string
	limit redis_rate.Limit
	r     rate.Limit
	burst int
	local *rate.Limiter
	cfg   config
	// direct: the client honours context deadlines, so allow calls it on
	// the caller's goroutine; otherwise allow guards the call with one.
	direct bool

	now func() time.Time // time.Now; replaced by tests of the retry interval

	mu      sync.Mutex
	mode    Mode
	retryAt time.Time // in Local mode: when to try Redis again
	probing bool      // in Local mode: a Wait is trying Redis
}

// New returns a Limiter that allows r events per second with bursts of up
// to burst events, summed over every Limiter using key on the same Redis.
//
// r must be positive and finite (there is no unlimited mode), burst at least
// 1 (1 spaces events evenly; see the package documentation) and key
// non-empty; a nil Option is an error too. Each of these errors is a
// *fincon.OptionError (fincon.ErrInvalidOption) naming "redislimit.New" or
// the option. New does not contact Redis.
func New(rdb Client, key string, r rate.Limit, burst int, opts ...Option) (*Limiter, error) {
	if rdb == nil {
		return nil, optErr("New", "nil redis client")
	}
	if key == "" {
		return nil, optErr("New", "empty key")
	}
	// The period of one event must be a positive, representable Duration:
	// this rejects 0, negative, NaN, rate.Inf and absurdly small rates.
	period := float64(time.Second) / float64(r)
	if !(r > 0) || math.IsInf(float64(r), 0) || !(period >= 1) || period > float64(math.MaxInt64/2) {
		return nil, optErr("New", "rate %v must be positive and finite", float64(r))
	}
	if burst < 1 {
		return nil, optErr("New", "burst %d must be at least 1", burst)
	}
	cfg := config{
		timeout:       DefaultTimeout,
		fraction:      DefaultFallbackFraction,
		retryInterval: DefaultRetryInterval,
	}
	for i, opt := range opts {
		if opt == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	localBurst := max(1, int(float64(burst)*cfg.fraction))
	return &Limiter{
		rl:  redis_rate.NewLimiter(rdb),
		key: key,
		// GCRA only depends on the emission interval Period/Rate and on
		// Burst, so one event per 1/r seconds expresses any rate exactly.
		limit:  redis_rate.Limit{Rate: 1, Period: time.Duration(period), Burst: burst},
		r:      r,
		burst:  burst,
		local:  rate.NewLimiter(r*rate.Limit(cfg.fraction), localBurst),
		cfg:    cfg,
		direct: honoursContext(rdb),
		now:    time.Now,
	}, nil
}

// honoursContext reports whether rdb is a go-redis client that bounds its
// socket reads and writes by the context's deadline (ContextTimeoutEnabled).
// Other clients, and those with the option off, use their own read and
// write timeouts (3 s by default, often more) and ignore the deadline.
func honoursContext(rdb Client) bool {
	switch c := rdb.(type) {
	case *redis.Client:
		return c.Options().ContextTimeoutEnabled
	case *redis.ClusterClient:
		return c.Options().ContextTimeoutEnabled
	case *redis.Ring:
		return c.Options().ContextTimeoutEnabled
	}
	return false
}

// Limit returns the shared rate in events per second.
func (l *Limiter) Limit() rate.Limit { return l.r }

// Burst returns the shared burst.
func (l *Limiter) Burst() int { return l.burst }

// FallbackLimit returns the rate and burst of the local fallback limiter.
func (l *Limiter) FallbackLimit() (rate.Limit, int) { return l.local.Limit(), l.local.Burst() }

// Mode returns the budget the limiter currently draws from.
func (l *Limiter) Mode() Mode {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.mode
}

// Wait blocks until one event is allowed, or ctx is done, and then returns
// ctx's error. It returns an error wrapping context.DeadlineExceeded at once
// if ctx's deadline comes before the event could be allowed. See the package
// documentation for what happens when Redis is unreachable.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		useRedis, probe := l.route(l.now())
		if !useRedis {
			return l.waitLocal(ctx)
		}
		res, err := l.allow(ctx)
		if err != nil {
			if ctxErr := callerErr(ctx); ctxErr != nil {
				// The caller gave up; that says nothing about Redis.
				l.endProbe(probe)
				return ctxErr
			}
			l.fail(err)
			return l.waitLocal(ctx)
		}
		l.succeed()
		if res.Allowed > 0 {
			return nil
		}
		d := res.RetryAfter
		if d <= 0 {
			d = time.Millisecond
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return fmt.Errorf("redislimit: wait of %v would exceed the context deadline: %w", d, context.DeadlineExceeded)
		}
		if err := (fincon.SystemClock{}).Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// route decides whether a Wait asks Redis. In Local mode, one caller (the
// probe) asks once the retry interval has passed.
func (l *Limiter) route(now time.Time) (useRedis, probe bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.mode == Shared {
		return true, false
	}
	if l.probing || now.Before(l.retryAt) {
		return false, false
	}
	l.probing = true
	return true, true
}

func (l *Limiter) endProbe(probe bool) {
	if !probe {
		return
	}
	l.mu.Lock()
	l.probing = false
	l.mu.Unlock()
}

// fail records a failed Redis call and switches to Local mode.
func (l *Limiter) fail(err error) {
	l.mu.Lock()
	l.probing = false
	l.retryAt = l.now().Add(l.cfg.retryInterval)
	changed := l.mode != Local
	l.mode = Local
	l.mu.Unlock()
	if !changed {
		return
	}
	if lg := l.cfg.logger; lg != nil {
		r, b := l.FallbackLimit()
		lg.Warn("redislimit: redis unreachable, limiting locally",
			"key", l.key, "local_rate", float64(r), "local_burst", b, "retry_in", l.cfg.retryInterval, "err", err)
	}
	if l.cfg.onChange != nil {
		l.cfg.onChange(Local, err)
	}
}

// succeed records a successful Redis call and switches to Shared mode.
func (l *Limiter) succeed() {
	l.mu.Lock()
	l.probing = false
	changed := l.mode != Shared
	l.mode = Shared
	l.mu.Unlock()
	if !changed {
		return
	}
	if lg := l.cfg.logger; lg != nil {
		lg.Info("redislimit: redis reachable again, using the shared budget", "key", l.key)
	}
	if l.cfg.onChange != nil {
		l.cfg.onChange(Shared, nil)
	}
}

type allowResult struct {
	res *redis_rate.Result
	err error
}

// allow asks Redis for one event, giving up after the configured timeout.
//
// A client that honours context deadlines (see honoursContext) is called
// directly with a context bounded by the timeout: it returns by then, and
// nothing outlives the call. Any other client may block for its own read
// timeout whatever the context says, so the call then runs on a goroutine
// that allow stops waiting for at the timeout. That costs one goroutine
// and one channel per call to Redis (about a microsecond), and a call
// abandoned at the timeout keeps its goroutine and pooled connection until
// the client's own timeout ends it: at most one such goroutine per Wait
// that timed out, each bounded by the client's ReadTimeout. The package
// documentation recommends ContextTimeoutEnabled for that reason.
func (l *Limiter) allow(ctx context.Context) (*redis_rate.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, l.cfg.timeout)
	defer cancel()
	if l.direct {
		r := l.call(ctx)
		if r.err != nil {
			if callerErr(ctx) != nil { // the timeout, or the caller's deadline
				return nil, fmt.Errorf("redislimit: redis did not answer within %v: %w", l.cfg.timeout, r.err)
			}
			return nil, fmt.Errorf("redislimit: %w", r.err)
		}
		return r.res, nil
	}
	ch := make(chan allowResult, 1)
	go func() { ch <- l.call(ctx) }()
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("redislimit: %w", r.err)
		}
		return r.res, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("redislimit: redis did not answer within %v: %w", l.cfg.timeout, ctx.Err())
	}
}

// call runs the GCRA script once. redis_rate type-asserts the script's
// reply; a server that is not Redis must not crash the process, so a panic
// becomes an error.
func (l *Limiter) call(ctx context.Context) (r allowResult) {
	defer func() {
		if p := recover(); p != nil {
			r = allowResult{err: fmt.Errorf("unexpected reply from redis: %v", p)}
		}
	}()
	res, err := l.rl.Allow(ctx, l.key, l.limit)
	return allowResult{res, err}
}

func (l *Limiter) waitLocal(ctx context.Context) error {
	err := l.local.Wait(ctx)
	if err == nil {
		return nil
	}
	if ctxErr := callerErr(ctx); ctxErr != nil {
		return ctxErr
	}
	// rate.Limiter refuses waits that would pass the deadline with an
	// error of its own; report it like the shared path does.
	return fmt.Errorf("redislimit: local wait would exceed the context deadline: %w", context.DeadlineExceeded)
}

// callerErr returns ctx's error, or context.DeadlineExceeded once ctx's
// deadline has passed: a socket deadline taken from ctx can expire a moment
// before ctx.Err reports it, and such a timeout is the caller's, not a sign
// that Redis is unreachable.
func callerErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}
