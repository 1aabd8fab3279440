package transport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults used by New when the Config leaves a field zero. They are the
// one declaration of each default: fincon's Default* constants refer to
// them.
const (
	// DefaultMaxRetries is the number of retries after the first attempt
	// (Config.MaxRetries).
	DefaultMaxRetries = 3
	// DefaultWaitMin and DefaultWaitMax bound the jittered exponential
	// backoff between attempts (Config.WaitMin, Config.WaitMax); a
	// Retry-After header from the server takes precedence (see Backoff).
	DefaultWaitMin = 500 * time.Millisecond
	DefaultWaitMax = 8 * time.Second
	// DefaultAttemptTimeout bounds one attempt (not the whole call) when
	// Config.HTTPClient is nil or its Timeout is 0, so that a bare
	// &http.Client{} does not let an attempt hang forever; it matches
	// stripe-go's own default. Bound whole calls with the context.
	DefaultAttemptTimeout = 80 * time.Second
	// DefaultMaxBodyBytes caps a response body when Config.MaxBodyBytes is
	// zero. stripe-go buffers whole bodies (and copies them while
	// decoding), so without a cap a hostile or broken server could make the
	// client allocate without bound. Stripe's largest answers (a page of
	// 100 transactions) are well under 1 MiB.
	DefaultMaxBodyBytes int64 = 8 << 20
)

// Config describes the stack built by New.
type Config struct {
	// HTTPClient is the template for each attempt: its Timeout bounds one
	// attempt (excluding the rate-limit wait; 0 means
	// DefaultAttemptTimeout), its Jar and CheckRedirect are kept, and its
	// Transport becomes the base transport unless Base is set. It is
	// copied, never modified. When nil, attempts time out after
	// DefaultAttemptTimeout.
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
	// Observe, when non-nil, is called after every attempt (see Attempt).
	Observe func(context.Context, Attempt)
	// MaxBodyBytes caps every response body: reading past it fails with a
	// *BodyTooLargeError. Zero means DefaultMaxBodyBytes; negative means no
	// cap.
	MaxBodyBytes int64
}

// BodyTooLargeError is the error of reading a response body past
// Config.MaxBodyBytes. The body is not read further.
type BodyTooLargeError struct {
	Limit int64
}

// Error implements error.
func (e *BodyTooLargeError) Error() string {
	return "response body larger than " + byteSize(e.Limit)
}

// byteSize spells n in MiB or KiB when exact, so that redaction of long
// digit runs in error text leaves it readable.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// capped wraps every response body of next in a cappedBody.
type capped struct {
	next  http.RoundTripper
	limit int64
}

func (t *capped) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil && resp.Body != nil && resp.Body != http.NoBody {
		resp.Body = &cappedBody{ReadCloser: resp.Body, left: t.limit, limit: t.limit}
	}
	return resp, err
}

func (t *capped) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// cappedBody reads at most limit bytes; one byte more is an error.
type cappedBody struct {
	io.ReadCloser
	left, limit int64
	err         error
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if b.left <= 0 {
		// At the cap: the body is too large unless it ends here.
		var one [1]byte
		n, err := b.ReadCloser.Read(one[:])
		if n > 0 {
			b.err = &BodyTooLargeError{Limit: b.limit}
			return 0, b.err
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// New returns the *http.Client to hand to stripe-go's BackendConfig: the
// stack the package documentation draws, from errorBodies down. The client
// retries per CheckRetry/Backoff, passes the last response through
// unchanged when it carries Stripe's error object (so stripe-go decodes it),
// and never logs through retryablehttp.
func New(cfg Config) *http.Client {
	attempt := &http.Client{}
	timeout := DefaultAttemptTimeout
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		attempt = &c
		if c.Timeout != 0 {
			timeout = c.Timeout
		}
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
	limit := cfg.MaxBodyBytes
	if limit == 0 {
		limit = DefaultMaxBodyBytes
	}
	if limit > 0 {
		b = &capped{next: b, limit: limit}
	}
	if timeout > 0 {
		b = &attemptTimeout{next: b, d: timeout}
	}
	b = &buffered{next: b}
	var rt http.RoundTripper = &Limited{Base: b, Limiter: cfg.Limiter}
	if cfg.Logger != nil {
		rt = &logged{next: rt, log: cfg.Logger}
	}
	if cfg.Observe != nil {
		rt = &observed{next: rt, fn: cfg.Observe}
	}
	if cfg.Logger != nil || cfg.Observe != nil {
		rt = &numbered{next: rt}
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
	var top http.RoundTripper = &retrying{template: rc}
	if cfg.Logger != nil || cfg.Observe != nil {
		top = &counted{next: top}
	}
	return &http.Client{Transport: errorBodies{next: top}}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func asLimiter(err error, target **LimiterError) bool { return errors.As(err, target) }
