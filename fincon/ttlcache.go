package fincon

import (
	"sync"
	"time"
)

// ttlCache maps ids to values for ttl on the client's clock: an entry older
// than ttl is unknown. Past max entries, arbitrary entries are evicted (they
// are learnt again on the next read). It is safe for concurrent use.
type ttlCache[V any] struct {
	mu    sync.RWMutex
	max   int
	ttl   time.Duration
	clock Clock
	m     map[string]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v  V
	at time.Time
}

func newTTLCache[V any](n int, ttl time.Duration, clock Clock) *ttlCache[V] {
	return &ttlCache[V]{max: n, ttl: ttl, clock: clock, m: make(map[string]ttlEntry[V])}
}

func (c *ttlCache[V]) get(id string) (V, bool) {
	c.mu.RLock()
	e, ok := c.m[id]
	c.mu.RUnlock()
	if !ok || c.clock.Now().Sub(e.at) >= c.ttl {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (c *ttlCache[V]) put(id string, v V) {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[id]; !ok && len(c.m) >= c.max {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[id] = ttlEntry[V]{v: v, at: now}
}
