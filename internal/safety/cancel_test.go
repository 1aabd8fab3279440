package safety_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/internal/stripefake"
	"github.com/fcsdk/fcsdk/permissions"
)

// maxCancelLatency is how soon a blocking call returns once its context is
// cancelled: the median of a scenario's rounds must be within it.
const maxCancelLatency = 50 * time.Millisecond

// maxCancelOutlier bounds every single round. The test runs on the real
// clock beside other packages' tests, so one round can lose the CPU for a
// while; a call that ignored its context would instead wait out the hour
// that every scenario blocks for.
const maxCancelOutlier = time.Second

// signal closes its channel the first time fire is called.
type signal struct {
	once sync.Once
	ch   chan struct{}
}

func newSignal() *signal { return &signal{ch: make(chan struct{})} }

func (s *signal) fire() { s.once.Do(func() { close(s.ch) }) }

// hookLimiter signals when an attempt starts waiting on it.
type hookLimiter struct {
	lim     *rate.Limiter
	blocked *signal
}

func (l hookLimiter) Wait(ctx context.Context) error {
	l.blocked.fire()
	return l.lim.Wait(ctx)
}

// hookClock is the real clock, signalling when a sleep starts.
type hookClock struct {
	fincon.SystemClock
	blocked *signal
}

func (c hookClock) Sleep(ctx context.Context, d time.Duration) error {
	c.blocked.fire()
	return c.SystemClock.Sleep(ctx, d)
}

// closeHook signals when a response body is closed: the retry layer
// drains and closes a retried response right before its backoff.
type closeHook struct {
	io.ReadCloser
	blocked *signal
}

func (b closeHook) Close() error {
	err := b.ReadCloser.Close()
	b.blocked.fire()
	return err
}

// stallBody blocks in Read until the request's context is done, like a
// server that sent the headers and stopped; it signals on the first Read.
type stallBody struct {
	ctx     context.Context
	blocked *signal
}

func (b stallBody) Read([]byte) (int, error) {
	b.blocked.fire()
	<-b.ctx.Done()
	return 0, b.ctx.Err()
}

func (b stallBody) Close() error { return nil }

func jsonResp(r *http.Request, status int, h http.Header, body io.ReadCloser) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json")
	return &http.Response{StatusCode: status, Header: h, Body: body, Request: r}
}

// cancelScenario sets up one blocking call: run blocks until its context
// is cancelled; blocked fires once it is about to block.
type cancelScenario struct {
	name  string
	setup func(t *testing.T) (run func(ctx context.Context) error, blocked *signal)
}

func cancelScenarios() []cancelScenario {
	key := apiKey
	return []cancelScenario{
		{name: "rate limiter wait", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			r := newRig(t, []permissions.Permission{permissions.PaymentMethod}, nil, fctest.InstitutionSuccess)
			sig := newSignal()
			lim := rate.NewLimiter(rate.Every(time.Hour), 1)
			lim.Allow() // drained: the next attempt waits an hour
			c := fctestclient.ForTest(t, r.sim, fincon.WithLimiter(hookLimiter{lim: lim, blocked: sig}))
			return func(ctx context.Context) error { _, err := c.GetAccount(ctx, r.accounts[0]); return err }, sig
		}},
		{name: "retry backoff after 500", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			sig := newSignal()
			rt := stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				return jsonResp(r, 500, nil, closeHook{io.NopCloser(strings.NewReader(`{"error":{"type":"api_error"}}`)), sig}), nil
			})
			c := setup(t, key, fincon.WithTransport(rt), fincon.WithBaseURL("http://cancel.invalid"),
				fincon.WithRetryWait(time.Hour, time.Hour))
			return func(ctx context.Context) error { _, err := c.GetAccount(ctx, "fca_1"); return err }, sig
		}},
		{name: "Retry-After of a 429 rate_limit", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			sig := newSignal()
			rt := stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				return jsonResp(r, 429, http.Header{"Retry-After": {"3600"}},
					closeHook{io.NopCloser(strings.NewReader(`{"error":{"type":"invalid_request_error","code":"rate_limit"}}`)), sig}), nil
			})
			c := setup(t, key, fincon.WithTransport(rt), fincon.WithBaseURL("http://cancel.invalid"))
			return func(ctx context.Context) error {
				_, err := c.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{Account: "fca_1", Customer: "cus_1",
					Amount: moneyUSD(100), BillingName: "Jenny Rosen"})
				return err
			}, sig
		}},
		{name: "refresh wait, polling", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			r := newRig(t, []permissions.Permission{permissions.Balances}, nil, fctest.InstitutionSuccess)
			sig := newSignal()
			c := fctestclient.ForTest(t, r.sim, fincon.WithClock(hookClock{blocked: sig}), fincon.WithRefreshPolling(time.Hour, time.Hour))
			return func(ctx context.Context) error {
				_, err := c.RefreshAndWait(ctx, r.accounts[0], permissions.RefreshBalance)
				return err
			}, sig
		}},
		{name: "refresh wait, events", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			r := newRig(t, []permissions.Permission{permissions.Balances}, nil, fctest.InstitutionSuccess)
			sig := newSignal()
			c := fctestclient.ForTest(t, r.sim, fincon.WithClock(hookClock{blocked: sig}), fincon.WithRefreshPolling(time.Hour, time.Hour),
				fincon.WithRefreshEvents(webhooks.NewRefreshNotifier()))
			return func(ctx context.Context) error {
				_, err := c.RefreshAndWait(ctx, r.accounts[0], permissions.RefreshBalance)
				return err
			}, sig
		}},
		{name: "server holding the request", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			r := newRig(t, []permissions.Permission{permissions.PaymentMethod}, nil, fctest.InstitutionSuccess)
			r.sim.InjectFaults(fctest.FaultPlan{Sequence: []fctest.FaultKind{fctest.FaultSlowBeforeCommit}, Latency: time.Hour})
			sig := newSignal()
			rt := stripefake.RoundTripFunc(func(req *http.Request) (*http.Response, error) { sig.fire(); return r.sim.Transport().RoundTrip(req) })
			c := fctestclient.ForTest(t, r.sim, fincon.WithTransport(rt))
			return func(ctx context.Context) error { _, err := c.GetAccount(ctx, r.accounts[0]); return err }, sig
		}},
		{name: "mid-response, in memory", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			sig := newSignal()
			rt := stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				return jsonResp(r, 200, nil, stallBody{ctx: r.Context(), blocked: sig}), nil
			})
			c := setup(t, key, fincon.WithTransport(rt), fincon.WithBaseURL("http://cancel.invalid"))
			return func(ctx context.Context) error { _, err := c.Balance(ctx, "fca_1"); return err }, sig
		}},
		{name: "mid-response, loopback TCP", setup: func(t *testing.T) (func(context.Context) error, *signal) {
			sig := newSignal()
			stop := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"id":"fca_1","object":"financial_connections.account","balance":`)
				w.(http.Flusher).Flush()
				sig.fire()
				select {
				case <-r.Context().Done():
				case <-stop:
				}
			}))
			t.Cleanup(func() { close(stop); srv.Close() })
			c := setup(t, key, fincon.WithBaseURL(srv.URL))
			return func(ctx context.Context) error {
				for _, err := range c.Transactions(ctx, "fca_1", fincon.TransactionListOptions{}) {
					if err != nil {
						return err
					}
				}
				return nil
			}, sig
		}},
	}
}

// TestCancellationLatency cancels every kind of blocked call from another
// goroutine, on the real clock, as soon as it is blocked (detected through
// a hook, not a sleep), and measures how long the call takes to return:
// a median of at most maxCancelLatency and no round over
// maxCancelOutlier, with a *fincon.Error matching context.Canceled.
func TestCancellationLatency(t *testing.T) {
	const rounds = 5
	var longest time.Duration
	var longestName string
	for _, sc := range cancelScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			var worst time.Duration
			took := make([]time.Duration, 0, rounds)
			for range rounds {
				run, blocked := sc.setup(t)
				ctx, cancel := context.WithCancel(context.Background())
				var (
					err      error
					returned time.Time
				)
				done := make(chan struct{})
				go func() {
					err = run(ctx)
					returned = time.Now()
					close(done)
				}()
				guard := time.NewTimer(10 * time.Second)
				select {
				case <-blocked.ch:
				case <-done:
					cancel()
					guard.Stop()
					t.Fatalf("returned before blocking: %v", err)
				case <-guard.C:
					cancel()
					t.Fatal("never blocked")
				}
				guard.Stop()
				cancelled := time.Now()
				cancel()
				<-done
				d := returned.Sub(cancelled)
				worst = max(worst, d)
				took = append(took, d)
				var fe *fincon.Error
				if !errors.As(err, &fe) || !errors.Is(err, context.Canceled) {
					t.Fatalf("err = %v (%T), want *fincon.Error matching context.Canceled", err, err)
				}
			}
			slices.Sort(took)
			median := took[len(took)/2]
			t.Logf("median of %d: %v, longest: %v", rounds, median, worst)
			if median > maxCancelLatency {
				t.Errorf("median %v after cancellation, want ≤ %v", median, maxCancelLatency)
			}
			if worst > maxCancelOutlier {
				t.Errorf("a round returned %v after cancellation, want ≤ %v", worst, maxCancelOutlier)
			}
			if worst > longest {
				longest, longestName = worst, sc.name
			}
		})
	}
	t.Logf("SUMMARY cancellation: longest latency %v (%s), limit %v", longest, longestName, maxCancelLatency)
}
