package redisnotify_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisnotify"
	"github.com/fcsdk/fcsdk/internal/redisserver"
	"github.com/fcsdk/fcsdk/permissions"
)

// simTime tells the simulator's time but sleeps in real time, so that only
// the event — not the safety poll — can end the wait in this test.
// Sleep also reports "sleep" on steps (shared with signalling, in order):
// a sleep after a subscription means the waiter has read the account and
// now waits.
type simTime struct {
	sim   *fctest.Sim
	steps chan string
}

func (c simTime) Now() time.Time { return c.sim.Clock().Now() }
func (c simTime) Sleep(ctx context.Context, d time.Duration) error {
	c.steps <- "sleep"
	return fincon.SystemClock{}.Sleep(ctx, d)
}

// signalling passes subscriptions on and reports "subscribe" on steps.
type signalling struct {
	next  fincon.RefreshEvents
	steps chan string
}

func (s signalling) Subscribe(id string, f permissions.RefreshFeature) (<-chan struct{}, func()) {
	ch, cancel := s.next.Subscribe(id, f)
	s.steps <- "subscribe"
	return ch, cancel
}

// TestWaitForRefreshAcrossReplicas: fincon's WaitForRefresh on replica B
// returns as soon as replica A's webhooks.Handler receives the
// refreshed_balance event, through Redis; the account is read twice (at the
// start and after the wake-up), never polled.
func TestWaitForRefreshAcrossReplicas(t *testing.T) {
	srv := redisserver.Start(t)
	if srv == nil {
		return // skipped: redis-server is not installed
	}
	ctx := t.Context()
	replica := func() *webhooks.RefreshNotifier {
		rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
		t.Cleanup(func() { rdb.Close() })
		local := webhooks.NewRefreshNotifier()
		n, err := redisnotify.New(rdb, local)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { n.Close() })
		local.SetBroadcaster(n)
		return local
	}
	a, b := replica(), replica()

	const secret = "whsec_across_replicas"
	var sim *fctest.Sim
	sim, err := fctest.New(fctest.WithSignatureTime(func() time.Time { return sim.Clock().Now() }))
	if err != nil {
		t.Fatal(err)
	}
	h, err := webhooks.NewHandler(secret, webhooks.WithClock(sim.Clock()), webhooks.WithRefreshNotifier(a),
		webhooks.OnError(func(err error) { t.Errorf("replica A: %v", err) }))
	if err != nil {
		t.Fatal(err)
	}
	sim.SetWebhookHandler(h, secret) // Stripe's webhooks reach replica A only

	setup := fctestclient.ForTest(t, sim)
	cus, err := setup.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	perms, _ := permissions.NewSet(permissions.PaymentMethod, permissions.Balances)
	sess, err := setup.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(sess.ID)
	if err != nil {
		t.Fatal(err)
	}

	steps := make(chan string, 64) // more than one wait makes, so sends never block
	ev := signalling{next: b, steps: steps}
	clock := simTime{sim: sim, steps: steps}
	clientB := fctestclient.ForTest(t, sim, fincon.WithRefreshEvents(ev), fincon.WithClock(clock))
	type result struct {
		a   *fincon.Account
		err error
		at  time.Time
	}
	done := make(chan result, 1)
	go func() {
		acct, err := clientB.RefreshAndWait(ctx, ids[0], permissions.RefreshBalance)
		done <- result{acct, err, time.Now()}
	}()
	// B subscribes, reads the account once more, then sleeps waiting for
	// the event: once that sleep starts, the read is counted.
	for subscribed := false; ; {
		step := <-steps
		if step == "subscribe" {
			subscribed = true
		} else if subscribed && step == "sleep" {
			break
		}
	}
	gets := func() int {
		n := 0
		for _, r := range sim.Requests() {
			if r.Method == "GET" && r.Path == "/v1/financial_connections/accounts/"+ids[0] {
				n++
			}
		}
		return n
	}
	before := gets()
	start := time.Now()
	sim.Clock().Advance(fctest.DefaultRefreshDelay) // the bank finishes; the webhook reaches A
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("WaitForRefresh on replica B not woken by the event replica A received")
	}
	if r.err != nil || r.a.BalanceRefresh.Status != fincon.RefreshSucceeded {
		t.Fatalf("RefreshAndWait = %+v, %v", r.a, r.err)
	}
	lat := r.at.Sub(start)
	if lat > 100*time.Millisecond {
		t.Errorf("replica B returned %v after the event reached replica A, want ≤ 100ms", lat)
	}
	if n := gets() - before; n != 1 {
		t.Errorf("%d account reads after the event, want 1 (no polling)", n)
	}
	t.Logf("WaitForRefresh on replica B returned %v after the refresh event reached replica A", lat)
}
