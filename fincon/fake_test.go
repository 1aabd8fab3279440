package fincon_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// call is one HTTP attempt seen by fakeStripe.
type call struct {
	Method, Path, Query, Body string
	Header                    http.Header
	At                        time.Time
}

// reply is a scripted answer: status, JSON body and extra headers.
type reply struct {
	status int
	body   string
	header map[string]string
}

// fakeStripe is an in-memory Stripe: routes map "METHOD /path" to a
// function returning the reply; unmatched routes get a 404 in Stripe's error
// format. It is an http.RoundTripper (no sockets) and an http.Handler.
type fakeStripe struct {
	mu     sync.Mutex
	routes map[string]func(n int, c call) reply
	counts map[string]int
	calls  []call
}

func newFake() *fakeStripe {
	return &fakeStripe{routes: map[string]func(int, call) reply{}, counts: map[string]int{}}
}

// on registers a route; fn gets the 0-based attempt number for that route.
func (f *fakeStripe) on(route string, fn func(n int, c call) reply) *fakeStripe {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[route] = fn
	return f
}

// always registers a route with a fixed 200 JSON body.
func (f *fakeStripe) always(route, body string) *fakeStripe {
	return f.on(route, func(int, call) reply { return reply{status: 200, body: body} })
}

func (f *fakeStripe) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeStripe) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
	f.counts = map[string]int{}
}

func (f *fakeStripe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	c := call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(b), Header: r.Header.Clone(), At: time.Now()}
	route := r.Method + " " + r.URL.Path
	f.mu.Lock()
	f.calls = append(f.calls, c)
	fn, ok := f.routes[route]
	n := f.counts[route]
	f.counts[route]++
	f.mu.Unlock()
	rep := reply{status: 404, body: stripeErr("invalid_request_error", "resource_missing", "", "No such route: "+route)}
	if ok {
		rep = fn(n, c)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_fake")
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.status)
	_, _ = io.WriteString(w, rep.body)
}

func (f *fakeStripe) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, r)
	if r.Body != nil {
		_ = r.Body.Close()
	}
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

func stripeErr(typ, code, param, msg string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"type": typ, "code": code, "param": param, "message": msg}})
	return string(b)
}

// acct builds a financial_connections.account JSON object.
type acct struct {
	id          string
	perms       []string
	status      string
	balance     bool
	ownership   string
	refresh     map[string]refresh // "balance", "ownership", "transaction"
	category    string
	subcategory string
}

type refresh struct {
	status string
	last   int64
	next   int64
	id     string
}

func (a acct) JSON() string {
	if a.status == "" {
		a.status = "active"
	}
	if a.category == "" {
		a.category, a.subcategory = "cash", "checking"
	}
	m := map[string]any{
		"id": a.id, "object": "financial_connections.account", "category": a.category, "subcategory": a.subcategory,
		"status": a.status, "permissions": a.perms, "display_name": "Checking", "institution_name": "Bank", "last4": "6789",
		"supported_payment_method_types": []string{"us_bank_account"}, "created": 1700000000, "livemode": false,
		"account_holder": map[string]any{"type": "customer", "customer": "cus_1"},
		"subscriptions":  []string{},
	}
	if a.perms == nil {
		m["permissions"] = []string{}
	}
	if a.balance {
		m["balance"] = map[string]any{"as_of": 1700000000, "type": "cash", "current": map[string]int64{"usd": 12345}, "cash": map[string]any{"available": map[string]int64{"usd": 10000}}}
	}
	if a.ownership != "" {
		m["ownership"] = a.ownership
	}
	for k, r := range a.refresh {
		rm := map[string]any{"status": r.status, "last_attempted_at": r.last, "next_refresh_available_at": nil}
		if r.next != 0 {
			rm["next_refresh_available_at"] = r.next
		}
		if k == "transaction" {
			rm["id"] = r.id
		}
		m[k+"_refresh"] = rm
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func list(url string, items ...string) string {
	return `{"object":"list","url":"` + url + `","has_more":false,"data":[` + strings.Join(items, ",") + `]}`
}
