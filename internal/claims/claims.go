package claims

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// Tokens maps event ids to the claim tokens this process holds. The zero
// value is ready; it is safe for concurrent use.
type Tokens struct {
	mu sync.Mutex
	m  map[string]string
}

// NewToken returns a fresh random token: 32 hex digits (128 bits).
func NewToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics instead)
	return hex.EncodeToString(b[:])
}

// Put records that this process claimed id with token.
func (t *Tokens) Put(id, token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[string]string)
	}
	t.m[id] = token
}

// Take removes and returns the token of id, or "" if this process holds
// no claim of it.
func (t *Tokens) Take(id string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	tok := t.m[id]
	delete(t.m, id)
	return tok
}
