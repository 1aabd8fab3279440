package transport

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults used by New when the Config leaves a field zero.
const (
	DefaultMaxRetries = 3
	DefaultWaitMin    = 500 * time.Millisecond
	DefaultWaitMax    = 8 * time.Second
	// DefaultAttemptTimeout bounds one attempt (not the whole call) when
	// Config.HTTPClient is nil; it matches stripe-go's own default.
	DefaultAttemptTimeout = 80 * time.Second
)

// Config describes the stack built by New.
type Config struct {
	// HTTPClient is the template for each attempt: its Timeout bounds one
	// attempt (excluding the rate-limit wait; 0 means none), its Jar and
	// CheckRedirect are kept, and its Transport becomes the base transport
	// unless Base is set. It is copied, never modified. When nil, attempts
	// time out after DefaultAttemptTimeout.
	HTTPClient *http.Client
	// Base is the transport that reaches the server; nil means
	// HTTPClient.Transport, then a clone of http.DefaultTransport.
	Base http.RoundTripper
	// Limiter paces every attempt; nil means unlimited.
	Limiter Limiter
	// MaxRetries is the number of retries after the first attempt
	// (0 = no retries). Negative means DefaultMaxRetries.
	MaxRetries int
	// WaitMin and WaitMax bound the backoff; zero means the defaults.
	WaitMin, WaitMax time.Duration
	// Logger, when non-nil, receives one debug record per attempt.
	Logger *slog.Logger
}

// New returns the *http.Client to hand to stripe-go's BackendConfig. The
// client retries per CheckRetry/Backoff, passes the last response through
// unchanged (so stripe-go decodes Stripe's error body), and never logs
// through retryablehttp.
func New(cfg Config) *http.Client {
	attempt := &http.Client{}
	timeout := DefaultAttemptTimeout
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		attempt = &c
		timeout = c.Timeout
		// The timeout is applied below the Limiter instead, so that waiting
		// for the rate limit does not eat into it.
		attempt.Timeout = 0
	}
	b := cfg.Base
	if b == nil {
		b = attempt.Transport
	}
	if b == nil {
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			b = dt.Clone()
		} else {
			b = http.DefaultTransport
		}
	}
	if timeout > 0 {
		b = &attemptTimeout{next: b, d: timeout}
	}
	var rt http.RoundTripper = &Limited{Base: b, Limiter: cfg.Limiter}
	if cfg.Logger != nil {
		rt = &logged{next: rt, log: cfg.Logger}
	}
	attempt.Transport = rt

	maxRetries := cfg.MaxRetries
	if maxRetries < 0 {
		maxRetries = DefaultMaxRetries
	}
	waitMin, waitMax := cfg.WaitMin, cfg.WaitMax
	if waitMin <= 0 {
		waitMin = DefaultWaitMin
	}
	if waitMax <= 0 {
		waitMax = max(DefaultWaitMax, waitMin)
	}
	rc := &retryablehttp.Client{
		HTTPClient:   attempt,
		Logger:       nil,
		RetryWaitMin: waitMin,
		RetryWaitMax: waitMax,
		RetryMax:     maxRetries,
		CheckRetry:   CheckRetry,
		Backoff:      Backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	var top http.RoundTripper = &retryablehttp.RoundTripper{Client: rc}
	if cfg.Logger != nil {
		top = &counted{next: top}
	}
	return &http.Client{Transport: top}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func asLimiter(err error, target **LimiterError) bool { return errors.As(err, target) }
