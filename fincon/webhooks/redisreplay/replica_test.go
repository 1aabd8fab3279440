package redisreplay_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisnotify"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisreplay"
	"github.com/fcsdk/fcsdk/internal/redisserver"
	"github.com/fcsdk/fcsdk/permissions"
)

const secret = "whsec_replica_test"

// replica is one webhook receiver with its own process state: its own
// Redis clients, replay store, notifier and Handler, on its own loopback
// server.
type replica struct {
	srv      *httptest.Server
	local    *webhooks.RefreshNotifier
	notifier *redisnotify.Notifier
	reported atomic.Int64 // OnError reports of 2xx answers (dispatched, not recorded)

	// Killing: once dying is set, callbacks hang (their claims held, as in
	// a process that died mid-callback) and signal hung; once gone is set,
	// the balancer answers 502 for this replica.
	dying, gone atomic.Bool
	hung        chan struct{}
	released    chan struct{}
}

var errDied = errors.New("replica died")

// dispatches counts callback runs per event id, across replicas.
type dispatches struct {
	mu sync.Mutex
	n  map[string]int
}

func (d *dispatches) add(id string) {
	d.mu.Lock()
	d.n[id]++
	d.mu.Unlock()
}

func (d *dispatches) get(id string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n[id]
}

func newReplica(t *testing.T, addr string, d *dispatches) *replica {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { rdb.Close() })
	store, err := redisreplay.New(rdb)
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{local: webhooks.NewRefreshNotifier(), hung: make(chan struct{}, 1000), released: make(chan struct{})}
	if r.notifier, err = redisnotify.New(rdb, r.local); err != nil {
		t.Fatal(err)
	}
	if err := r.notifier.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.notifier.Close() })
	r.local.SetBroadcaster(r.notifier)
	h, err := webhooks.NewHandler(secret,
		webhooks.WithReplayStore(store),
		webhooks.WithRefreshNotifier(r.local),
		webhooks.OnAccountRefreshed(func(_ context.Context, ev webhooks.AccountRefreshedEvent) error {
			if r.dying.Load() {
				r.hung <- struct{}{}
				<-r.released // never, while the test runs: the process is dead
				return errDied
			}
			d.add(ev.ID) // the callback's side effect, committed
			return nil
		}),
		webhooks.OnError(func(err error) {
			var de *webhooks.DeliveryError
			if errors.As(err, &de) && de.Status < 300 {
				r.reported.Add(1)
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	r.srv = httptest.NewServer(h)
	t.Cleanup(r.srv.Close)
	t.Cleanup(func() { close(r.released) }) // runs before srv.Close
	return r
}

// roundRobin is the load balancer: each request goes to the next replica;
// a dead one answers 502, as a real balancer would.
func roundRobin(t *testing.T, rs []*replica) *httptest.Server {
	t.Helper()
	var next atomic.Uint64
	proxies := make([]*httputil.ReverseProxy, len(rs))
	for i, r := range rs {
		u, _ := url.Parse(r.srv.URL)
		proxies[i] = httputil.NewSingleHostReverseProxy(u)
		proxies[i].ErrorLog = nil
		proxies[i].ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) }
	}
	lb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		i := next.Add(1) % uint64(len(proxies))
		if rs[i].gone.Load() {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		proxies[i].ServeHTTP(w, req)
	}))
	t.Cleanup(lb.Close)
	return lb
}

func eventBody(id, account string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"object":"event","api_version":%q,"created":1756728000,"livemode":false,"pending_webhooks":1,"type":%q,"data":{"object":{"id":%q,"object":"financial_connections.account","status":"active"}}}`,
		id, stripe.APIVersion, stripe.EventTypeFinancialConnectionsAccountRefreshedTransactions, account)
}

// deliver posts a signed event as Stripe does and returns the status (0
// when the connection failed).
func deliver(c *http.Client, url string, body []byte) int {
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: time.Now()}).Header
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Stripe-Signature", sig)
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestReplicas: three replicas behind a round-robin balancer share one
// redis-server. 1,000 events are delivered 5,000 times — each event twice
// at once (the balancer sends the copies to different replicas), then
// three more times — and one replica is killed half way. Events that got
// no 2xx are redelivered, as Stripe does, until they do. Every event must
// be dispatched exactly once; a waiter on one replica must be woken within
// 100 ms of a refresh event reaching another.
func TestReplicas(t *testing.T) {
	srv := redisserver.Start(t)
	if srv == nil {
		return // skipped: redis-server is not installed
	}
	const events, copies = 1000, 5
	d := &dispatches{n: map[string]int{}}
	rs := []*replica{newReplica(t, srv.Addr, d), newReplica(t, srv.Addr, d), newReplica(t, srv.Addr, d)}
	lb := roundRobin(t, rs)
	c := &http.Client{Timeout: 10 * time.Second}

	var acked sync.Map // event id → true once a delivery got 2xx
	var statuses [600]atomic.Int64
	send := func(i int) {
		id := fmt.Sprintf("evt_%04d", i)
		code := deliver(c, lb.URL, eventBody(id, fmt.Sprintf("fca_%04d", i)))
		statuses[code].Add(1)
		if code >= 200 && code < 300 {
			acked.Store(id, true)
		}
	}
	start := time.Now()
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	killed := make(chan struct{})
	for i := range events {
		if i == events/2 {
			// Replica 2 dies mid-run: callbacks in flight never finish and
			// keep their claims; once a few hang, its connections drop and
			// the balancer answers 502 for its share.
			rs[2].dying.Store(true)
			go func() {
				for range 3 {
					<-rs[2].hung
				}
				rs[2].gone.Store(true)
				// A dead process accepts nothing: close the listener
				// first, so that a request the balancer routed here
				// just before gone was set is refused (502) instead of
				// hanging in a callback until the client's 10 s timeout
				// (which stalled the test in about half its runs).
				rs[2].srv.Listener.Close()
				rs[2].srv.CloseClientConnections()
				close(killed)
			}()
		}
		for range 2 { // two concurrent copies → two replicas
			wg.Add(1)
			sem <- struct{}{}
			go func() { defer wg.Done(); send(i); <-sem }()
		}
	}
	wg.Wait()
	<-killed
	for i := range events {
		for range copies - 2 {
			send(i)
		}
	}
	deliveries := events * copies
	// Stripe-style redelivery of whatever got no 2xx. The dead replica's
	// claims keep their events InProgress (409) until the lease runs out:
	// after the first round, run it out on Redis (PEXPIRE) instead of
	// waiting the 60 s default.
	redelivered, leased := 0, 0
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	for round := 0; ; round++ {
		if round == 1 {
			for _, key := range rdb.Keys(t.Context(), redisreplay.DefaultPrefix+"*").Val() {
				if rdb.Get(t.Context(), key).Val() != "done" {
					rdb.PExpire(t.Context(), key, time.Millisecond)
					leased++
				}
			}
			for _, key := range rdb.Keys(t.Context(), redisreplay.DefaultPrefix+"*").Val() {
				for rdb.Get(t.Context(), key).Val() != "done" && rdb.Exists(t.Context(), key).Val() == 1 {
					time.Sleep(time.Millisecond) // Redis's clock: a few ms at most
				}
			}
		}
		var missing []int
		for i := range events {
			if _, ok := acked.Load(fmt.Sprintf("evt_%04d", i)); !ok {
				missing = append(missing, i)
			}
		}
		if len(missing) == 0 {
			break
		}
		if round == 100 {
			t.Fatalf("%d events never acknowledged, e.g. evt_%04d", len(missing), missing[0])
		}
		for _, i := range missing {
			send(i)
			redelivered++
		}
	}
	elapsed := time.Since(start)
	for i := range events {
		if n := d.get(fmt.Sprintf("evt_%04d", i)); n != 1 {
			t.Fatalf("evt_%04d dispatched %d times, want exactly once", i, n)
		}
	}
	for i, r := range rs {
		if n := r.reported.Load(); n != 0 {
			t.Errorf("replica %d reported %d events dispatched but not recorded", i, n)
		}
	}

	// Wake-up latency: a waiter on replica 0, the event delivered straight
	// to replica 1.
	var lat []time.Duration
	for i := range 50 {
		account := fmt.Sprintf("fca_wait_%d", i)
		ch, cancel := rs[0].notifier.Subscribe(account, permissions.RefreshTransactions)
		t0 := time.Now()
		if code := deliver(c, rs[1].srv.URL, eventBody(fmt.Sprintf("evt_wait_%d", i), account)); code != 200 {
			t.Fatalf("wake-up event: status %d", code)
		}
		select {
		case <-ch:
			lat = append(lat, time.Since(t0))
		case <-time.After(time.Second):
			t.Fatalf("waiter on replica 0 not woken within 1s of the event reaching replica 1")
		}
		cancel()
	}
	slices.Sort(lat)
	if worst := lat[len(lat)-1]; worst > 100*time.Millisecond {
		t.Errorf("slowest cross-replica wake-up %v, want ≤ 100ms", worst)
	}
	var codes []string
	for code := range statuses {
		if n := statuses[code].Load(); n > 0 {
			codes = append(codes, fmt.Sprintf("%d×%d", n, code))
		}
	}
	if leased == 0 {
		t.Error("the killed replica held no claim: the kill did not hit callbacks in flight")
	}
	t.Logf("replicas: %d events, %d deliveries + %d redeliveries (statuses %v), each dispatched exactly once; replica 2 killed at event %d with %d claims in flight (their lease run out); %v; cross-replica wake-up median %v, max %v (50 waits)",
		events, deliveries, redelivered, codes, events/2, leased, elapsed.Round(time.Millisecond), lat[len(lat)/2], lat[len(lat)-1])
}
