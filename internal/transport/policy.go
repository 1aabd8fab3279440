package transport

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Stripe error codes the retry policy distinguishes.
const (
	CodeRateLimit            = "rate_limit"
	CodeLockTimeout          = "lock_timeout"
	CodeIdempotencyKeyInUse  = "idempotency_key_in_use"
	headerShouldRetry        = "Stripe-Should-Retry"
	headerRetryAfter         = "Retry-After"
	maxPeek                  = 64 << 10
	defaultMaxRetryAfterWait = time.Minute
)

// Class says why a response or error is (or is not) retried.
type Class int

// Retry classes, as decided by Classify.
const (
	// NoRetry: success, or a client error that will fail again.
	NoRetry Class = iota
	// RetryTransient: 5xx, 409 conflicts, 429 lock_timeout, connection
	// errors, or Stripe-Should-Retry: true. Normal backoff.
	RetryTransient
	// RetryRateLimited: 429 rate_limit. Longer backoff (4× the normal one)
	// unless the server sent Retry-After.
	RetryRateLimited
)

// String returns the class name used in logs.
func (c Class) String() string {
	switch c {
	case RetryTransient:
		return "transient"
	case RetryRateLimited:
		return "rate_limited"
	default:
		return "no_retry"
	}
}

// Classify applies Stripe's retry rules to the outcome of one attempt:
//
//   - a connection error is retried, except invalid URLs, redirect loops,
//     TLS certificate failures and errors from the Limiter;
//   - a Stripe-Should-Retry header ("true" or "false") wins over everything
//     below;
//   - 409 (idempotency_key_in_use and other conflicts) is retried;
//   - 429 lock_timeout is retried; 429 rate_limit (or any other 429) is
//     retried with a longer backoff;
//   - 5xx except 501 is retried;
//   - any other status is not.
//
// Classify may read the start of an error response body to find the Stripe
// error code; it leaves resp.Body readable from the start.
func Classify(resp *http.Response, err error) Class {
	if err != nil {
		if retryableError(err) {
			return RetryTransient
		}
		return NoRetry
	}
	if resp == nil {
		return NoRetry
	}
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get(headerShouldRetry))) {
	case "true":
		if resp.StatusCode == http.StatusTooManyRequests && ErrorCode(resp) != CodeLockTimeout {
			return RetryRateLimited
		}
		return RetryTransient
	case "false":
		return NoRetry
	}
	switch code := resp.StatusCode; {
	case code == http.StatusConflict:
		return RetryTransient
	case code == http.StatusTooManyRequests:
		if ErrorCode(resp) == CodeLockTimeout {
			return RetryTransient
		}
		return RetryRateLimited
	case code >= 500 && code != http.StatusNotImplemented:
		return RetryTransient
	}
	return NoRetry
}

// CheckRetry is a retryablehttp.CheckRetry implementing Classify. Once ctx
// is done it stops retrying and hands back what the last attempt produced
// (an error wrapping the context's, or a complete response). It never
// returns an error of its own, so the attempt's error, such as a
// *LimiterError, reaches the caller unchanged.
func CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, nil
	}
	return Classify(resp, err) != NoRetry, nil
}

// Backoff is a retryablehttp.Backoff. It honours a Retry-After header given
// in seconds (or as an HTTP date), capped at one minute; otherwise it waits
// an exponentially growing, jittered delay: a uniformly random duration in
// [d/2, d] with d = min·2^attempt capped at max. A 429 rate_limit without
// Retry-After starts at 4·min.
func Backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if d, ok := RetryAfter(resp); ok {
		return min(d, max(maxWait, defaultMaxRetryAfterWait))
	}
	if attempt < 0 {
		attempt = 0
	}
	if resp != nil && Classify(resp, nil) == RetryRateLimited {
		attempt += 2
	}
	d := maxWait
	if attempt < 32 {
		if m := minWait << attempt; m > 0 && m < maxWait && m>>attempt == minWait {
			d = m
		}
	}
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// RetryAfter parses the Retry-After header of resp: delta-seconds or an HTTP
// date, capped at 24 hours. It reports false when the header is absent or
// malformed.
func RetryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get(headerRetryAfter))
	if v == "" {
		return 0, false
	}
	const maxSecs = 24 * 60 * 60
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, maxSecs)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), maxSecs*time.Second), true
	}
	return 0, false
}

// ErrorCode returns error.code from a Stripe JSON error body, or "". It reads
// at most 64 KiB and leaves resp.Body readable again from the start.
func ErrorCode(resp *http.Response) string {
	if resp == nil || resp.Body == nil || resp.StatusCode < 400 {
		return ""
	}
	rb, ok := resp.Body.(*rereadBody)
	if !ok {
		buf, _ := io.ReadAll(io.LimitReader(resp.Body, maxPeek))
		rb = &rereadBody{Reader: io.MultiReader(bytes.NewReader(buf), resp.Body), peeked: buf, rest: resp.Body}
		resp.Body = rb
	}
	var body struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(rb.peeked, &body) != nil {
		return ""
	}
	return body.Error.Code
}

// rereadBody serves the peeked bytes again, then the rest of the original
// body, and closes the original.
type rereadBody struct {
	io.Reader
	peeked []byte
	rest   io.ReadCloser
}

func (b *rereadBody) Close() error { return b.rest.Close() }

// retryableError reports whether a transport-level error is worth another
// attempt.
func retryableError(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var le *LimiterError
	if errors.As(err, &le) {
		return false
	}
	var tl *BodyTooLargeError
	if errors.As(err, &tl) {
		return false // the same body would come again
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		msg := ue.Error()
		if strings.Contains(msg, "stopped after") && strings.Contains(msg, "redirects") {
			return false
		}
		if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "invalid header") {
			return false
		}
	}
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
	)
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) {
		return false
	}
	return true
}
