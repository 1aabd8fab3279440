package webhooks

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/fcsdk/fcsdk/permissions"
)

func TestRefreshNotifier(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		account string
		feature permissions.RefreshFeature
		notify  bool // whether the subscription should fire
	}{
		{name: "same account and feature", account: "fca_1", feature: permissions.RefreshBalance, notify: true},
		{name: "other feature", account: "fca_1", feature: permissions.RefreshTransactions},
		{name: "other account", account: "fca_2", feature: permissions.RefreshBalance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n RefreshNotifier // the zero value works
			ch, cancel := n.Subscribe(tt.account, tt.feature)
			ch2, cancel2 := n.Subscribe(tt.account, tt.feature) // two waiters
			woken := n.Notify("fca_1", permissions.RefreshBalance)
			for _, c := range []<-chan struct{}{ch, ch2} {
				select {
				case <-c:
					if !tt.notify {
						t.Error("notified")
					}
				default:
					if tt.notify {
						t.Error("not notified")
					}
				}
			}
			if want := map[bool]int{true: 2, false: 0}[tt.notify]; woken != want {
				t.Errorf("Notify woke %d, want %d", woken, want)
			}
			cancel()
			cancel() // idempotent
			cancel2()
			if got := n.subscribers(); got != 0 {
				t.Errorf("%d subscriptions left", got)
			}
		})
	}
}

func TestRefreshNotifierNotifyEndsSubscription(t *testing.T) {
	t.Parallel()
	n := NewRefreshNotifier()
	_, cancel := n.Subscribe("fca_1", permissions.RefreshOwnership)
	defer cancel()
	n.Notify("fca_1", permissions.RefreshOwnership)
	if got := n.subscribers(); got != 0 {
		t.Errorf("%d subscriptions after Notify, want 0", got)
	}
	if got := n.Notify("fca_1", permissions.RefreshOwnership); got != 0 {
		t.Errorf("second Notify woke %d, want 0", got)
	}
}

func TestRefreshNotifierWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		n := NewRefreshNotifier()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()

		errc := make(chan error, 2)
		go func() { errc <- n.Wait(ctx, "fca_1", permissions.RefreshBalance) }()
		synctest.Wait() // Wait has subscribed and blocks
		if got := n.subscribers(); got != 1 {
			t.Fatalf("%d subscriptions, want 1", got)
		}
		n.Notify("fca_1", permissions.RefreshBalance)
		if err := <-errc; err != nil {
			t.Errorf("Wait = %v, want nil", err)
		}

		go func() { errc <- n.Wait(ctx, "fca_1", permissions.RefreshBalance) }()
		synctest.Wait()
		cancel()
		err := <-errc
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Wait = %v, want context.Canceled", err)
		}
		if want := "webhooks: wait for balance refresh of fca_1: context canceled"; err.Error() != want {
			t.Errorf("Wait = %q, want %q", err, want)
		}
		if got := n.subscribers(); got != 0 {
			t.Errorf("%d subscriptions left, want 0", got)
		}
	})
}

// refreshSubscriber is the interface a client accepts.
type refreshSubscriber interface {
	Subscribe(accountID string, feature permissions.RefreshFeature) (<-chan struct{}, func())
}

var _ refreshSubscriber = (*RefreshNotifier)(nil)
