package webhooks

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	type step struct {
		op      string // claim, complete, release, advance
		id      string
		advance time.Duration
		want    Claim // for claim
	}
	tests := []struct {
		name         string
		max          int
		ttl          time.Duration
		steps        []step
		done, flight int // Len at the end
	}{
		{name: "claim, complete, duplicate", max: 10, ttl: time.Hour, steps: []step{
			{op: "claim", id: "a", want: Claimed},
			{op: "claim", id: "a", want: InProgress},
			{op: "complete", id: "a"},
			{op: "claim", id: "a", want: Duplicate},
		}, done: 1},
		{name: "release forgets", max: 10, ttl: time.Hour, steps: []step{
			{op: "claim", id: "a", want: Claimed},
			{op: "release", id: "a"},
			{op: "claim", id: "a", want: Claimed},
		}, flight: 1},
		{name: "capacity evicts the oldest", max: 2, ttl: time.Hour, steps: []step{
			{op: "claim", id: "a", want: Claimed}, {op: "complete", id: "a"},
			{op: "claim", id: "b", want: Claimed}, {op: "complete", id: "b"},
			{op: "claim", id: "c", want: Claimed}, {op: "complete", id: "c"},
			{op: "claim", id: "b", want: Duplicate},
			{op: "claim", id: "c", want: Duplicate},
			{op: "claim", id: "a", want: Claimed},
		}, done: 2, flight: 1},
		{name: "ttl expires", max: 10, ttl: time.Hour, steps: []step{
			{op: "claim", id: "a", want: Claimed}, {op: "complete", id: "a"},
			{op: "advance", advance: 30 * time.Minute},
			{op: "claim", id: "b", want: Claimed}, {op: "complete", id: "b"},
			{op: "advance", advance: 30*time.Minute - time.Second},
			{op: "claim", id: "a", want: Duplicate},
			{op: "advance", advance: time.Second},
			{op: "claim", id: "b", want: Duplicate},
			{op: "claim", id: "a", want: Claimed},
		}, done: 1, flight: 1},
		{name: "no ttl", max: 10, ttl: 0, steps: []step{
			{op: "claim", id: "a", want: Claimed}, {op: "complete", id: "a"},
			{op: "advance", advance: 1000 * time.Hour},
			{op: "claim", id: "a", want: Duplicate},
		}, done: 1},
		{name: "complete twice", max: 10, ttl: time.Hour, steps: []step{
			{op: "claim", id: "a", want: Claimed}, {op: "complete", id: "a"}, {op: "complete", id: "a"},
		}, done: 1},
		{name: "default capacity", max: 0, steps: []step{
			{op: "claim", id: "a", want: Claimed}, {op: "complete", id: "a"},
		}, done: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0
			s := NewMemoryStore(tt.max, tt.ttl)
			s.now = func() time.Time { return now }
			for i, st := range tt.steps {
				var err error
				switch st.op {
				case "claim":
					var got Claim
					got, err = s.Claim(ctx, st.id)
					if got != st.want {
						t.Fatalf("step %d: Claim(%q) = %v, want %v", i, st.id, got, st.want)
					}
				case "complete":
					err = s.Complete(ctx, st.id)
				case "release":
					err = s.Release(ctx, st.id)
				case "advance":
					now = now.Add(st.advance)
				}
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
			}
			if done, flight := s.Len(); done != tt.done || flight != tt.flight {
				t.Errorf("Len() = %d, %d; want %d, %d", done, flight, tt.done, tt.flight)
			}
		})
	}
}

func TestMemoryStoreBounded(t *testing.T) {
	t.Parallel()
	// 20,000 events through a store of 100: the map and the queue stay
	// bounded.
	ctx := context.Background()
	s := NewMemoryStore(100, time.Hour)
	for i := range 20_000 {
		id := fmt.Sprintf("evt_%d", i)
		if c, _ := s.Claim(ctx, id); c != Claimed {
			t.Fatalf("Claim(%s) = %v", id, c)
		}
		_ = s.Complete(ctx, id)
		if len(s.done) > 100 || len(s.order)-s.head != len(s.done) || cap(s.order) > 400 {
			t.Fatalf("after %d: %d ids, queue %d (head %d, cap %d)", i, len(s.done), len(s.order), s.head, cap(s.order))
		}
	}
}

func TestMemoryStoreConcurrentClaims(t *testing.T) {
	t.Parallel()
	// Of many concurrent claims of one id exactly one wins.
	ctx := context.Background()
	s := NewMemoryStore(10, time.Hour)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
	)
	for range 64 {
		wg.Go(func() {
			if c, _ := s.Claim(ctx, "evt_1"); c == Claimed {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d claims won, want 1", wins)
	}
}

func TestClaimString(t *testing.T) {
	t.Parallel()
	for c, want := range map[Claim]string{Claimed: "claimed", Duplicate: "duplicate", InProgress: "in progress", 9: "unknown claim"} {
		if got := c.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(c), got, want)
		}
	}
}
