package stripefake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// RequestID is the Request-Id header of every answer.
const RequestID = "req_fake"

// Call is one HTTP attempt the [Server] saw. At is the wall (or synctest)
// time it arrived.
type Call struct {
	Method, Path, Query, Body string
	Header                    http.Header
	At                        time.Time
}

// Reply is a scripted answer: a status, a body (JSON unless Header says
// otherwise) and extra headers. A non-nil Err is returned by RoundTrip
// instead of a response (a connection error); over a socket, ServeHTTP
// aborts the connection instead.
type Reply struct {
	Status int
	Body   string
	Header map[string]string
	Err    error
}

// Responder answers the n-th call (from 0) of its route.
type Responder func(n int, c Call) Reply

// Server is an in-memory Stripe answering scripted routes. The zero value
// is not ready: use [New].
type Server struct {
	mu       sync.Mutex
	routes   map[string]Responder
	fallback Responder
	counts   map[string]int
	calls    []Call
}

// New returns a Server with no routes: every call gets a 404 in Stripe's
// error format until routes are added.
func New() *Server {
	return &Server{routes: map[string]Responder{}, counts: map[string]int{}}
}

// On answers route ("METHOD /path", the path without its query) with fn,
// which gets the route's attempt number. It returns s for chaining.
func (s *Server) On(route string, fn Responder) *Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[route] = fn
	return s
}

// Always answers route with status 200 and body.
func (s *Server) Always(route, body string) *Server {
	return s.On(route, func(int, Call) Reply { return Reply{Status: http.StatusOK, Body: body} })
}

// Fallback answers every call no route matches with fn, which gets the
// number of calls the fallback answered before. It returns s.
func (s *Server) Fallback(fn Responder) *Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = fn
	return s
}

// Calls returns a copy of the calls seen so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Reset forgets the calls and restarts every route's attempt count.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
	s.counts = map[string]int{}
}

// answer records r and returns its scripted reply.
func (s *Server) answer(r *http.Request) Reply {
	var b []byte
	if r.Body != nil {
		b, _ = io.ReadAll(r.Body)
		_ = r.Body.Close()
	}
	c := Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(b), Header: r.Header.Clone(), At: time.Now()}
	route := r.Method + " " + r.URL.Path
	s.mu.Lock()
	s.calls = append(s.calls, c)
	fn, ok := s.routes[route]
	key := route
	if !ok && s.fallback != nil {
		fn, ok, key = s.fallback, true, "" // the fallback counts its own calls
	}
	n := s.counts[key]
	s.counts[key]++
	s.mu.Unlock()
	if !ok {
		return Reply{Status: http.StatusNotFound, Body: Error("invalid_request_error", "resource_missing", "", "No such route: "+route)}
	}
	return fn(n, c)
}

// header returns the answer's headers: JSON, RequestID, then rep's.
func (rep Reply) header() http.Header {
	h := http.Header{"Content-Type": {"application/json"}, "Request-Id": {RequestID}}
	for k, v := range rep.Header {
		h.Set(k, v)
	}
	return h
}

// ServeHTTP answers r as scripted.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rep := s.answer(r)
	if rep.Err != nil {
		panic(http.ErrAbortHandler)
	}
	for k, v := range rep.header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rep.Status)
	_, _ = io.WriteString(w, rep.Body)
}

// RoundTrip answers r as scripted, in memory.
func (s *Server) RoundTrip(r *http.Request) (*http.Response, error) {
	rep := s.answer(r)
	if rep.Err != nil {
		return nil, rep.Err
	}
	rec := httptest.NewRecorder()
	for k, v := range rep.header() {
		rec.Header()[k] = v
	}
	rec.WriteHeader(rep.Status)
	_, _ = io.Copy(rec, bytes.NewReader([]byte(rep.Body)))
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// Error returns Stripe's error body: {"error":{"type","code","param","message"}}.
func Error(typ, code, param, msg string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"type": typ, "code": code, "param": param, "message": msg}})
	return string(b)
}

// List returns a Stripe list object at url holding items (JSON objects),
// with has_more false.
func List(url string, items ...string) string {
	return `{"object":"list","url":"` + url + `","has_more":false,"data":[` + strings.Join(items, ",") + `]}`
}

// RoundTripFunc is an http.RoundTripper made of a function: a transport
// that wraps another in a test, or answers by itself.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(r).
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
