package redislimit

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/launch"
	"github.com/fcsdk/fcsdk/internal/redisserver"
)

// newRedis starts a redis-server for t and returns a client to it.
func newRedis(t *testing.T) (*redisserver.Server, *redis.Client) {
	t.Helper()
	srv := redisserver.Start(t)
	if srv == nil {
		return nil, nil // skipped
	}
	rdb := redis.NewClient(&redis.Options{
		Addr:                  srv.Addr,
		ContextTimeoutEnabled: true,
		DialTimeout:           200 * time.Millisecond,
		MaxRetries:            -1,
	})
	t.Cleanup(func() { rdb.Close() })
	return srv, rdb
}

// modeLog records the calls of a WithModeChange callback.
type modeLog struct {
	mu    sync.Mutex
	modes []Mode
	errs  []error
}

func (m *modeLog) record(mode Mode, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.modes = append(m.modes, mode)
	m.errs = append(m.errs, err)
}

func (m *modeLog) get() ([]Mode, []error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Mode(nil), m.modes...), append([]error(nil), m.errs...)
}

// drain calls lim.Wait from workers goroutines until ctx is done and returns
// the number of events allowed. A worker stops at its first error: Wait
// fails only when ctx is done or its deadline comes before the next event.
func drain(ctx context.Context, lim interface{ Wait(context.Context) error }, workers int) int64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for lim.Wait(ctx) == nil {
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return n.Load()
}

// patient is the Redis timeout of tests that are not about timeouts, so a
// loaded machine does not push them into Local mode.
var patient = WithTimeout(5 * time.Second)

// TestSharedKey checks, without depending on timing, that limiters on one key
// draw from one budget and limiters on other keys do not: the rate is one
// event per minute, so only the burst is available during the test.
func TestSharedKey(t *testing.T) {
	_, rdb := newRedis(t)
	const burst = 3
	newLim := func(key string) *Limiter {
		lim, err := New(rdb, t.Name()+":"+key, rate.Every(time.Minute), burst, patient)
		if err != nil {
			t.Fatal(err)
		}
		return lim
	}
	a := []*Limiter{newLim("a"), newLim("a"), newLim("a")}
	b := newLim("b")

	// The three limiters on "a" take the burst together: one event each.
	for i, lim := range a {
		if err := lim.Wait(t.Context()); err != nil {
			t.Fatalf("a[%d].Wait: %v", i, err)
		}
	}
	// Now the budget of "a" is spent for every limiter on it.
	for i, lim := range a {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		err := lim.Wait(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("a[%d].Wait after the shared burst = %v, want a deadline error", i, err)
		}
	}
	// "b" has its own budget.
	for i := range burst {
		if err := b.Wait(t.Context()); err != nil {
			t.Fatalf("b.Wait #%d: %v", i, err)
		}
	}
	for _, lim := range append(a, b) {
		if m := lim.Mode(); m != Shared {
			t.Errorf("mode %v, want shared", m)
		}
	}
}

// TestSharedBudget runs four limiters on one key (two goroutines each) at
// once for a while and checks that together they never exceed the budget.
// It measures in real time: .ci/run runs it alone first (see
// internal/launch.SkipIfMeasuredAlone).
func TestSharedBudget(t *testing.T) {
	launch.SkipIfMeasuredAlone(t)
	_, rdb := newRedis(t)
	const (
		r       = 50 // events per second
		burst   = 5
		window  = 500 * time.Millisecond
		workers = 2
	)
	var log modeLog
	lims := make([]*Limiter, 4)
	for i := range lims {
		lim, err := New(rdb, t.Name(), r, burst, patient, WithModeChange(log.record))
		if err != nil {
			t.Fatal(err)
		}
		lims[i] = lim
	}
	// One event each first, outside the window: it dials each limiter's
	// Redis connection, which on a loaded host can take longer than the
	// window and would leave a limiter with nothing to show. The events
	// are taken from the same key, so the window's budget bound below
	// holds all the more.
	for i, lim := range lims {
		wctx, wcancel := context.WithTimeout(t.Context(), 10*time.Second)
		err := lim.Wait(wctx)
		wcancel()
		if err != nil {
			t.Fatalf("limiter %d: first Wait: %v", i, err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), window)
	defer cancel()
	start := time.Now()
	counts := make([]int64, len(lims))
	var wg sync.WaitGroup
	for i, lim := range lims {
		wg.Go(func() { counts[i] = drain(ctx, lim, workers) })
	}
	wg.Wait()
	elapsed := time.Since(start)

	var total int64
	for i, c := range counts {
		total += c
		if c == 0 {
			t.Errorf("limiter %d got no events", i)
		}
	}
	// GCRA allows at most burst + r*elapsed events per key. Four separate
	// limiters would allow four times that.
	budget := burst + r*elapsed.Seconds()
	t.Logf("%d events in %v (budget %.1f, %.0f%%); per limiter %v",
		total, elapsed.Round(time.Millisecond), budget, 100*float64(total)/budget, counts)
	if float64(total) > budget+1 {
		t.Errorf("allowed %d events, more than the budget %.1f", total, budget)
	}
	if modes, errs := log.get(); len(modes) != 0 {
		t.Errorf("mode changes %v (%v), want none", modes, errs)
	}
}

// TestFailoverWhenRedisStops stops redis-server under a working limiter and
// checks that Wait neither hangs nor lets events through unlimited.
func TestFailoverWhenRedisStops(t *testing.T) {
	srv, rdb := newRedis(t)
	var log modeLog
	const r = 200
	lim, err := New(rdb, "failover", r, 4,
		WithFallbackFraction(0.25), WithTimeout(100*time.Millisecond),
		WithRetryInterval(time.Minute), WithModeChange(log.record))
	if err != nil {
		t.Fatal(err)
	}
	if lr, lb := lim.FallbackLimit(); lr != 50 || lb != 1 {
		t.Fatalf("FallbackLimit() = %v, %d; want 50, 1", lr, lb)
	}
	if err := lim.Wait(t.Context()); err != nil {
		t.Fatalf("Wait with redis up: %v", err)
	}
	if m := lim.Mode(); m != Shared {
		t.Fatalf("mode %v with redis up, want shared", m)
	}

	srv.Stop()
	start := time.Now()
	if err := lim.Wait(t.Context()); err != nil {
		t.Fatalf("Wait after redis stopped: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("first Wait after redis stopped took %v", d)
	}
	if m := lim.Mode(); m != Local {
		t.Fatalf("mode %v after redis stopped, want local", m)
	}
	modes, errs := log.get()
	if len(modes) != 1 || modes[0] != Local || errs[0] == nil {
		t.Fatalf("mode changes %v %v, want one switch to local with an error", modes, errs)
	}

	// The local limiter allows a quarter of the rate: 50/s, burst 1.
	const window = 300 * time.Millisecond
	ctx, cancel := context.WithTimeout(t.Context(), window)
	defer cancel()
	start = time.Now()
	n := drain(ctx, lim, 4)
	elapsed := time.Since(start)
	max := 1 + 50*elapsed.Seconds()
	t.Logf("local mode: %d events in %v (local budget %.1f, shared budget %.0f)", n, elapsed.Round(time.Millisecond), max, r*elapsed.Seconds())
	if float64(n) > max+1 || n < 2 {
		t.Errorf("local mode allowed %d events in %v, want at least 2 and at most %.1f", n, elapsed, max)
	}
}

// flakyClient fails every script call while down is set.
type flakyClient struct {
	Client
	down  atomic.Bool
	calls atomic.Int64
}

var errDown = errors.New("dial tcp: connection refused")

func (f *flakyClient) EvalSha(ctx context.Context, sha string, keys []string, args ...any) *redis.Cmd {
	f.calls.Add(1)
	if f.down.Load() {
		return redis.NewCmdResult(nil, errDown)
	}
	return f.Client.EvalSha(ctx, sha, keys, args...)
}

func (f *flakyClient) Eval(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	f.calls.Add(1)
	if f.down.Load() {
		return redis.NewCmdResult(nil, errDown)
	}
	return f.Client.Eval(ctx, script, keys, args...)
}

// fakeNow is a settable clock for the retry interval.
type fakeNow struct{ ns atomic.Int64 }

func (f *fakeNow) now() time.Time          { return time.Unix(0, f.ns.Load()) }
func (f *fakeNow) advance(d time.Duration) { f.ns.Add(int64(d)) }
func newFakeNow() *fakeNow                 { f := &fakeNow{}; f.ns.Store(time.Now().UnixNano()); return f }

func TestRecovery(t *testing.T) {
	_, rdb := newRedis(t)
	fc := &flakyClient{Client: rdb}
	var log modeLog
	const retry = time.Minute
	lim, err := New(fc, "recovery", 1000, 1, patient, WithRetryInterval(retry), WithModeChange(log.record))
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeNow()
	lim.now = clock.now

	fc.down.Store(true)
	if err := lim.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if m := lim.Mode(); m != Local {
		t.Fatalf("mode %v while down, want local", m)
	}
	// Within the retry interval, Waits stay local without asking Redis,
	// even once Redis is back.
	fc.down.Store(false)
	calls := fc.calls.Load()
	clock.advance(retry - time.Second)
	for range 3 {
		if err := lim.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if got := fc.calls.Load(); got != calls {
		t.Errorf("%d calls to redis within the retry interval, want 0", got-calls)
	}
	if m := lim.Mode(); m != Local {
		t.Fatalf("mode %v within the retry interval, want local", m)
	}

	// After it, the next Wait probes Redis and returns to Shared.
	clock.advance(time.Second)
	if err := lim.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := fc.calls.Load(); got == calls {
		t.Error("no call to redis after the retry interval")
	}
	if m := lim.Mode(); m != Shared {
		t.Fatalf("mode %v after the retry interval with redis up, want shared", m)
	}
	modes, errs := log.get()
	if len(modes) != 2 || modes[0] != Local || modes[1] != Shared || errs[0] == nil || errs[1] != nil {
		t.Errorf("mode changes %v %v, want local(err) then shared(nil)", modes, errs)
	}

	// A failed probe stays Local and waits another interval.
	fc.down.Store(true)
	if err := lim.Wait(t.Context()); err != nil || lim.Mode() != Local {
		t.Fatalf("Wait = %v, mode %v; want nil, local", err, lim.Mode())
	}
	clock.advance(retry)
	calls = fc.calls.Load()
	if err := lim.Wait(t.Context()); err != nil || lim.Mode() != Local {
		t.Fatalf("Wait = %v, mode %v; want nil, local", err, lim.Mode())
	}
	if got := fc.calls.Load(); got != calls+1 {
		t.Errorf("%d calls to redis for one probe, want 1", got-calls)
	}
	if err := lim.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := fc.calls.Load(); got != calls+1 {
		t.Errorf("redis asked again right after a failed probe")
	}
}

// TestUnresponsiveRedis points the limiter at a server that accepts
// connections and never answers: Wait must fall back after the timeout
// rather than hang for the client's 30s read timeout.
func TestUnresponsiveRedis(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns sync.WaitGroup
	t.Cleanup(func() { ln.Close(); conns.Wait() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Go(func() {
				defer c.Close()
				buf := make([]byte, 512)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			})
		}
	}()
	rdb := redis.NewClient(&redis.Options{Addr: ln.Addr().String(), ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second})
	t.Cleanup(func() { rdb.Close() })

	lim, err := New(rdb, "blackhole", 100, 1, WithTimeout(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := lim.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Wait took %v against an unresponsive redis (client read timeout 30s)", d)
	}
	if m := lim.Mode(); m != Local {
		t.Errorf("mode %v, want local", m)
	}
	// Unblock the client's pending read.
	ln.Close()
	rdb.Close()
}

// blackhole returns the address of a server that accepts connections and
// never answers.
func blackhole(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range open {
			c.Close()
		}
		mu.Unlock()
		conns.Wait()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			open = append(open, c)
			mu.Unlock()
			conns.Go(func() {
				buf := make([]byte, 512)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			})
		}
	}()
	return ln.Addr().String()
}

// refused returns an address nothing listens on.
func refused(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestUnreachableRedisFallsBack checks that Wait falls back to Local within
// about the timeout whatever the client's socket timeouts, and that a
// client honouring context deadlines is called without a guard goroutine.
func TestUnreachableRedisFallsBack(t *testing.T) {
	const timeout = 50 * time.Millisecond
	tests := []struct {
		name       string
		addr       func(*testing.T) string
		ctxTimeout bool // ContextTimeoutEnabled
		wrap       bool // hide the *redis.Client behind another Client
		direct     bool
	}{
		{"silent server, context deadlines honoured", blackhole, true, false, true},
		{"silent server, context deadlines ignored", blackhole, false, false, false},
		{"silent server, wrapped client", blackhole, true, true, false},
		{"connection refused, context deadlines honoured", refused, true, false, true},
		{"connection refused, context deadlines ignored", refused, false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rdb := redis.NewClient(&redis.Options{
				Addr:                  tc.addr(t),
				ContextTimeoutEnabled: tc.ctxTimeout,
				DialTimeout:           30 * time.Second,
				ReadTimeout:           30 * time.Second,
				WriteTimeout:          30 * time.Second,
			})
			t.Cleanup(func() { rdb.Close() })
			var c Client = rdb
			if tc.wrap {
				c = &flakyClient{Client: rdb}
			}
			lim, err := New(c, "unreachable", 100, 1, WithTimeout(timeout), WithRetryInterval(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if lim.direct != tc.direct {
				t.Errorf("direct call = %v, want %v", lim.direct, tc.direct)
			}
			start := time.Now()
			if err := lim.Wait(t.Context()); err != nil {
				t.Fatalf("Wait: %v", err)
			}
			// The client's own timeouts are 30 s; a generous bound that a
			// loaded host meets and a blocked call cannot.
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Wait took %v with a %v timeout", d, timeout)
			}
			if m := lim.Mode(); m != Local {
				t.Errorf("mode %v, want local", m)
			}
		})
	}
}

func TestWaitContext(t *testing.T) {
	_, rdb := newRedis(t)
	tests := []struct {
		name     string
		local    bool // force Local mode first
		ctx      func(t *testing.T) context.Context
		want     error
		maxDelay time.Duration
	}{
		{
			name: "shared, cancelled while waiting",
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(t.Context())
				time.AfterFunc(30*time.Millisecond, cancel)
				return ctx
			},
			want:     context.Canceled,
			maxDelay: 5 * time.Second,
		},
		{
			name: "shared, deadline before the next event",
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithTimeout(t.Context(), time.Second)
				t.Cleanup(cancel)
				return ctx
			},
			want:     context.DeadlineExceeded,
			maxDelay: time.Second, // the next event is a minute away
		},
		{
			name: "already cancelled",
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(t.Context())
				cancel()
				return ctx
			},
			want:     context.Canceled,
			maxDelay: 5 * time.Second,
		},
		{
			name:  "local, cancelled while waiting",
			local: true,
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(t.Context())
				time.AfterFunc(30*time.Millisecond, cancel)
				return ctx
			},
			want:     context.Canceled,
			maxDelay: 5 * time.Second,
		},
		{
			name:  "local, deadline before the next event",
			local: true,
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithTimeout(t.Context(), time.Second)
				t.Cleanup(cancel)
				return ctx
			},
			want:     context.DeadlineExceeded,
			maxDelay: time.Second, // the next event is a minute away
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fc := &flakyClient{Client: rdb}
			// One event per minute: after the first, the next is far away.
			lim, err := New(fc, t.Name(), rate.Every(time.Minute), 1, patient, WithRetryInterval(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			fc.down.Store(tc.local)
			if err := lim.Wait(t.Context()); err != nil {
				t.Fatalf("first Wait: %v", err)
			}
			if want := map[bool]Mode{false: Shared, true: Local}[tc.local]; lim.Mode() != want {
				t.Fatalf("mode %v, want %v", lim.Mode(), want)
			}
			start := time.Now()
			err = lim.Wait(tc.ctx(t))
			if d := time.Since(start); d > tc.maxDelay {
				t.Errorf("Wait returned after %v, want at most %v", d, tc.maxDelay)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("Wait = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { rdb.Close() })
	tests := []struct {
		name  string
		rdb   Client
		key   string
		r     rate.Limit
		burst int
		opts  []Option
		ok    bool
	}{
		{"valid", rdb, "k", 25, 1, nil, true},
		{"valid fractional rate", rdb, "k", 0.5, 3, nil, true},
		{"valid options", rdb, "k", 100, 10, []Option{WithTimeout(time.Second), WithFallbackFraction(1), WithRetryInterval(time.Minute), WithLogger(slog.New(slog.DiscardHandler)), WithModeChange(nil)}, true},
		{"nil option", rdb, "k", 100, 10, []Option{WithTimeout(time.Second), nil}, false},
		{"nil logger", rdb, "k", 100, 10, []Option{WithLogger(nil)}, false},
		{"nil client", nil, "k", 25, 1, nil, false},
		{"empty key", rdb, "", 25, 1, nil, false},
		{"zero rate", rdb, "k", 0, 1, nil, false},
		{"negative rate", rdb, "k", -1, 1, nil, false},
		{"unlimited rate", rdb, "k", rate.Inf, 1, nil, false},
		{"NaN rate", rdb, "k", rate.Limit(math.NaN()), 1, nil, false},
		{"rate too high for a 1ns period", rdb, "k", 2e9, 1, nil, false},
		{"rate too low", rdb, "k", 1e-12, 1, nil, false},
		{"zero burst", rdb, "k", 25, 0, nil, false},
		{"zero timeout", rdb, "k", 25, 1, []Option{WithTimeout(0)}, false},
		{"zero fraction", rdb, "k", 25, 1, []Option{WithFallbackFraction(0)}, false},
		{"fraction above 1", rdb, "k", 25, 1, []Option{WithFallbackFraction(1.5)}, false},
		{"NaN fraction", rdb, "k", 25, 1, []Option{WithFallbackFraction(math.NaN())}, false},
		{"negative retry interval", rdb, "k", 25, 1, []Option{WithRetryInterval(-time.Second)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lim, err := New(tc.rdb, tc.key, tc.r, tc.burst, tc.opts...)
			if tc.ok {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				if lim.Limit() != tc.r || lim.Burst() != tc.burst || lim.Mode() != Shared {
					t.Errorf("Limit, Burst, Mode = %v, %d, %v", lim.Limit(), lim.Burst(), lim.Mode())
				}
				return
			}
			var oe *fincon.OptionError
			if !errors.Is(err, fincon.ErrInvalidOption) || !errors.As(err, &oe) || !strings.HasPrefix(oe.Option, "redislimit.") {
				t.Fatalf("New = %v, %v; want a redislimit *fincon.OptionError (fincon.ErrInvalidOption)", lim, err)
			}
		})
	}
}

func TestFallbackLimit(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { rdb.Close() })
	tests := []struct {
		r         rate.Limit
		burst     int
		fraction  float64
		wantR     rate.Limit
		wantBurst int
	}{
		{100, 1, 0.25, 25, 1},
		{100, 20, 0.25, 25, 5},
		{25, 25, 0.125, 3.125, 3},
		{10, 10, 1, 10, 10},
	}
	for _, tc := range tests {
		lim, err := New(rdb, "k", tc.r, tc.burst, WithFallbackFraction(tc.fraction))
		if err != nil {
			t.Fatal(err)
		}
		if r, b := lim.FallbackLimit(); r != tc.wantR || b != tc.wantBurst {
			t.Errorf("New(%v, %d, fraction %v).FallbackLimit() = %v, %d; want %v, %d",
				tc.r, tc.burst, tc.fraction, r, b, tc.wantR, tc.wantBurst)
		}
	}
}

func TestModeString(t *testing.T) {
	for m, want := range map[Mode]string{Shared: "shared", Local: "local", 7: "Mode(7)"} {
		if got := m.String(); got != want {
			t.Errorf("Mode(%d).String() = %q, want %q", int(m), got, want)
		}
	}
}
