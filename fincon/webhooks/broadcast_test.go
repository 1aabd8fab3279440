package webhooks

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/permissions"
)

// fakeBroadcaster records broadcasts and fails while err is set.
type fakeBroadcaster struct {
	mu   sync.Mutex
	err  error
	sent []string
}

func (f *fakeBroadcaster) Broadcast(_ context.Context, id string, feature permissions.RefreshFeature) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.sent = append(f.sent, id+" "+string(feature))
	return nil
}

// TestRefreshBroadcast: a failed broadcast refuses the delivery without
// dispatching it or remembering it, so Stripe's retry is broadcast and
// dispatched once; a direct Notify never broadcasts.
func TestRefreshBroadcast(t *testing.T) {
	t.Parallel()
	n := NewRefreshNotifier()
	b := &fakeBroadcaster{err: errors.New("redis down")}
	n.SetBroadcaster(b)
	r := &recorder{}
	var reported []error
	h := newTestHandler(t, r, WithRefreshNotifier(n), OnError(func(err error) { reported = append(reported, err) }))
	woken, cancel := n.Subscribe("fca_123", permissions.RefreshTransactions)
	defer cancel()

	body := eventJSON("evt_bc", stripe.EventTypeFinancialConnectionsAccountRefreshedTransactions, accountJSON)
	if rec := post(h, body, sign(body, t0)); rec.Code != 500 {
		t.Fatalf("broadcast failing: status %d, want 500", rec.Code)
	}
	if len(reported) != 1 || !errors.Is(reported[0], ErrRefreshBroadcast) {
		t.Fatalf("reported %v, want one ErrRefreshBroadcast", reported)
	}
	if got, _ := r.snapshot(); len(got) != 0 {
		t.Fatalf("dispatched %q although the broadcast failed", got)
	}
	select {
	case <-woken:
		t.Fatal("local waiter woken although the broadcast failed")
	default:
	}

	b.mu.Lock()
	b.err = nil
	b.mu.Unlock()
	for range 2 { // Stripe's retry, then a duplicate
		if rec := post(h, body, sign(body, t0)); rec.Code != 200 {
			t.Fatalf("retry: status %d", rec.Code)
		}
	}
	if got, _ := r.snapshot(); len(got) != 1 {
		t.Fatalf("dispatched %q, want once", got)
	}
	if len(b.sent) != 1 || b.sent[0] != "fca_123 transactions" {
		t.Fatalf("broadcast %q, want once", b.sent)
	}
	select {
	case <-woken:
	default:
		t.Fatal("local waiter not woken")
	}
	n.Notify("fca_123", permissions.RefreshBalance)
	if len(b.sent) != 1 {
		t.Fatalf("a direct Notify broadcast: %q", b.sent)
	}
}
