package webhooks

import (
	"context"
	"sync"
	"time"
)

// Claim is a ReplayStore's answer to a delivery of an event id.
type Claim int

const (
	// Claimed: the id is new; the caller owns it until it calls Complete
	// or Release.
	Claimed Claim = iota
	// Duplicate: the id was completed before. The Handler acknowledges
	// the delivery (2xx, so Stripe stops retrying) without dispatching it.
	Duplicate
	// InProgress: another delivery of the id holds the claim. The Handler
	// answers 409 so that Stripe retries later, when the first delivery
	// has either completed (the retry is a Duplicate) or failed and
	// released the id (the retry dispatches it).
	InProgress
)

// String returns "claimed", "duplicate" or "in progress".
func (c Claim) String() string {
	switch c {
	case Claimed:
		return "claimed"
	case Duplicate:
		return "duplicate"
	case InProgress:
		return "in progress"
	}
	return "unknown claim"
}

// ReplayStore remembers which events were processed, so that each event is
// dispatched once although Stripe delivers at least once (it retries every
// delivery not answered with 2xx, for up to three days in live mode).
//
// The Handler calls Claim for every authenticated event, then exactly one of
// Complete (all callbacks succeeded) or Release (a callback failed or
// panicked). Implementations must be safe for concurrent use and make Claim
// atomic: of concurrent claims of one id at most one returns Claimed. A
// store shared by several processes (a database, Redis) should let
// unreleased claims expire, in case a process dies while holding one.
//
// NewMemoryStore returns the in-process default.
type ReplayStore interface {
	// Claim reserves eventID for processing.
	Claim(ctx context.Context, eventID string) (Claim, error)
	// Complete records eventID as processed and drops the claim.
	Complete(ctx context.Context, eventID string) error
	// Release drops the claim without recording the id, so that the next
	// delivery is dispatched.
	Release(ctx context.Context, eventID string) error
}

// Defaults of the MemoryStore that NewHandler creates.
const (
	// DefaultReplayCapacity is the number of processed event ids kept.
	DefaultReplayCapacity = 10000
	// DefaultReplayTTL is how long a processed id is kept: Stripe's retry
	// window of three days.
	DefaultReplayTTL = 72 * time.Hour
)

// MemoryStore is an in-process, bounded ReplayStore. It keeps at most max
// processed ids, each for at most ttl, evicting the oldest first, so memory
// stays bounded (roughly 100 bytes per id) whatever the traffic. Past its
// capacity replay protection is best effort: make callbacks idempotent
// anyway, and use a shared store when several processes receive webhooks.
//
// A MemoryStore is safe for concurrent use. Create one with NewMemoryStore.
type MemoryStore struct {
	max int
	ttl time.Duration
	now func() time.Time

	mu       sync.Mutex
	done     map[string]struct{}
	order    []storeEntry // completion order; order[head:] are live
	head     int
	inflight map[string]struct{}
}

type storeEntry struct {
	id string
	at time.Time
}

var _ ReplayStore = (*MemoryStore)(nil)

// NewMemoryStore returns a store that keeps up to max processed event ids
// (DefaultReplayCapacity if max <= 0) for ttl each (no time limit if
// ttl <= 0; the capacity still applies).
func NewMemoryStore(max int, ttl time.Duration) *MemoryStore {
	if max <= 0 {
		max = DefaultReplayCapacity
	}
	return &MemoryStore{
		max:      max,
		ttl:      ttl,
		now:      time.Now,
		done:     make(map[string]struct{}),
		inflight: make(map[string]struct{}),
	}
}

// Claim implements ReplayStore.
func (s *MemoryStore) Claim(_ context.Context, eventID string) (Claim, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(s.now())
	if _, ok := s.done[eventID]; ok {
		return Duplicate, nil
	}
	if _, ok := s.inflight[eventID]; ok {
		return InProgress, nil
	}
	s.inflight[eventID] = struct{}{}
	return Claimed, nil
}

// Complete implements ReplayStore.
func (s *MemoryStore) Complete(_ context.Context, eventID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.inflight, eventID)
	if _, ok := s.done[eventID]; ok {
		return nil
	}
	for len(s.done) >= s.max && s.head < len(s.order) {
		s.evictOldest()
	}
	s.done[eventID] = struct{}{}
	s.order = append(s.order, storeEntry{id: eventID, at: s.now()})
	return nil
}

// Release implements ReplayStore.
func (s *MemoryStore) Release(_ context.Context, eventID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.inflight, eventID)
	return nil
}

// Len returns the number of processed ids remembered (not counting
// expired ones still awaiting eviction) and of claims in flight.
func (s *MemoryStore) Len() (done, inflight int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(s.now())
	return len(s.done), len(s.inflight)
}

// expire evicts entries older than ttl. Entries are in completion order,
// so it stops at the first live one.
func (s *MemoryStore) expire(now time.Time) {
	if s.ttl <= 0 {
		return
	}
	for s.head < len(s.order) && now.Sub(s.order[s.head].at) >= s.ttl {
		s.evictOldest()
	}
}

// evictOldest drops the oldest processed id; s.order is compacted once
// half of it is dead, so it stays within twice the capacity.
func (s *MemoryStore) evictOldest() {
	if s.head >= len(s.order) {
		return
	}
	delete(s.done, s.order[s.head].id)
	s.order[s.head] = storeEntry{}
	s.head++
	if s.head >= 64 && s.head*2 >= len(s.order) {
		n := copy(s.order, s.order[s.head:])
		clear(s.order[n:])
		s.order = s.order[:n]
		s.head = 0
	}
}
