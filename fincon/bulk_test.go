package fincon_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

func repeat(inst fctest.Institution, n int) []fctest.Institution {
	out := make([]fctest.Institution, n)
	for i := range out {
		out[i] = inst
	}
	return out
}

// progressLog records Progress calls and detects overlapping calls.
type progressLog struct {
	inside  atomic.Int32
	overlap atomic.Bool
	mu      sync.Mutex
	calls   []fincon.Progress
	onCall  func(fincon.Progress)
}

func (l *progressLog) record(p fincon.Progress) {
	if l.inside.Add(1) != 1 {
		l.overlap.Store(true)
	}
	runtime.Gosched() // give an overlapping call a chance to show
	l.mu.Lock()
	l.calls = append(l.calls, p)
	l.mu.Unlock()
	if l.onCall != nil {
		l.onCall(p)
	}
	l.inside.Add(-1)
}

// check verifies the Progress contract: calls never overlap, Total is
// constant, Done grows, Errors never exceeds Done and never shrinks, and the
// last call has Done == Total and the given number of errors.
func (l *progressLog) check(t *testing.T, total, wantErrors int) {
	t.Helper()
	if l.overlap.Load() {
		t.Error("Progress calls overlapped")
	}
	if len(l.calls) == 0 {
		t.Fatal("Progress never called")
	}
	prev := fincon.Progress{}
	for i, p := range l.calls {
		if p.Total != total || p.Done <= prev.Done || p.Errors < prev.Errors || p.Errors > p.Done {
			t.Fatalf("call %d: %+v after %+v (total %d)", i, p, prev, total)
		}
		prev = p
	}
	if last := l.calls[len(l.calls)-1]; last.Done != total || last.Errors != wantErrors {
		t.Errorf("last Progress = %+v, want Done=%d Errors=%d", last, total, wantErrors)
	}
}

// apiErr returns the *fincon.Error in err's chain, or an empty one.
func apiErr(err error) fincon.Error {
	var fe *fincon.Error
	if errors.As(err, &fe) {
		return *fe
	}
	return fincon.Error{}
}

func TestRefreshAndReadManyIsolatesFailures(t *testing.T) {
	t.Parallel()
	all := mustSet(t, permissions.PaymentMethod, permissions.Balances, permissions.Ownership, permissions.Transactions)
	balOnly := mustSet(t, permissions.Balances)
	tests := []struct {
		name     string
		perms    permissions.Set
		insts    []fctest.Institution
		features []permissions.RefreshFeature
		// wantErr[i] checks item i's error; nil entries want success.
		wantErr   []func(error) bool
		wantOwner bool
		known     int // accounts read before, so that the client knows their permissions
	}{
		{
			name:  "inactive and disconnected among active",
			perms: all,
			insts: []fctest.Institution{
				fctest.InstitutionSuccess, fctest.InstitutionInactive, fctest.InstitutionSavings,
				fctest.InstitutionDisconnected, fctest.InstitutionCreditCard,
			},
			features: []permissions.RefreshFeature{permissions.RefreshBalance, permissions.RefreshOwnership},
			wantErr: []func(error) bool{
				nil,
				func(err error) bool { return apiErr(err).Code == "financial_connections_account_inactive" },
				nil,
				func(err error) bool { e := apiErr(err); return e.HTTPStatus == 400 && e.Param == "account" },
				nil,
			},
			wantOwner: true,
		},
		{
			name:     "permission missing for some features",
			perms:    balOnly,
			insts:    []fctest.Institution{fctest.InstitutionSuccess, fctest.InstitutionSavings},
			features: []permissions.RefreshFeature{permissions.RefreshOwnership},
			// The client knows the first account's permissions and refuses
			// without a request; the server refuses the second.
			known: 1,
			wantErr: []func(error) bool{
				func(err error) bool {
					return errors.Is(err, fincon.ErrPermissionNotGranted) && apiErr(err).HTTPStatus == 0
				},
				func(err error) bool { e := apiErr(err); return e.HTTPStatus == 400 && e.Param == "features" },
			},
		},
		{
			name:     "balance only",
			perms:    balOnly,
			insts:    repeat(fctest.InstitutionSuccess, 6),
			features: []permissions.RefreshFeature{permissions.RefreshBalance},
			wantErr:  make([]func(error) bool, 6),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := setup(t, fastRetries(), linked(tt.perms, tt.insts...))
			for _, id := range env.accounts[:tt.known] {
				if _, err := env.c.GetAccount(t.Context(), id); err != nil {
					t.Fatal(err)
				}
			}
			var log progressLog
			res, err := env.c.RefreshAndReadMany(t.Context(), env.accounts, tt.features, fincon.BulkOptions{Concurrency: 3, Progress: log.record})
			if err != nil {
				t.Fatalf("RefreshAndReadMany: %v", err)
			}
			if len(res) != len(env.accounts) {
				t.Fatalf("%d results for %d ids", len(res), len(env.accounts))
			}
			failures := 0
			for i, r := range res {
				if r.ID != env.accounts[i] {
					t.Errorf("result %d is for %s, want %s", i, r.ID, env.accounts[i])
				}
				if want := tt.wantErr[i]; want != nil {
					failures++
					if r.Err == nil || !want(r.Err) {
						t.Errorf("item %d (%s): err = %v, want the expected failure", i, tt.insts[i], r.Err)
					}
					if r.Account != nil {
						t.Errorf("item %d: failed item has an Account", i)
					}
					continue
				}
				if r.Err != nil {
					t.Errorf("item %d (%s): %v", i, tt.insts[i], r.Err)
					continue
				}
				if r.Account == nil || r.Account.ID != env.accounts[i] {
					t.Errorf("item %d: account = %v", i, r.Account)
					continue
				}
				for _, f := range tt.features {
					if st := r.Account.Refresh(f).Status; st != fincon.RefreshSucceeded {
						t.Errorf("item %d: %s refresh %q", i, f, st)
					}
				}
				if _, ok := r.Balance.Current(balances.USD); !ok {
					t.Errorf("item %d: no current balance", i)
				}
				if tt.wantOwner && len(r.Owners) == 0 {
					t.Errorf("item %d: no owners", i)
				}
			}
			log.check(t, len(env.accounts), failures)
		})
	}
}

func TestRefreshAndReadManyRequestsPerAccount(t *testing.T) {
	t.Parallel()
	perms := mustSet(t, permissions.Balances, permissions.Ownership)
	tests := []struct {
		name     string
		features []permissions.RefreshFeature
		want     map[string]int // requests per account by kind
	}{
		// The balance comes with the polled account: no read after it.
		{"balance", []permissions.RefreshFeature{permissions.RefreshBalance},
			map[string]int{"refresh": 1, "poll": 1}},
		{"balance and owners", []permissions.RefreshFeature{permissions.RefreshBalance, permissions.RefreshOwnership},
			map[string]int{"refresh": 1, "poll": 1, "owners": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = 4
			// With no refresh delay the poll right after the refresh
			// finds it done.
			env := setup(t, simOptions(fctest.WithRefreshDelay(0)), fastRetries(), linked(perms, repeat(fctest.InstitutionSuccess, n)...))
			skip := len(env.sim.Requests())
			res, err := env.c.RefreshAndReadMany(t.Context(), env.accounts, tt.features, fincon.BulkOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range res {
				if r.Err != nil {
					t.Fatalf("item %d: %v", i, r.Err)
				}
			}
			got := map[string]int{}
			for _, rec := range env.sim.Requests()[skip:] {
				switch {
				case strings.HasSuffix(rec.Path, "/refresh"):
					got["refresh"]++
				case strings.HasSuffix(rec.Path, "/owners"):
					got["owners"]++
				case rec.Method == http.MethodGet:
					got["poll"]++
				default:
					got[rec.Method+" "+rec.Path]++
				}
			}
			for k := range got {
				got[k] /= n
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("requests per account = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBulkInvalidArgumentsSendNothing(t *testing.T) {
	t.Parallel()
	perms := mustSet(t, permissions.Balances, permissions.Transactions)
	env := setup(t, fastRetries(), linked(perms, fctest.InstitutionSuccess, fctest.InstitutionSavings))
	bal := []permissions.RefreshFeature{permissions.RefreshBalance}
	a, b := env.accounts[0], env.accounts[1]
	tests := []struct {
		name string
		run  func() error
	}{
		{"negative concurrency", func() error {
			_, err := env.c.RefreshAndReadMany(t.Context(), []string{a}, bal, fincon.BulkOptions{Concurrency: -1})
			return err
		}},
		{"empty id", func() error {
			_, err := env.c.RefreshAndReadMany(t.Context(), []string{a, ""}, bal, fincon.BulkOptions{})
			return err
		}},
		{"duplicate id", func() error {
			_, err := env.c.RefreshAndReadMany(t.Context(), []string{a, b, a}, bal, fincon.BulkOptions{})
			return err
		}},
		{"no features", func() error {
			_, err := env.c.RefreshAndReadMany(t.Context(), []string{a}, nil, fincon.BulkOptions{})
			return err
		}},
		{"permission name as feature", func() error {
			_, err := env.c.RefreshAndReadMany(t.Context(), []string{a}, []permissions.RefreshFeature{"balances"}, fincon.BulkOptions{})
			return err
		}},
		{"nil store", func() error {
			_, err := env.c.SyncTransactionsMany(t.Context(), []string{a}, nil, nil, fincon.BulkOptions{})
			return err
		}},
		{"sync duplicate id", func() error {
			_, err := env.c.SyncTransactionsMany(t.Context(), []string{b, b}, &transactions.MemoryStore{}, nil, fincon.BulkOptions{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := env.sim.Stats().Requests
			err := tt.run()
			if !errors.Is(err, fincon.ErrInvalidParams) {
				t.Errorf("err = %v, want ErrInvalidParams", err)
			}
			if n := env.sim.Stats().Requests - before; n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestBulkEmptyList(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances), fctest.InstitutionSuccess))
	called := false
	opts := fincon.BulkOptions{Progress: func(fincon.Progress) { called = true }}
	res, err := env.c.RefreshAndReadMany(t.Context(), nil, []permissions.RefreshFeature{permissions.RefreshBalance}, opts)
	if err != nil || len(res) != 0 {
		t.Errorf("RefreshAndReadMany(nil) = %v, %v", res, err)
	}
	sres, err := env.c.SyncTransactionsMany(t.Context(), []string{}, &transactions.MemoryStore{}, nil, opts)
	if err != nil || len(sres) != 0 {
		t.Errorf("SyncTransactionsMany([]) = %v, %v", sres, err)
	}
	if called {
		t.Error("Progress called for an empty list")
	}
}

// inFlight counts concurrent requests and holds each one for a while of
// fake time, so that every worker is in flight at once inside a synctest
// bubble. Requests about later accounts are held for less, so that they
// finish first.
type inFlight struct {
	base   http.RoundTripper
	order  map[string]int // account id → index
	mu     sync.Mutex
	cur    int
	max    int
	paths  []string
	holdFn func(idx int) time.Duration
}

func (f *inFlight) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.cur++
	f.max = max(f.max, f.cur)
	f.paths = append(f.paths, r.URL.Path)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.cur--
		f.mu.Unlock()
	}()
	idx := -1
	for id, i := range f.order {
		if strings.Contains(r.URL.Path, id) {
			idx = i
		}
	}
	d := 10 * time.Millisecond
	if f.holdFn != nil && idx >= 0 {
		d = f.holdFn(idx)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	return f.base.RoundTrip(r)
}

func TestBulkConcurrencyBoundAndOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		accounts    int
		concurrency int
		want        int
	}{
		{"one at a time", 5, 1, 1},
		{"three", 12, 3, 3},
		{"default", 20, 0, fincon.DefaultBulkConcurrency},
		{"more workers than items", 4, 50, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var fl *inFlight
				wrap := func(_ *fctest.Sim, rt http.RoundTripper) http.RoundTripper {
					fl = &inFlight{base: rt, order: map[string]int{}}
					fl.holdFn = func(idx int) time.Duration { return time.Duration(tt.accounts-idx) * time.Millisecond }
					return fl
				}
				env := setup(t, wrapTransport(wrap), fastRetries(), linked(mustSet(t, permissions.Balances), repeat(fctest.InstitutionSuccess, tt.accounts)...))
				for i, id := range env.accounts {
					fl.order[id] = i
				}
				res, err := env.c.RefreshAndReadMany(t.Context(), env.accounts, []permissions.RefreshFeature{permissions.RefreshBalance},
					fincon.BulkOptions{Concurrency: tt.concurrency})
				if err != nil {
					t.Fatal(err)
				}
				if fl.max != tt.want {
					t.Errorf("max requests in flight = %d, want %d", fl.max, tt.want)
				}
				for i, r := range res {
					if r.Err != nil {
						t.Errorf("item %d: %v", i, r.Err)
					} else if r.ID != env.accounts[i] || r.Account.ID != env.accounts[i] {
						t.Errorf("result %d is for %s/%s, want %s", i, r.ID, r.Account.ID, env.accounts[i])
					}
				}
			})
		})
	}
}

func TestBulkCancelMidway(t *testing.T) {
	t.Parallel()
	const n, stopAt = 10, 3
	tests := []struct {
		name        string
		concurrency int
	}{
		{"sequential", 1},
		{"concurrent", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances), repeat(fctest.InstitutionSuccess, n)...))
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			log := progressLog{onCall: func(p fincon.Progress) {
				if p.Done == stopAt {
					cancel()
				}
			}}
			res, err := env.c.RefreshAndReadMany(ctx, env.accounts, []permissions.RefreshFeature{permissions.RefreshBalance},
				fincon.BulkOptions{Concurrency: tt.concurrency, Progress: log.record})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			ok, canceled := 0, 0
			for i, r := range res {
				switch {
				case r.Err == nil:
					ok++
					if r.Account == nil {
						t.Errorf("item %d: success without account", i)
					}
				case errors.Is(r.Err, context.Canceled):
					canceled++
					var fe *fincon.Error
					if !errors.As(r.Err, &fe) || fe.ID != env.accounts[i] {
						t.Errorf("item %d: err %v does not name the account", i, r.Err)
					}
				default:
					t.Errorf("item %d: unexpected error %v", i, r.Err)
				}
			}
			if ok+canceled != n || ok < stopAt || ok > stopAt+tt.concurrency-1 {
				t.Errorf("ok = %d, canceled = %d; want %d..%d ok", ok, canceled, stopAt, stopAt+tt.concurrency-1)
			}
			if tt.concurrency == 1 {
				for i := range stopAt {
					if res[i].Err != nil {
						t.Errorf("item %d before the cancel failed: %v", i, res[i].Err)
					}
				}
			}
			log.check(t, n, canceled)
		})
	}
}

func TestBulkCancelReturnsPromptlyWithoutLeaks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, conc = 10, 3
		var started atomic.Int32
		wrap := func(_ *fctest.Sim, rt http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				started.Add(1)
				<-r.Context().Done() // the server never answers
				return nil, r.Context().Err()
			})
		}
		env := setup(t, wrapTransport(wrap), fastRetries(), linked(mustSet(t, permissions.Balances), repeat(fctest.InstitutionSuccess, n)...))
		goroutines := libraryGoroutines()
		ctx, cancel := context.WithCancel(t.Context())
		var (
			res []fincon.RefreshResult
			err error
		)
		done := make(chan struct{})
		start := time.Now()
		go func() {
			defer close(done)
			res, err = env.c.RefreshAndReadMany(ctx, env.accounts, []permissions.RefreshFeature{permissions.RefreshBalance},
				fincon.BulkOptions{Concurrency: conc})
		}()
		synctest.Wait() // every worker is blocked in a request
		if got := started.Load(); got != conc {
			t.Fatalf("requests in flight = %d, want %d", got, conc)
		}
		if g := libraryGoroutines(); g < goroutines+conc {
			t.Fatalf("goroutines running the library's code in flight: %d, want at least %d: the count would not see a leak", g, goroutines+conc)
		}
		cancel()
		<-done
		if d := time.Since(start); d != 0 {
			t.Errorf("returned after %v of waiting, want at once", d)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		for i, r := range res {
			if !errors.Is(r.Err, context.Canceled) {
				t.Errorf("item %d: err = %v, want context.Canceled", i, r.Err)
			}
		}
		if got := started.Load(); got != conc {
			t.Errorf("requests = %d after cancel, want still %d", got, conc)
		}
		synctest.Wait() // let exiting goroutines finish
		// synctest.Test itself fails if a goroutine of the bubble is still
		// blocked when the test returns; this names the leak first.
		if g := libraryGoroutines(); g > goroutines {
			t.Errorf("goroutines running the library's code: %d before, %d after", goroutines, g)
		}
	})
}

// libraryGoroutines counts the goroutines with a frame of the module's
// library code (fincon, internal) or of go-retryablehttp on their stack:
// the ones a bulk call may start. Unlike runtime.NumGoroutine it does not
// count what other tests leave winding down (a server's connection
// closing), which made the count flaky on a loaded machine.
func libraryGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "github.com/fcsdk/fcsdk/fincon.") ||
			strings.Contains(g, "github.com/fcsdk/fcsdk/internal/") ||
			strings.Contains(g, "github.com/hashicorp/go-retryablehttp.") {
			count++
		}
	}
	return count
}

func TestSyncTransactionsMany(t *testing.T) {
	t.Parallel()
	perms := mustSet(t, permissions.Balances, permissions.Transactions)
	env := setup(t, fastRetries(), linked(perms, fctest.InstitutionSuccess, fctest.InstitutionSavings, fctest.InstitutionInactive, fctest.InstitutionSuccess))
	ctx := t.Context()
	// The inactive account cannot be refreshed; the others are.
	if _, err := env.c.RefreshAndReadMany(ctx, env.accounts, []permissions.RefreshFeature{permissions.RefreshTransactions}, fincon.BulkOptions{}); err != nil {
		t.Fatal(err)
	}
	failing := env.accounts[3]
	errHandler := errors.New("handler down")
	store := &transactions.MemoryStore{}
	var mu sync.Mutex
	events := map[string]int{}
	fn := func(_ context.Context, ev transactions.Event) error {
		if ev.Transaction.Account == failing {
			return errHandler
		}
		mu.Lock()
		events[ev.Transaction.Account]++
		mu.Unlock()
		return nil
	}
	var log progressLog
	res, err := env.c.SyncTransactionsMany(ctx, env.accounts, store, fn, fincon.BulkOptions{Concurrency: 2, Progress: log.record})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res[:2] {
		if r.Err != nil || r.ID != env.accounts[i] {
			t.Fatalf("item %d: %+v", i, r)
		}
		if r.Stats.Added == 0 || r.Stats.Added != events[r.ID] || r.Stats.Cursor == "" {
			t.Errorf("item %d: stats %+v, %d events", i, r.Stats, events[r.ID])
		}
		if got, _ := store.Cursor(ctx, r.ID); got != r.Stats.Cursor {
			t.Errorf("item %d: stored cursor %q, stats %q", i, got, r.Stats.Cursor)
		}
	}
	// Never refreshed: nothing to sync, which is not an error.
	if r := res[2]; r.Err != nil || r.Stats.Listed != 0 {
		t.Errorf("inactive account: %+v", r)
	}
	if r := res[3]; !errors.Is(r.Err, errHandler) {
		t.Errorf("failing handler: err = %v", r.Err)
	} else if cur, _ := store.Cursor(ctx, failing); cur != "" {
		t.Errorf("cursor moved to %q despite the failure", cur)
	}
	log.check(t, len(env.accounts), 1)

	// A second pass finds nothing new and redelivers nothing.
	before := maps.Clone(events)
	res, err = env.c.SyncTransactionsMany(ctx, env.accounts[:2], store, nil, fincon.BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil || r.Stats.Added != 0 || r.Stats.Updated != 0 {
			t.Errorf("second pass item %d: %+v", i, r)
		}
	}
	if fmt.Sprint(before) != fmt.Sprint(events) {
		t.Errorf("events changed on the second pass: %v → %v", before, events)
	}
}

func TestSyncTransactionsManyPermissionAndPending(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances, permissions.Transactions), fctest.InstitutionSuccess, fctest.InstitutionSavings))
	noTxn := setup(t, onSim(env.sim), linked(mustSet(t, permissions.Balances), fctest.InstitutionSuccess)).accounts
	ctx := t.Context()
	// Known permissions: the client refuses without a request.
	if _, err := env.c.GetAccount(ctx, noTxn[0]); err != nil {
		t.Fatal(err)
	}
	// A refresh left pending: Stripe then hides the previous refresh id.
	if _, err := env.c.Refresh(ctx, env.accounts[1], permissions.RefreshTransactions); err != nil {
		t.Fatal(err)
	}
	ids := []string{env.accounts[0], env.accounts[1], noTxn[0]}
	res, err := env.c.SyncTransactionsMany(ctx, ids, &transactions.MemoryStore{}, nil, fincon.BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Err != nil {
		t.Errorf("never refreshed account: %v", res[0].Err)
	}
	if !errors.Is(res[1].Err, fincon.ErrRefreshPending) {
		t.Errorf("pending refresh: err = %v, want ErrRefreshPending", res[1].Err)
	}
	if !errors.Is(res[2].Err, fincon.ErrPermissionNotGranted) {
		t.Errorf("no transactions permission: err = %v, want ErrPermissionNotGranted", res[2].Err)
	}
}

// TestSyncErrorWrappedOnce: a sync that fails in the client's own call
// (the latest refresh is pending) carries that call's *Error once, not a
// second "fincon:" layer around the Syncer's context.
func TestSyncErrorWrappedOnce(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Transactions), fctest.InstitutionSuccess))
	ctx := t.Context()
	if _, err := env.c.Refresh(ctx, env.accounts[0], permissions.RefreshTransactions); err != nil {
		t.Fatal(err)
	}
	res, err := env.c.SyncTransactionsMany(ctx, env.accounts, &transactions.MemoryStore{}, nil, fincon.BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := res[0].Err
	if !errors.Is(e, fincon.ErrRefreshPending) {
		t.Fatalf("err = %v, want ErrRefreshPending", e)
	}
	if n := strings.Count(e.Error(), "fincon:"); n != 1 {
		t.Errorf("%q has %d \"fincon:\" prefixes, want 1", e, n)
	}
	if n := strings.Count(e.Error(), env.accounts[0]); n > 2 {
		t.Errorf("%q names the account %d times", e, n)
	}
	if fe := apiErr(e); fe.Op != "latest transaction refresh" {
		t.Errorf("*Error op = %q, want the failed call's", fe.Op)
	}
}

// TestBulkSkippedItemsUseTheBulkOp: items the context stopped before they
// started carry the bulk operation's op, for both bulk operations.
func TestBulkSkippedItemsUseTheBulkOp(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances, permissions.Transactions), fctest.InstitutionSuccess, fctest.InstitutionSavings))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rr, err := env.c.RefreshAndReadMany(ctx, env.accounts, []permissions.RefreshFeature{permissions.RefreshBalance}, fincon.BulkOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	sr, err := env.c.SyncTransactionsMany(ctx, env.accounts, &transactions.MemoryStore{}, nil, fincon.BulkOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	for i := range env.accounts {
		if fe := apiErr(rr[i].Err); fe.Op != "refresh accounts" || !errors.Is(rr[i].Err, context.Canceled) {
			t.Errorf("refresh item %d: err = %v, want op \"refresh accounts\"", i, rr[i].Err)
		}
		if fe := apiErr(sr[i].Err); fe.Op != "sync transactions" || !errors.Is(sr[i].Err, context.Canceled) {
			t.Errorf("sync item %d: err = %v, want op \"sync transactions\"", i, sr[i].Err)
		}
	}
}
