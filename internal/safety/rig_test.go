package safety_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

const (
	apiKey = "sk_test_safety_51HxYzAbCdEfGh"
	// attemptTimeout bounds one HTTP attempt; the slow faults hold their
	// response for slowLatency, longer than that.
	attemptTimeout = time.Second
	slowLatency    = 2 * attemptTimeout
)

// rig is a simulator with a customer and linked, ACH-eligible accounts.
type rig struct {
	sim      *fctest.Sim
	customer string
	accounts []string
}

// newRig links one account per institution (ACH-eligible ones) on a fresh
// simulator, before any fault is injected.
func newRig(t testing.TB, perms []permissions.Permission, opts []fctest.Option, insts ...fctest.Institution) *rig {
	t.Helper()
	sim, err := fctest.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, sim, nil)
	ctx := t.Context()
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com", Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	set, err := permissions.NewSet(perms...)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: set})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(sess.ID, insts...)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{sim: sim, customer: cus, accounts: ids}
}

// newClient returns a client on sim's in-memory transport and clock with a
// per-attempt timeout of attemptTimeout. A non-nil counter counts attempts.
func newClient(t testing.TB, sim *fctest.Sim, attempts *atomic.Int64, opts ...fincon.Option) *fincon.Client {
	t.Helper()
	var rt http.RoundTripper = sim.Transport()
	if attempts != nil {
		rt = countingTransport{next: rt, n: attempts}
	}
	all := append(fctestclient.Options(sim),
		fincon.WithTransport(rt), fincon.WithHTTPClient(&http.Client{Timeout: attemptTimeout}))
	return setup(t, apiKey, append(all, opts...)...)
}

// setup returns a client for key with opts, closed when the test ends; an
// option error fails the test. It is the safety tests' one call of
// fincon.New (newClient adds the simulator's wiring).
func setup(t testing.TB, key string, opts ...fincon.Option) *fincon.Client {
	t.Helper()
	c, err := fincon.New(key, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(r)
}

// acceptance is a valid online mandate acceptance as of now.
func acceptance(now time.Time) *ach.CustomerAcceptance {
	return &ach.CustomerAcceptance{
		Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7", UserAgent: "Mozilla/5.0 (safety)",
		AcceptedAt: now.Add(-time.Minute),
	}
}

// debit is the PaymentIntent of one order.
func (r *rig) debit(i int, order string) fincon.PaymentIntentParams {
	p := fincon.PaymentIntentParams{
		Account:     r.accounts[i%len(r.accounts)],
		Customer:    r.customer,
		Amount:      balances.Money{Amount: int64(1000 + i), Currency: balances.USD},
		BillingName: "Jenny Rosen",
		Confirm:     true,
		Mandate:     acceptance(r.sim.Clock().Now()),
		Metadata:    map[string]string{"order_id": order},
	}
	return p
}

// piByOrder groups the server's PaymentIntents by metadata order_id.
func piByOrder(sim *fctest.Sim) map[string][]string {
	m := map[string][]string{}
	for _, pi := range sim.PaymentIntents() {
		o := pi.Metadata["order_id"]
		m[o] = append(m[o], pi.ID)
	}
	return m
}

// errorClass names the kind of a failed call, and reports whether it is one
// the library documents: a *fincon.Error carrying Stripe's error fields, a
// per-attempt timeout, the context's error or a dropped connection.
func errorClass(err error) (string, bool) {
	var fe *fincon.Error
	if !errors.As(err, &fe) {
		return fmt.Sprintf("untyped %T", err), false
	}
	switch {
	case fe.HTTPStatus != 0:
		s := fmt.Sprintf("%d %s", fe.HTTPStatus, fe.Type)
		if fe.Code != "" {
			s += " " + fe.Code
		}
		return s, true
	case errors.Is(err, fctest.ErrConnectionDropped), errors.Is(err, syscall.ECONNRESET):
		return "connection dropped", true
	case errors.Is(err, context.DeadlineExceeded):
		return "attempt timeout", true
	case errors.Is(err, fincon.ErrDecode):
		return "undecodable response", true
	}
	return "other " + err.Error(), false
}

// tally counts labelled events and prints them in a stable order.
type tally struct {
	mu sync.Mutex
	m  map[string]int
}

func (t *tally) add(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]int{}
	}
	t.m[k]++
}

func (t *tally) total() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, v := range t.m {
		n += v
	}
	return n
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return formatCounts(t.m)
}

func formatCounts[K ~string](m map[K]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%d", k, m[K(k)])
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

func moneyUSD(cents int64) balances.Money {
	return balances.Money{Amount: cents, Currency: balances.USD}
}
