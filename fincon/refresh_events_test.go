package fincon_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/permissions"
)

// bubbleClock tells the simulator's time but sleeps on the time package,
// which testing/synctest fakes: waiting does not move the simulation, so
// a refresh finishes only when the test's "bank" advances the simulator.
type bubbleClock struct{ sim *fctest.Sim }

func (c bubbleClock) Now() time.Time { return c.sim.Clock().Now() }

func (c bubbleClock) Sleep(ctx context.Context, d time.Duration) error {
	return fincon.SystemClock{}.Sleep(ctx, d)
}

// eventsRig is a simulator whose signed webhooks reach a webhooks.Handler
// feeding a RefreshNotifier, and one linked account.
type eventsRig struct {
	sim      *fctest.Sim
	notifier *webhooks.RefreshNotifier
	account  string
}

func newEventsRig(t *testing.T, deliver bool) *eventsRig {
	t.Helper()
	const secret = "whsec_refresh_events"
	env := setup(t, simOptions(fctest.WithSimulatedSignatureTime()))
	sim, c := env.sim, env.c
	n := webhooks.NewRefreshNotifier()
	h, err := webhooks.NewHandler(secret, webhooks.WithClock(sim.Clock()), webhooks.WithRefreshNotifier(n),
		webhooks.OnError(func(err error) { t.Errorf("webhook delivery failed: %v", err) }))
	if err != nil {
		t.Fatal(err)
	}
	if deliver {
		sim.SetWebhookHandler(h, secret)
	}
	ctx := t.Context()
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	perms, err := permissions.NewSet(permissions.PaymentMethod, permissions.Balances, permissions.Ownership)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &eventsRig{sim: sim, notifier: n, account: ids[0]}
}

// gets counts the GETs of the rig's account.
func (r *eventsRig) gets() int {
	n := 0
	for _, rec := range r.sim.Requests() {
		if rec.Method == "GET" && rec.Path == "/v1/financial_connections/accounts/"+r.account {
			n++
		}
	}
	return n
}

// TestWaitForRefreshEventsFewerRequests runs the same refresh twice — once
// polled, once woken by the refreshed_balance webhook travelling fctest →
// webhooks.Handler → RefreshNotifier → fincon — and compares the account
// reads and how long after the refresh finished the wait returned.
func TestWaitForRefreshEventsFewerRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		events    bool
		wantGETs  int           // reads of the account during the wait
		wantAfter time.Duration // how long after completion the wait returned
	}{
		// Polls at 0, 1, 2.5, 4.75 s (pending) and 8.125 s (done).
		{name: "polling", events: false, wantGETs: 5, wantAfter: 8125*time.Millisecond - fctest.DefaultRefreshDelay},
		// Reads at 0 s (pending) and when the event arrives.
		{name: "events", events: true, wantGETs: 2, wantAfter: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rig := newEventsRig(t, true)
				opts := []fincon.Option{fincon.WithClock(bubbleClock{rig.sim})}
				if tt.events {
					opts = append(opts, fincon.WithRefreshEvents(rig.notifier))
				}
				c := setup(t, onSim(rig.sim), clientOptions(opts...)).c
				// The bank finishes the refresh DefaultRefreshDelay after it
				// started; its webhook is delivered inside Advance.
				var completed time.Time
				bank := make(chan struct{})
				go func() {
					defer close(bank)
					time.Sleep(fctest.DefaultRefreshDelay)
					rig.sim.Clock().Advance(fctest.DefaultRefreshDelay)
					completed = time.Now()
				}()
				before := rig.gets()
				a, err := c.RefreshAndWait(t.Context(), rig.account, permissions.RefreshBalance)
				if err != nil {
					t.Fatal(err)
				}
				returned := time.Now()
				<-bank
				if st := a.BalanceRefresh.Status; st != fincon.RefreshSucceeded {
					t.Fatalf("balance refresh %q, want succeeded", st)
				}
				gets := rig.gets() - before
				t.Logf("%s: %d account reads, returned %v after the refresh finished", tt.name, gets, returned.Sub(completed))
				if gets != tt.wantGETs {
					t.Errorf("account reads = %d, want %d", gets, tt.wantGETs)
				}
				if after := returned.Sub(completed); after != tt.wantAfter {
					t.Errorf("returned %v after completion, want %v", after, tt.wantAfter)
				}
			})
		})
	}
}

// TestWaitForRefreshEventsSafetyPoll: when no event ever arrives (no
// webhook endpoint), the wait still ends, at the safety poll.
func TestWaitForRefreshEventsSafetyPoll(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newEventsRig(t, false)
		const safety = 30 * time.Second
		c := setup(t, onSim(rig.sim), clientOptions(fincon.WithRefreshEvents(rig.notifier), fincon.WithClock(bubbleClock{rig.sim}), fincon.WithRefreshPolling(time.Second, safety))).c
		go func() {
			time.Sleep(fctest.DefaultRefreshDelay)
			rig.sim.Clock().Advance(fctest.DefaultRefreshDelay)
		}()
		start := time.Now()
		before := rig.gets()
		if _, err := c.RefreshAndWait(t.Context(), rig.account, permissions.RefreshBalance); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took != safety {
			t.Errorf("wait took %v, want the safety interval %v", took, safety)
		}
		if gets := rig.gets() - before; gets != 2 {
			t.Errorf("account reads = %d, want 2", gets)
		}
	})
}

// TestWaitForRefreshEventsContext: cancelling the context ends a wait for
// an event that never comes, with the context's error, and leaves no
// subscription or goroutine behind.
func TestWaitForRefreshEventsContext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newEventsRig(t, false)
		ev := &countingEvents{next: rig.notifier}
		c := setup(t, onSim(rig.sim), clientOptions(fincon.WithRefreshEvents(ev), fincon.WithClock(bubbleClock{rig.sim}))).c
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() {
			_, err := c.RefreshAndWait(ctx, rig.account, permissions.RefreshBalance, permissions.RefreshOwnership)
			done <- err
		}()
		synctest.Wait() // blocked on the events and the safety poll
		cancel()
		err := <-done
		var fe *fincon.Error
		if !errors.As(err, &fe) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want *fincon.Error matching context.Canceled", err)
		}
		if subs, live := ev.counts(); subs != 2 || live != 0 {
			t.Errorf("subscriptions = %d, still live = %d; want 2 and 0", subs, live)
		}
	})
}

// TestWaitForRefreshEventsSeveralFeatures: an event for one feature wakes
// the wait, which subscribes again for the feature still pending and ends
// on its event; duplicate features subscribe once.
func TestWaitForRefreshEventsSeveralFeatures(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newEventsRig(t, true)
		ev := &countingEvents{next: rig.notifier}
		c := setup(t, onSim(rig.sim), clientOptions(fincon.WithClock(bubbleClock{rig.sim}), fincon.WithRefreshEvents(ev))).c
		if _, err := c.Refresh(t.Context(), rig.account, permissions.RefreshBalance); err != nil {
			t.Fatal(err)
		}
		rig.sim.Clock().Advance(time.Second)
		if _, err := c.Refresh(t.Context(), rig.account, permissions.RefreshOwnership); err != nil {
			t.Fatal(err)
		}
		go func() {
			// Balance finishes first (4 s from now), ownership 1 s later.
			for range 2 {
				synctest.Wait()
				time.Sleep(time.Second)
				rig.sim.Clock().Advance(fctest.DefaultRefreshDelay - time.Second)
			}
		}()
		before := rig.gets()
		a, err := c.WaitForRefresh(t.Context(), rig.account,
			permissions.RefreshBalance, permissions.RefreshOwnership, permissions.RefreshBalance)
		if err != nil {
			t.Fatal(err)
		}
		if a.BalanceRefresh.Status != fincon.RefreshSucceeded || a.OwnershipRefresh.Status != fincon.RefreshSucceeded {
			t.Fatalf("refreshes %q/%q, want both succeeded", a.BalanceRefresh.Status, a.OwnershipRefresh.Status)
		}
		if gets := rig.gets() - before; gets != 3 {
			t.Errorf("account reads = %d, want 3 (pending, one done, both done)", gets)
		}
		if subs, live := ev.counts(); subs != 6 || live != 0 {
			t.Errorf("subscriptions = %d, still live = %d; want 6 (2 per read) and 0", subs, live)
		}
	})
}

// TestWithRefreshEventsOption: nil is refused, and the option works
// whichever order it and WithClock are given in.
func TestWithRefreshEventsOption(t *testing.T) {
	t.Parallel()
	if _, err := fincon.New("sk_test_x", fincon.WithRefreshEvents(nil)); !errors.Is(err, fincon.ErrInvalidOption) {
		t.Fatalf("WithRefreshEvents(nil): err = %v, want ErrInvalidOption", err)
	}
	for _, eventsFirst := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			rig := newEventsRig(t, true)
			ev := &countingEvents{next: rig.notifier}
			clk := &sleepCounter{Clock: bubbleClock{rig.sim}}
			opts := []fincon.Option{fincon.WithClock(clk), fincon.WithRefreshEvents(ev)}
			if eventsFirst {
				opts[0], opts[1] = opts[1], opts[0]
			}
			c := setup(t, onSim(rig.sim), clientOptions(opts...)).c
			go func() {
				synctest.Wait()
				rig.sim.Clock().Advance(fctest.DefaultRefreshDelay)
			}()
			if _, err := c.RefreshAndWait(t.Context(), rig.account, permissions.RefreshBalance); err != nil {
				t.Fatal(err)
			}
			if subs, _ := ev.counts(); subs != 2 {
				t.Errorf("eventsFirst=%v: subscriptions = %d, want 2", eventsFirst, subs)
			}
			if clk.n() != 1 {
				t.Errorf("eventsFirst=%v: safety sleeps on the given clock = %d, want 1", eventsFirst, clk.n())
			}
		})
	}
}

// countingEvents counts subscriptions and how many are still live.
type countingEvents struct {
	next fincon.RefreshEvents
	mu   sync.Mutex
	subs int
	live int
}

func (e *countingEvents) Subscribe(id string, f permissions.RefreshFeature) (<-chan struct{}, func()) {
	ch, cancel := e.next.Subscribe(id, f)
	e.mu.Lock()
	e.subs++
	e.live++
	e.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			e.mu.Lock()
			e.live--
			e.mu.Unlock()
		})
		cancel()
	}
}

func (e *countingEvents) counts() (subs, live int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.subs, e.live
}

// sleepCounter counts calls to Sleep.
type sleepCounter struct {
	fincon.Clock
	mu     sync.Mutex
	sleeps int
}

func (c *sleepCounter) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps++
	c.mu.Unlock()
	return c.Clock.Sleep(ctx, d)
}

func (c *sleepCounter) n() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sleeps
}

// TestWaitForRefreshEventsFailedRefresh: the event of a failed refresh
// ends the wait with a failed *RefreshError and no account.
func TestWaitForRefreshEventsFailedRefresh(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newEventsRig(t, true)
		if err := rig.sim.FailRefreshes(rig.account, fctest.FeatureBalance); err != nil {
			t.Fatal(err)
		}
		c := setup(t, onSim(rig.sim), clientOptions(fincon.WithClock(bubbleClock{rig.sim}), fincon.WithRefreshEvents(rig.notifier))).c
		go func() {
			synctest.Wait()
			rig.sim.Clock().Advance(fctest.DefaultRefreshDelay)
		}()
		start := time.Now()
		a, err := c.RefreshAndWait(t.Context(), rig.account, permissions.RefreshBalance)
		var rf *fincon.RefreshError
		if !errors.As(err, &rf) || !rf.Failed || !errors.Is(err, fincon.ErrRefreshFailed) || a != nil {
			t.Fatalf("RefreshAndWait = %v, %v; want nil and a failed *RefreshError", a, err)
		}
		if took := time.Since(start); took != 0 {
			t.Errorf("took %v; want the event, not the safety poll", took)
		}
	})
}
