package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/internal/stripefake"
	"golang.org/x/time/rate"
)

// step is one scripted server reply.
type step struct {
	status  int
	code    string // Stripe error code in the JSON body
	headers map[string]string
	err     error // returned instead of a response
}

// script is the transport tests' scripted Stripe: an internal/stripefake
// Server whose every route replays steps by attempt number (the last one
// repeats; with cycle, the steps start over) and which records every
// attempt. Use it through a pointer; the zero value plus steps is ready.
type script struct {
	steps []step
	cycle bool

	once sync.Once
	fake *stripefake.Server
}

type attemptRecord struct {
	at     time.Time
	body   string
	header http.Header
}

func (s *script) server() *stripefake.Server {
	s.once.Do(func() {
		s.fake = stripefake.New().Fallback(func(n int, _ stripefake.Call) stripefake.Reply {
			i := min(n, len(s.steps)-1)
			if s.cycle {
				i = n % len(s.steps)
			}
			st := s.steps[i]
			body := `{"ok":true}`
			if st.status >= 400 {
				body = stripefake.Error("api_error", st.code, "", "scripted")
			}
			return stripefake.Reply{Status: st.status, Body: body, Header: st.headers, Err: st.err}
		})
	})
	return s.fake
}

func (s *script) RoundTrip(req *http.Request) (*http.Response, error) {
	return s.server().RoundTrip(req)
}

func (s *script) attempts() []attemptRecord {
	var out []attemptRecord
	for _, c := range s.server().Calls() {
		out = append(out, attemptRecord{at: c.At, body: c.Body, header: c.Header})
	}
	return out
}

func newTestClient(s *script, lim Limiter, retries int) *http.Client {
	return New(Config{Base: s, Limiter: lim, MaxRetries: retries, WaitMin: 100 * time.Millisecond, WaitMax: 2 * time.Second})
}

func post(ctx context.Context, c *http.Client, body string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://stripe.invalid/v1/payment_intents", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Idempotency-Key", "idem-1")
	return c.Do(req)
}

var errConnReset = errors.New("connection reset by peer")

func TestRetriesPerStatusAndHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		steps        []step
		wantAttempts int
		wantStatus   int
	}{
		{"200 no retry", []step{{status: 200}}, 1, 200},
		{"400 no retry", []step{{status: 400, code: "parameter_missing"}}, 1, 400},
		{"401 no retry", []step{{status: 401}}, 1, 401},
		{"402 no retry", []step{{status: 402, code: "card_declined"}}, 1, 402},
		{"404 no retry", []step{{status: 404, code: "resource_missing"}}, 1, 404},
		{"500 then ok", []step{{status: 500}, {status: 200}}, 2, 200},
		{"502 503 then ok", []step{{status: 502}, {status: 503}, {status: 200}}, 3, 200},
		{"501 no retry", []step{{status: 501}}, 1, 501},
		{"500 exhausted", []step{{status: 500}}, 4, 500},
		{"409 idempotency_key_in_use", []step{{status: 409, code: CodeIdempotencyKeyInUse}, {status: 200}}, 2, 200},
		{"429 lock_timeout", []step{{status: 429, code: CodeLockTimeout}, {status: 200}}, 2, 200},
		{"429 rate_limit", []step{{status: 429, code: CodeRateLimit}, {status: 200}}, 2, 200},
		{"should-retry true on 400", []step{{status: 400, headers: map[string]string{"Stripe-Should-Retry": "true"}}, {status: 200}}, 2, 200},
		{"should-retry false on 500", []step{{status: 500, headers: map[string]string{"Stripe-Should-Retry": "false"}}}, 1, 500},
		{"should-retry false on 409", []step{{status: 409, code: CodeIdempotencyKeyInUse, headers: map[string]string{"Stripe-Should-Retry": "false"}}}, 1, 409},
		{"connection error then ok", []step{{err: errConnReset}, {status: 200}}, 2, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{steps: tt.steps}
				resp, err := post(t.Context(), newTestClient(s, nil, 3), "amount=100")
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				defer resp.Body.Close()
				if resp.StatusCode != tt.wantStatus {
					t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
				}
				if got := len(s.attempts()); got != tt.wantAttempts {
					t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
				}
				// The final response body reaches the caller intact, so
				// stripe-go can decode the Stripe error.
				b, _ := io.ReadAll(resp.Body)
				if tt.wantStatus >= 400 && !strings.Contains(string(b), `"message":"scripted"`) {
					t.Errorf("final body not passed through: %q", b)
				}
			})
		})
	}
}

func TestConnectionErrorExhaustedIsReturned(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{err: errConnReset}}}
		_, err := post(t.Context(), newTestClient(s, nil, 2), "a=1")
		if !errors.Is(err, errConnReset) {
			t.Fatalf("err = %v, want %v", err, errConnReset)
		}
		if got := len(s.attempts()); got != 3 {
			t.Errorf("attempts = %d, want 3", got)
		}
	})
}

func TestBodyAndHeadersIdenticalAcrossAttempts(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 500}, {status: 409, code: CodeIdempotencyKeyInUse}, {err: errConnReset}, {status: 200}}}
		resp, err := post(t.Context(), newTestClient(s, nil, 5), "amount=100&currency=usd")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		at := s.attempts()
		if len(at) != 4 {
			t.Fatalf("attempts = %d, want 4", len(at))
		}
		for i, a := range at {
			if a.body != "amount=100&currency=usd" {
				t.Errorf("attempt %d body = %q", i, a.body)
			}
			if got := a.header.Get("Idempotency-Key"); got != "idem-1" {
				t.Errorf("attempt %d Idempotency-Key = %q", i, got)
			}
		}
	})
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  string
		wantGap time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"zero", "0", 0},
		{"http date", "", 0}, // filled below
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := tt.header
				want := tt.wantGap
				if tt.name == "http date" {
					h = time.Now().Add(12 * time.Second).UTC().Format(http.TimeFormat)
					want = 12 * time.Second
				}
				s := &script{steps: []step{{status: 429, code: CodeRateLimit, headers: map[string]string{"Retry-After": h}}, {status: 200}}}
				resp, err := post(t.Context(), newTestClient(s, nil, 3), "a=1")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				at := s.attempts()
				if len(at) != 2 {
					t.Fatalf("attempts = %d", len(at))
				}
				gap := at[1].at.Sub(at[0].at)
				// HTTP dates have one-second resolution.
				if gap < want-time.Second || gap > want {
					t.Errorf("gap = %v, want ≈ %v", gap, want)
				}
			})
		})
	}
}

func TestRateLimitBacksOffLongerThanLockTimeout(t *testing.T) {
	t.Parallel()
	gap := func(code string) time.Duration {
		var g time.Duration
		synctest.Test(t, func(t *testing.T) {
			s := &script{steps: []step{{status: 429, code: code}, {status: 200}}}
			resp, err := post(t.Context(), newTestClient(s, nil, 3), "a=1")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			at := s.attempts()
			if len(at) != 2 {
				t.Fatalf("%s: attempts = %d, want 2", code, len(at))
			}
			g = at[1].at.Sub(at[0].at)
		})
		return g
	}
	// WaitMin 100ms: lock_timeout waits in [50ms,100ms], rate_limit in [200ms,400ms].
	lock, rl := gap(CodeLockTimeout), gap(CodeRateLimit)
	if lock < 50*time.Millisecond || lock > 100*time.Millisecond {
		t.Errorf("lock_timeout gap = %v, want in [50ms,100ms]", lock)
	}
	if rl < 200*time.Millisecond || rl > 400*time.Millisecond {
		t.Errorf("rate_limit gap = %v, want in [200ms,400ms]", rl)
	}
}

func TestRateLimitRetriesAreBounded(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 429, code: CodeRateLimit}}}
		resp, err := post(t.Context(), newTestClient(s, nil, 2), "a=1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 429 {
			t.Errorf("status = %d, want 429 passed through", resp.StatusCode)
		}
		if got := len(s.attempts()); got != 3 {
			t.Errorf("attempts = %d, want 3", got)
		}
	})
}

func TestCancelMidBackoff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 503, headers: map[string]string{"Retry-After": "30"}}}}
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := post(ctx, newTestClient(s, nil, 3), "a=1")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("returned after %v, want 1s (the cancel), not the 30s backoff", d)
		}
		if got := len(s.attempts()); got != 1 {
			t.Errorf("attempts = %d, want 1", got)
		}
	})
}

func TestCancelMidLimiterWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 200}}}
		lim := rate.NewLimiter(rate.Every(time.Minute), 1)
		c := newTestClient(s, lim, 3)
		resp, err := post(t.Context(), c, "a=1") // takes the only token
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(500*time.Millisecond, cancel)
		start := time.Now()
		_, err = post(ctx, c, "a=2")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		var le *LimiterError
		if !errors.As(err, &le) {
			t.Errorf("err = %v, want a *LimiterError", err)
		}
		if d := time.Since(start); d != 500*time.Millisecond {
			t.Errorf("returned after %v, want 500ms", d)
		}
		if got := len(s.attempts()); got != 1 {
			t.Errorf("attempts = %d, want 1 (the second never left)", got)
		}
	})
}

func TestLimiterDeadlineIsNotRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 200}}}
		lim := rate.NewLimiter(rate.Every(time.Minute), 1)
		c := newTestClient(s, lim, 3)
		resp, err := post(t.Context(), c, "a=1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		_, err = post(ctx, c, "a=2")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("returned after %v, want ≤ 1s", d)
		}
	})
}

func TestLimiterCapsAttemptsPerSecond(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// Every other attempt fails with a 500, so retries must pay too.
		s := &script{steps: []step{{status: 500}, {status: 200}}, cycle: true}
		const perSecond, burst = 5, 2
		lim := rate.NewLimiter(perSecond, burst)
		c := New(Config{Base: s, Limiter: lim, MaxRetries: 3, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 5 {
					resp, err := post(t.Context(), c, "a=1")
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
				}
			})
		}
		wg.Wait()
		at := s.attempts()
		if len(at) < 60 { // 40 calls, every other attempt 500 → ~80 attempts
			t.Fatalf("attempts = %d, want ≥ 60 (retries counted)", len(at))
		}
		for i := range at {
			n := 0
			for j := i; j < len(at) && at[j].at.Sub(at[i].at) < time.Second; j++ {
				n++
			}
			if n > perSecond+burst {
				t.Fatalf("%d attempts within 1s starting at attempt %d; limit %d/s burst %d", n, i, perSecond, burst)
			}
		}
		total := at[len(at)-1].at.Sub(at[0].at)
		if min := time.Duration(len(at)-burst) * time.Second / perSecond; total < min-5*time.Millisecond {
			t.Errorf("%d attempts took %v, want ≥ %v", len(at), total, min)
		}
	})
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		attempt int
		status  int
		code    string
		lo, hi  time.Duration
	}{
		{0, 500, "", 50 * time.Millisecond, 100 * time.Millisecond},
		{1, 500, "", 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 500, "", 400 * time.Millisecond, 800 * time.Millisecond},
		{10, 500, "", time.Second, 2 * time.Second},
		{100, 500, "", time.Second, 2 * time.Second},
		{0, 429, CodeRateLimit, 200 * time.Millisecond, 400 * time.Millisecond},
		{0, 429, CodeLockTimeout, 50 * time.Millisecond, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		for range 50 {
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"error":{"code":"` + tt.code + `"}}`))}
			d := Backoff(100*time.Millisecond, 2*time.Second, tt.attempt, resp)
			if d < tt.lo || d > tt.hi {
				t.Fatalf("Backoff(attempt %d, %d %s) = %v, want in [%v,%v]", tt.attempt, tt.status, tt.code, d, tt.lo, tt.hi)
			}
		}
	}
}

func TestErrorCodeKeepsBodyReadable(t *testing.T) {
	t.Parallel()
	body := `{"error":{"type":"invalid_request_error","code":"lock_timeout","message":"m"}}`
	resp := &http.Response{StatusCode: 429, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	for range 3 {
		if got := ErrorCode(resp); got != CodeLockTimeout {
			t.Fatalf("ErrorCode = %q", got)
		}
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != body {
		t.Errorf("body after peeks = %q, want original", b)
	}
}

func FuzzClassify(f *testing.F) {
	f.Add(429, `{"error":{"code":"rate_limit"}}`, "", "")
	f.Add(409, `{"error":{"code":"idempotency_key_in_use"}}`, "false", "3")
	f.Add(500, `not json`, "true", "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add(200, ``, "", "-1")
	f.Fuzz(func(t *testing.T, status int, body, shouldRetry, retryAfter string) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
		resp.Header.Set("Stripe-Should-Retry", shouldRetry)
		resp.Header.Set("Retry-After", retryAfter)
		_ = Classify(resp, nil)
		if d := Backoff(time.Millisecond, time.Second, status%40, resp); d < 0 {
			t.Fatalf("negative backoff %v", d)
		}
		b, _ := io.ReadAll(resp.Body)
		if string(b) != body {
			t.Fatalf("body changed: %q → %q", body, b)
		}
	})
}

// hang blocks every request until its context ends.
type hang struct{ n int }

func (h *hang) RoundTrip(req *http.Request) (*http.Response, error) {
	h.n++
	<-req.Context().Done()
	return nil, req.Context().Err()
}

func TestAttemptTimeoutRetriedAndExcludesLimiterWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		h := &hang{}
		c := New(Config{Base: h, HTTPClient: &http.Client{Timeout: time.Second}, MaxRetries: 2, WaitMin: 10 * time.Millisecond, WaitMax: 20 * time.Millisecond})
		start := time.Now()
		_, err := post(t.Context(), c, "a=1")
		var te *AttemptTimeoutError
		if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want *AttemptTimeoutError", err)
		}
		if h.n != 3 {
			t.Errorf("attempts = %d, want 3 (timeouts are retried)", h.n)
		}
		if d := time.Since(start); d < 3*time.Second || d > 3*time.Second+40*time.Millisecond {
			t.Errorf("took %v, want ≈ 3 attempts × 1s", d)
		}

		// A 5 s rate-limit wait does not count against the 1 s attempt timeout.
		s := &script{steps: []step{{status: 200}}}
		lim := rate.NewLimiter(rate.Every(5*time.Second), 1)
		c = New(Config{Base: s, HTTPClient: &http.Client{Timeout: time.Second}, Limiter: lim, MaxRetries: 0})
		for range 2 {
			resp, err := post(t.Context(), c, "a=1")
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			resp.Body.Close()
		}
		if at := s.attempts(); len(at) != 2 || at[1].at.Sub(at[0].at) != 5*time.Second {
			t.Errorf("attempts = %d, want 2, 5s apart", len(at))
		}
	})
}

// TestAttemptTimeoutDefault: without an HTTPClient, or with one whose
// Timeout is 0, an attempt times out after DefaultAttemptTimeout.
func TestAttemptTimeoutDefault(t *testing.T) {
	t.Parallel()
	for _, hc := range []*http.Client{nil, {}} {
		synctest.Test(t, func(t *testing.T) {
			c := New(Config{Base: &hang{}, HTTPClient: hc, MaxRetries: 0})
			start := time.Now()
			_, err := post(t.Context(), c, "a=1")
			var te *AttemptTimeoutError
			if !errors.As(err, &te) {
				t.Fatalf("HTTPClient %v: err = %v, want *AttemptTimeoutError", hc, err)
			}
			if d := time.Since(start); d != DefaultAttemptTimeout {
				t.Errorf("HTTPClient %v: attempt gave up after %v, want %v", hc, d, DefaultAttemptTimeout)
			}
		})
	}
}

// TestStoppedErrorKeepsConnectionError: when the last attempt failed
// without a response and the next wait would outlast the deadline, the
// error matches context.DeadlineExceeded and holds the attempt's error.
func TestStoppedErrorKeepsConnectionError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		reset := errors.New("connection reset by peer")
		c := New(Config{Base: failing{reset}, MaxRetries: 5, WaitMin: time.Second, WaitMax: 8 * time.Second})
		ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
		defer cancel()
		start := time.Now()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://stripe.invalid/v1/x", nil)
		_, err := c.Do(req)
		var de *StoppedError
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, reset) || !errors.As(err, &de) {
			t.Fatalf("err = %v, want a *StoppedError with the connection error", err)
		}
		if d := time.Since(start); d >= 1500*time.Millisecond {
			t.Errorf("returned after %v, want before the deadline", d)
		}
	})
}

type failing struct{ err error }

func (f failing) RoundTrip(*http.Request) (*http.Response, error) { return nil, f.err }

// TestErrorsNameNoInternalLayer: the texts a caller reads do not start
// with the internal package's name (issue 10 §8).
func TestErrorsNameNoInternalLayer(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		&LimiterError{Err: context.Canceled},
		&AttemptTimeoutError{After: time.Second},
		&BodyTooLargeError{Limit: 1 << 20},
		&BodyReadError{Status: 200, Err: io.ErrUnexpectedEOF},
		&StoppedError{Cause: context.Canceled, Status: 503},
	} {
		if s := err.Error(); strings.Contains(s, "transport:") {
			t.Errorf("%T: %q names the internal layer", err, s)
		}
	}
	if s := (&LimiterError{Err: context.Canceled}).Error(); s != "context canceled while waiting for the rate limit" {
		t.Errorf("LimiterError = %q", s)
	}
}

// TestErrorKindNamesTheCause: the debug log of a failed attempt says what
// failed (issue 10 §8: -v showed only "connection error"), without the URL.
func TestErrorKindNamesTheCause(t *testing.T) {
	t.Parallel()
	dns := &url.Error{Op: "Get", URL: "https://api.stripe.com/v1/x?token=abc", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Name: "api.stripe.com", Err: "no such host", IsNotFound: true}}}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	for err, want := range map[error]string{
		dns:     "connection error: dns lookup of api.stripe.com failed: no such host",
		refused: "connection error: dial: connect: connection refused",
		&BodyReadError{Status: 200, Err: io.ErrUnexpectedEOF}: "connection error: response body of status 200 not read to its end: unexpected EOF",
	} {
		if got := errorKind(err); got != want {
			t.Errorf("errorKind(%v) = %q, want %q", err, got, want)
		}
	}
}
