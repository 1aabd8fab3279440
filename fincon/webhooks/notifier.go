package webhooks

import (
	"context"
	"errors"
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
// balancer, only the one receiving the webhook is woken, unless a
// [RefreshBroadcaster] set with SetBroadcaster fans each event out to the
// other replicas (package fincon/webhooks/redisnotify does it through
// Redis pub/sub). Keep polling as the safety net (with a long interval):
// fincon.WithRefreshEvents does.
//
// The zero value is ready to use. A RefreshNotifier is safe for concurrent
// use.
type RefreshNotifier struct {
	mu        sync.Mutex
	subs      map[refreshKey]map[*subscription]struct{}
	broadcast RefreshBroadcaster
}

// RefreshBroadcaster sends a refresh event to the other replicas, whose
// own RefreshNotifier then wakes its subscribers (package
// fincon/webhooks/redisnotify implements it on Redis pub/sub).
// Implementations must be safe for concurrent use.
type RefreshBroadcaster interface {
	// Broadcast publishes that the refresh of feature on accountID
	// finished. An error means the other replicas may not have heard.
	Broadcast(ctx context.Context, accountID string, feature permissions.RefreshFeature) error
}

// ErrRefreshBroadcast: the RefreshBroadcaster failed for a refreshed_*
// event. The Handler then answers 500 without calling callbacks and
// without remembering the event, so that Stripe's retry reaches every
// replica's waiters: an event is never lost to a broadcast failure.
var ErrRefreshBroadcast = errors.New("webhooks: refresh broadcast failed")

// SetBroadcaster makes the Handler's notifications of n (WithRefreshNotifier)
// also go to b, before the local subscribers are woken; nil stops
// broadcasting. Notify, called directly, stays local. Call it before the
// Handler serves requests.
func (n *RefreshNotifier) SetBroadcaster(b RefreshBroadcaster) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.broadcast = b
}

// notify is the Handler's Notify: broadcast first, then wake the local
// subscribers. A failed broadcast wakes no one and returns an error
// matching ErrRefreshBroadcast.
func (n *RefreshNotifier) notify(ctx context.Context, accountID string, feature permissions.RefreshFeature) error {
	n.mu.Lock()
	b := n.broadcast
	n.mu.Unlock()
	if b != nil {
		if err := b.Broadcast(ctx, accountID, feature); err != nil {
			return fmt.Errorf("%w: %w", ErrRefreshBroadcast, err)
		}
	}
	n.Notify(accountID, feature)
	return nil
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
