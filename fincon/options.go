package fincon

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/internal/option"
	"github.com/fcsdk/fcsdk/internal/transport"
)

// Default rate limits, per client. Stripe allows 100 read/write requests per
// second in live mode and 25 in test mode per Stripe account; stay just
// under them. Share one Limiter between clients (WithLimiter) when several
// clients use the same Stripe account.
const (
	DefaultLiveRate  rate.Limit = 100
	DefaultTestRate  rate.Limit = 25
	DefaultLiveBurst            = 10
	DefaultTestBurst            = 5
)

// Defaults for retries, the response body cap and refresh polling. The
// transport defaults are declared once, in the transport stack; these
// constants name them for callers.
const (
	// DefaultMaxRetries is the number of retries after a failed first
	// attempt ([WithMaxRetries]).
	DefaultMaxRetries = transport.DefaultMaxRetries
	// DefaultRetryWaitMin and DefaultRetryWaitMax bound the backoff between
	// retries, 500 ms and 8 s ([WithRetryWait]).
	DefaultRetryWaitMin = transport.DefaultWaitMin
	DefaultRetryWaitMax = transport.DefaultWaitMax
	// DefaultPollInterval and DefaultMaxPollInterval are the first and the
	// largest pause of WaitForRefresh's polling ([WithRefreshPolling]).
	DefaultPollInterval    = time.Second
	DefaultMaxPollInterval = 15 * time.Second
	maxMaxRetries          = 20
	// DefaultMaxResponseBytes caps every response body, 8 MiB
	// ([WithMaxResponseBytes]). Stripe's largest answers, a page of 100
	// transactions, are well under 1 MiB.
	DefaultMaxResponseBytes       = transport.DefaultMaxBodyBytes
	minMaxResponseBytes     int64 = 4 << 10
	// DefaultAttemptTimeout bounds one HTTP attempt, 80 s, also when the
	// client given to [WithHTTPClient] has a Timeout of 0.
	DefaultAttemptTimeout = transport.DefaultAttemptTimeout
	// DefaultPermissionCacheTTL is how long the client trusts the
	// permissions it recorded for an account ([WithPermissionCacheTTL]).
	DefaultPermissionCacheTTL = 10 * time.Minute
)

// Option configures a Client. Options validate their arguments: New returns
// the first error (an *OptionError).
type Option func(*config) error

type config struct {
	baseURL         string
	httpClient      *http.Client
	transport       http.RoundTripper
	limiter         Limiter
	rateLimit       rate.Limit
	burst           int
	maxRetries      int
	waitMin         time.Duration
	waitMax         time.Duration
	logger          *slog.Logger
	clock           Clock
	pollInterval    time.Duration
	maxPollInterval time.Duration
	maxBodyBytes    int64
	events          RefreshEvents
	rateLimitSet    bool
	permTTL         time.Duration
	clockSet        bool
	observer        Observer
}

// ErrInvalidOption is matched (errors.Is) by every *OptionError of the
// module: this package's, those of the packages under it (webhooks, its
// replay stores and notifier, redislimit, otelobserver) and fctest's,
// which also match fctest.ErrInvalidOption.
var ErrInvalidOption = option.ErrInvalid

// OptionError reports an invalid Option argument, or an invalid argument
// of a constructor that takes options. It is the one option error of the
// module: fincon and the packages under it return it matching
// ErrInvalidOption, and fctest returns it matching both ErrInvalidOption
// and fctest.ErrInvalidOption. It is declared in an internal package so
// that fctest, which does not import fincon, returns the same type; go doc
// therefore does not list its fields, which are:
//
//   - Option names the option or constructor, as its caller spells it:
//     "WithBaseURL" for this package's own options, qualified by the
//     package for the others ("webhooks.WithTolerance",
//     "redislimit.New"; "WithRefreshDelay" for fctest, whose sentinel
//     names the package).
//   - Reason says what is wrong with the argument; it never holds a
//     secret.
//
// Its Error method gives the sentinel's text, the option and the reason:
// "fincon: invalid option WithMaxRetries: must be between 0 and 20". A
// hand-built OptionError matches ErrInvalidOption.
type OptionError = option.Error

func optErr(opt, format string, args ...any) error {
	return option.New(nil, opt, format, args...)
}

// WithBaseURL points the client at another server: stripe-mock, an fctest
// server, or a proxy. It must be an absolute http or https URL without
// credentials, query or fragment. The default is https://api.stripe.com.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		p, err := url.Parse(u)
		if err != nil {
			return optErr("WithBaseURL", "not a URL")
		}
		switch {
		case p.Scheme != "http" && p.Scheme != "https":
			return optErr("WithBaseURL", "scheme must be http or https")
		case p.Host == "":
			return optErr("WithBaseURL", "missing host")
		case p.User != nil:
			return optErr("WithBaseURL", "credentials are not allowed in the URL")
		case p.RawQuery != "" || p.Fragment != "":
			return optErr("WithBaseURL", "query and fragment are not allowed")
		}
		c.baseURL = strings.TrimSuffix(p.String(), "/")
		return nil
	}
}

// WithHTTPClient sets the HTTP client used for each attempt. Its Timeout
// bounds one attempt (a timed-out attempt is retried); a Timeout of 0 keeps
// [DefaultAttemptTimeout], so that a bare &http.Client{} does not let an
// attempt hang forever (bound whole calls with the context). Its
// Transport is the base transport unless WithTransport is also given. The
// client is copied, never modified; a nil hc is refused.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return optErr("WithHTTPClient", "nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTransport sets the base transport, below retries and rate limiting:
// for instance fctest's in-memory transport, or a recording one in tests.
// The default is the Transport of the [WithHTTPClient] client, else a
// clone of http.DefaultTransport; a nil rt is refused.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return optErr("WithTransport", "nil http.RoundTripper")
		}
		c.transport = rt
		return nil
	}
}

// WithLimiter paces every attempt (retries included) through l, for instance
// one *rate.Limiter shared by several clients, or a distributed limiter.
// It replaces the default per-client limiter; it cannot be combined with
// WithRateLimit (New fails with an *OptionError). A nil l is refused.
func WithLimiter(l Limiter) Option {
	return func(c *config) error {
		if l == nil {
			return optErr("WithLimiter", "nil Limiter")
		}
		if c.rateLimitSet {
			return limiterAndRate("WithLimiter", "WithRateLimit")
		}
		c.limiter = l
		return nil
	}
}

// limiterAndRate is the error of WithLimiter and WithRateLimit given
// together, which would both set the client's limiter. It names the option
// given second (the one New refuses) and the earlier one it conflicts with.
func limiterAndRate(second, first string) error {
	return optErr(second, "cannot be combined with %s: configure the rate on the Limiter itself", first)
}

// WithRateLimit sets the client's own limiter to r attempts per second
// (positive; rate.Inf disables rate limiting) with a burst of burst
// attempts (at least 1). It cannot be combined with WithLimiter. The
// default is [DefaultTestRate], 25/s (burst 5), for test-mode keys and
// [DefaultLiveRate], 100/s (burst 10), for live keys.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(c *config) error {
		if !(r > 0) {
			return optErr("WithRateLimit", "rate must be positive")
		}
		if burst < 1 {
			return optErr("WithRateLimit", "burst must be at least 1")
		}
		if c.limiter != nil {
			return limiterAndRate("WithRateLimit", "WithLimiter")
		}
		c.rateLimit, c.burst, c.rateLimitSet = r, burst, true
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (0 turns
// retries off; at most 20). The default is [DefaultMaxRetries].
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 || n > maxMaxRetries {
			return optErr("WithMaxRetries", "must be between 0 and %d", maxMaxRetries)
		}
		c.maxRetries = n
		return nil
	}
}

// WithRetryWait bounds the exponential backoff between retries; it needs
// 0 < minWait <= maxWait (defaults [DefaultRetryWaitMin] and
// [DefaultRetryWaitMax]). A Retry-After header from the server takes
// precedence.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(c *config) error {
		if minWait <= 0 || maxWait < minWait {
			return optErr("WithRetryWait", "need 0 < min <= max")
		}
		c.waitMin, c.waitMax = minWait, maxWait
		return nil
	}
}

// WithLogger enables debug logging of every HTTP attempt: method, path,
// status, attempt number, Stripe request id and duration. It also receives
// a warning when Stripe accepts a keyed CreatePaymentIntent or
// CreateSetupIntent for an account ach.Check rejected (operation, account
// and intent ids, and the reasons; see [PaymentIntentParams.IdempotencyKey]).
// API keys, client secrets, query strings and bodies are never logged. The
// default is silent; a nil l is refused (leave the option out instead).
//
// With WithLogger(slog.Default()) and slog's default handler (level Info)
// only the warnings show: the eligibility disagreement above here, and —
// from the redislimit package's own WithLogger — the shared limiter
// falling back to its local budget when Redis is unreachable (Warn; back
// to shared is Info). The per-attempt lines are Debug: set the handler's
// level to slog.LevelDebug to see them.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return optErr("WithLogger", "nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// WithMaxResponseBytes caps the size of every response body at n bytes
// (default [DefaultMaxResponseBytes]; at least 4 KiB). stripe-go
// buffers whole bodies, so the cap bounds what a broken or hostile server
// can make the client allocate. A larger body is not read further: the call
// fails with a *ResponseError (ErrResponseTooLarge). Such a failure
// is not retried.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n < minMaxResponseBytes {
			return optErr("WithMaxResponseBytes", "must be at least %d bytes", minMaxResponseBytes)
		}
		c.maxBodyBytes = n
		return nil
	}
}

// WithClock sets the clock for "now", for refresh polling and for the
// permission cache's TTL (default SystemClock). Pass fctest's clock to drive
// simulated lifecycles (fctestclient.New does). Without WithClock, a client
// that talks to fctest's simulator fails every call with ErrSimulatorClock
// instead of hanging in WaitForRefresh. The clock is called from many
// goroutines at once (see Clock). A nil clk is refused.
func WithClock(clk Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return optErr("WithClock", "nil Clock")
		}
		c.clock, c.clockSet = clk, true
		return nil
	}
}

// WithRefreshEvents makes WaitForRefresh (and RefreshAndWait) wait for
// refresh events instead of polling: it subscribes to ev for every feature
// before reading the account, then sleeps until an event arrives or the
// safety interval — the largest WithRefreshPolling interval, 15 s by
// default — passes, whichever comes first, and reads the account again.
// The safety interval is slept on the client's Clock (WithClock).
// webhooks.RefreshNotifier, fed by the webhooks.Handler that receives
// Stripe's financial_connections.account.refreshed_* events, implements
// RefreshEvents.
//
// The safety poll covers events that never arrive (a webhook endpoint that
// is down, another replica receiving the event), so a missed event only
// delays the wait; it never hangs it. The default is to poll
// ([WithRefreshPolling]); a nil ev is refused.
func WithRefreshEvents(ev RefreshEvents) Option {
	return func(c *config) error {
		if ev == nil {
			return optErr("WithRefreshEvents", "nil RefreshEvents")
		}
		c.events = ev
		return nil
	}
}

// WithPermissionCacheTTL sets how long the client trusts the permissions it
// recorded for an account (default DefaultPermissionCacheTTL, 10 min, on
// the client's Clock). Within it, a call the permissions do not allow fails
// with ErrPermissionNotGranted without a request; after it, the client
// reads the account again (or, for Refresh and SubscribeTransactions,
// leaves the check to Stripe) and records what it finds. Permissions only
// change when the user links the account again, so the TTL bounds how long
// a widened grant goes unnoticed. d must be positive.
//
// Entries age on the client's Clock, not on the wall clock: with fctest's
// clock (WithClock(sim.Clock())), simulated time — Clock.Advance, and the
// Sleep of refresh polling — expires them, so a test that advances past
// the TTL sees the account read again on the next guarded call.
func WithPermissionCacheTTL(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return optErr("WithPermissionCacheTTL", "must be positive")
		}
		c.permTTL = d
		return nil
	}
}

// WithRefreshPolling sets the first and the largest pause between polls in
// WaitForRefresh, on the client's Clock; it needs 0 < first <= maxInterval
// (defaults [DefaultPollInterval] and [DefaultMaxPollInterval]). The pause
// grows by half each time.
// With WithRefreshEvents the largest pause is the safety interval between
// reads while waiting for an event.
func WithRefreshPolling(first, maxInterval time.Duration) Option {
	return func(c *config) error {
		if first <= 0 || maxInterval < first {
			return optErr("WithRefreshPolling", "need 0 < first <= max")
		}
		c.pollInterval, c.maxPollInterval = first, maxInterval
		return nil
	}
}
