package fctest

// DefaultRequestLogSize is how many requests [Sim.Requests] remembers by
// default: the most recent ones. The simulator serves demos and long test
// runs as the embedded default, so what it keeps per request is bounded;
// counters over its whole life are in [Sim.Stats].
const DefaultRequestLogSize = 10_000

// WithRequestLogSize sets how many of the most recent requests
// [Sim.Requests] remembers (default [DefaultRequestLogSize]); n must be
// at least 1.
func WithRequestLogSize(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return optErr("WithRequestLogSize", "%d is less than 1", n)
		}
		c.requestLogSize = n
		return nil
	}
}

// requestLog keeps the last size request records in a ring: memory stays
// flat however many requests the simulator serves.
type requestLog struct {
	size    int
	records []RequestRecord // the ring, len ≤ size
	next    int             // where the next record goes once full
}

// add records r, forgetting the oldest record when full.
func (l *requestLog) add(r RequestRecord) {
	size := l.size
	if size <= 0 {
		size = DefaultRequestLogSize
	}
	if len(l.records) < size {
		l.records = append(l.records, r)
		return
	}
	l.records[l.next] = r
	l.next = (l.next + 1) % size
}

// list returns the records in arrival order, in a new slice.
func (l *requestLog) list() []RequestRecord {
	out := make([]RequestRecord, 0, len(l.records))
	out = append(out, l.records[l.next:]...)
	return append(out, l.records[:l.next]...)
}
