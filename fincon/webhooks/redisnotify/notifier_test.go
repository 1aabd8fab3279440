package redisnotify_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisnotify"
	"github.com/fcsdk/fcsdk/internal/redisserver"
	"github.com/fcsdk/fcsdk/permissions"
)

// TestBroadcastWakesOtherReplica: replica A's broadcast wakes replica B's
// waiter for the same account and feature only; after Redis is gone,
// Broadcast fails (so the Handler refuses the delivery).
func TestBroadcastWakesOtherReplica(t *testing.T) {
	srv := redisserver.Start(t)
	if srv == nil {
		return // skipped: redis-server is not installed
	}
	ctx := context.Background()
	newNotifier := func() *redisnotify.Notifier {
		rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, MaxRetries: -1})
		t.Cleanup(func() { rdb.Close() })
		n, err := redisnotify.New(rdb, webhooks.NewRefreshNotifier(), redisnotify.WithChannel("test:refreshed"))
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { n.Close() })
		return n
	}
	a, b := newNotifier(), newNotifier()
	if err := a.Start(ctx); err == nil {
		t.Error("second Start accepted")
	}
	woken, cancel := b.Subscribe("fca_1", permissions.RefreshBalance)
	defer cancel()
	other, cancelOther := b.Subscribe("fca_1", permissions.RefreshOwnership)
	defer cancelOther()
	if err := a.Broadcast(ctx, "fca_1", permissions.RefreshBalance); err != nil {
		t.Fatal(err)
	}
	select {
	case <-woken:
	case <-time.After(5 * time.Second):
		t.Fatal("replica B's waiter not woken by replica A's broadcast")
	}
	select {
	case <-other:
		t.Error("waiter for another feature woken")
	default:
	}
	srv.Stop()
	if err := a.Broadcast(ctx, "fca_1", permissions.RefreshBalance); err == nil {
		t.Fatal("Broadcast succeeded with Redis down")
	}
}
