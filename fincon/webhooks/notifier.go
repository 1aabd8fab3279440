package webhooks

import (
	"context"
	"fmt"
	"sync"

	"github.com/fcsdk/fcsdk/permissions"
)

// RefreshNotifier turns financial_connections.account.refreshed_* events
// into wake-ups, so that code waiting for a refresh need not poll. Pass it
// to the Handler with WithRefreshNotifier.
//
// Subscribe before requesting the refresh, then wait on the channel: an
// event that arrives between the request and the wait is not lost.
//
//	ch, cancel := n.Subscribe(accountID, permissions.RefreshBalance)
//	defer cancel()
//	// ... request the refresh ...
//	select {
//	case <-ch: // finished (succeeded or failed): read the account
//	case <-ctx.Done():
//	}
//
// Notifications are in-process: with several replicas behind a load
// balancer, only the one receiving the webhook is woken, so keep polling
// as a fallback (with a long interval) or fan events out yourself with
// OnAccountRefreshed.
//
// The zero value is ready to use. A RefreshNotifier is safe for concurrent
// use.
type RefreshNotifier struct {
	mu   sync.Mutex
	subs map[refreshKey]map[*subscription]struct{}
}

type refreshKey struct {
	account string
	feature permissions.RefreshFeature
}

type subscription struct{ ch chan struct{} }

// NewRefreshNotifier returns an empty notifier.
func NewRefreshNotifier() *RefreshNotifier { return &RefreshNotifier{} }

// Subscribe registers interest in the next refreshed_<feature> event of
// accountID. The channel is closed when that event arrives (and never
// otherwise); the subscription then ends by itself. cancel ends it earlier
// and must be called when the caller stops waiting; it is idempotent and
// safe to call after the channel closed.
func (n *RefreshNotifier) Subscribe(accountID string, feature permissions.RefreshFeature) (<-chan struct{}, func()) {
	k := refreshKey{accountID, feature}
	s := &subscription{ch: make(chan struct{})}
	n.mu.Lock()
	if n.subs == nil {
		n.subs = make(map[refreshKey]map[*subscription]struct{})
	}
	set := n.subs[k]
	if set == nil {
		set = make(map[*subscription]struct{})
		n.subs[k] = set
	}
	set[s] = struct{}{}
	n.mu.Unlock()

	var once sync.Once
	return s.ch, func() { once.Do(func() { n.remove(k, s) }) }
}

func (n *RefreshNotifier) remove(k refreshKey, s *subscription) {
	n.mu.Lock()
	defer n.mu.Unlock()
	set := n.subs[k]
	delete(set, s)
	if len(set) == 0 {
		delete(n.subs, k)
	}
}

// Notify wakes every subscriber of accountID and feature and returns how
// many there were. The Handler calls it for each refreshed_* event it
// accepts; call it yourself to feed events received another way.
func (n *RefreshNotifier) Notify(accountID string, feature permissions.RefreshFeature) int {
	k := refreshKey{accountID, feature}
	n.mu.Lock()
	set := n.subs[k]
	delete(n.subs, k)
	n.mu.Unlock()
	for s := range set {
		close(s.ch)
	}
	return len(set)
}

// Wait subscribes and blocks until the next refreshed_<feature> event of
// accountID or until ctx is done, returning ctx's error wrapped. An event
// that arrived before the call is missed: to request a refresh and then
// wait, use Subscribe.
func (n *RefreshNotifier) Wait(ctx context.Context, accountID string, feature permissions.RefreshFeature) error {
	ch, cancel := n.Subscribe(accountID, feature)
	defer cancel()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("webhooks: wait for %s refresh of %s: %w", feature, accountID, ctx.Err())
	}
}

// subscribers returns the number of live subscriptions.
func (n *RefreshNotifier) subscribers() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	c := 0
	for _, set := range n.subs {
		c += len(set)
	}
	return c
}
