package leakcheck

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// Responses records the response bodies that pass through the transports
// it wraps, for [Secrets.Harvest]. The zero value is ready to use and
// safe for concurrent use.
type Responses struct {
	mu     sync.Mutex
	bodies []string
}

// Wrap returns a transport that sends requests through next
// (http.DefaultTransport when nil) and records each response body, giving
// the caller an unread copy.
func (r *Responses) Wrap(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return recording{next: next, into: r}
}

// Bodies returns the bodies recorded so far, in the order they were read.
func (r *Responses) Bodies() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bodies...)
}

type recording struct {
	next http.RoundTripper
	into *Responses
}

func (t recording) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.Body == nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	t.into.mu.Lock()
	t.into.bodies = append(t.into.bodies, string(b))
	t.into.mu.Unlock()
	return resp, nil
}
