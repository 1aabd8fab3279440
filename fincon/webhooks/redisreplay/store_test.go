package redisreplay_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisreplay"
	"github.com/fcsdk/fcsdk/internal/redisserver"
)

func TestNewOptions(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	for name, opt := range map[string]redisreplay.Option{
		"nil": nil, "prefix": redisreplay.WithPrefix(""), "lease": redisreplay.WithLease(0), "ttl": redisreplay.WithTTL(-time.Second),
	} {
		_, err := redisreplay.New(rdb, opt)
		var oe *fincon.OptionError
		if !errors.Is(err, fincon.ErrInvalidOption) || !errors.As(err, &oe) || !strings.HasPrefix(oe.Option, "redisreplay.") {
			t.Errorf("%s: err = %v, want a redisreplay *fincon.OptionError", name, err)
		}
	}
}

// TestClaimProtocol walks one id through every answer: claimed, in
// progress for a second process, released (only by its holder), claimed
// again, completed, duplicate; and a lease that runs out frees the id.
func TestClaimProtocol(t *testing.T) {
	srv := redisserver.Start(t)
	if srv == nil {
		return // skipped: redis-server is not installed
	}
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	a, _ := redisreplay.New(rdb, redisreplay.WithLease(time.Minute))
	b, _ := redisreplay.New(rdb, redisreplay.WithLease(time.Minute))
	step := func(s *redisreplay.Store, want webhooks.Claim) {
		t.Helper()
		if got, err := s.Claim(ctx, "evt_1"); got != want || err != nil {
			t.Fatalf("Claim = %v, %v; want %v", got, err, want)
		}
	}
	step(a, webhooks.Claimed)
	step(b, webhooks.InProgress)
	if err := b.Release(ctx, "evt_1"); err != nil { // b holds nothing
		t.Fatal(err)
	}
	step(b, webhooks.InProgress)
	if err := a.Release(ctx, "evt_1"); err != nil {
		t.Fatal(err)
	}
	step(b, webhooks.Claimed)
	if err := b.Complete(ctx, "evt_1"); err != nil {
		t.Fatal(err)
	}
	step(a, webhooks.Duplicate)
	if ttl := rdb.PTTL(ctx, redisreplay.DefaultPrefix+"evt_1").Val(); ttl <= 71*time.Hour {
		t.Errorf("completed id kept for %v, want the 72h default", ttl)
	}

	// A lease that runs out (its holder died) frees the id. Redis keeps
	// time itself: expire the key instead of waiting.
	step(a, webhooks.Duplicate)
	if _, err := a.Claim(ctx, "evt_2"); err != nil {
		t.Fatal(err)
	}
	if ttl := rdb.PTTL(ctx, redisreplay.DefaultPrefix+"evt_2").Val(); ttl <= 0 || ttl > time.Minute {
		t.Fatalf("claim lease %v, want ≤ 1m", ttl)
	}
	rdb.PExpire(ctx, redisreplay.DefaultPrefix+"evt_2", time.Millisecond)
	for rdb.Exists(ctx, redisreplay.DefaultPrefix+"evt_2").Val() == 1 {
		time.Sleep(time.Millisecond) // Redis's own clock: at most a few ms
	}
	step2, err := b.Claim(ctx, "evt_2")
	if step2 != webhooks.Claimed || err != nil {
		t.Fatalf("after the lease ran out: %v, %v", step2, err)
	}
}
