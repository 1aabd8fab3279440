package safety_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// hostile answers the requests match selects with respond and passes the
// others to next (the simulator), so that an operation's preliminary reads
// succeed and the hostile answer hits the request under test.
type hostile struct {
	next    http.RoundTripper
	match   func(*http.Request) bool
	respond func(*http.Request) *http.Response
}

func (h hostile) RoundTrip(r *http.Request) (*http.Response, error) {
	if !h.match(r) {
		return h.next.RoundTrip(r)
	}
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	resp := h.respond(r)
	resp.Request = r
	return resp, nil
}

func answer(status int, contentType string, body io.Reader) func(*http.Request) *http.Response {
	return func(r *http.Request) *http.Response {
		rc, ok := body.(io.ReadCloser)
		if !ok {
			rc = io.NopCloser(body)
		}
		return &http.Response{
			StatusCode: status, Status: strconv.Itoa(status) + " " + http.StatusText(status),
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, ContentLength: -1,
			Header: http.Header{"Content-Type": {contentType}, "Request-Id": {"req_hostile"}},
			Body:   &ctxBody{ReadCloser: rc, ctx: r.Context()},
		}
	}
}

// ctxBody fails reads once the request's context is done, as a real
// transport's body does.
type ctxBody struct {
	io.ReadCloser
	ctx context.Context
}

func (b *ctxBody) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	return b.ReadCloser.Read(p)
}

// hugeBody streams n bytes of a JSON string that never ends, generated
// lazily: it costs no memory until someone buffers it.
type hugeBody struct{ left int64 }

func (b *hugeBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), b.left)
	for i := range n {
		p[i] = 'a'
	}
	if b.left == 50<<20 && n > 8 {
		copy(p, `{"id":"`)
	}
	b.left -= n
	return int(n), nil
}

// slowBody yields one byte per tick, forever, until the request's context
// ends the read.
type slowBody struct {
	ctx  context.Context
	sent bool
}

func (b *slowBody) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	t := time.NewTimer(100 * time.Millisecond)
	defer t.Stop()
	select {
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	case <-t.C:
	}
	if !b.sent {
		b.sent = true
		p[0] = '{'
		return 1, nil
	}
	p[0] = ' '
	return 1, nil
}

type hostileCase struct {
	name    string
	respond func(*http.Request) *http.Response
	// want is a cause the error must match besides being a *fincon.Error.
	want error
	// status is the HTTP status the *fincon.Error must report (0: none
	// completed); with a status, the request id must be reported too.
	status int
}

// kindOf is the object kind Stripe answers path with, and whether the
// answer is a list of them.
func kindOf(path string) (kind string, list bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) >= 2 && parts[1] == "customers":
		return "customer", false
	case len(parts) >= 2 && parts[1] == "payment_intents":
		return "payment_intent", false
	case len(parts) >= 2 && parts[1] == "setup_intents":
		return "setup_intent", false
	case len(parts) == 3 && parts[2] == "transactions":
		return "financial_connections.transaction", true
	case len(parts) >= 3 && parts[2] == "sessions":
		return "financial_connections.session", false
	case len(parts) == 5 && parts[4] == "owners":
		return "financial_connections.account_owner", true
	case len(parts) == 3 && parts[2] == "accounts":
		return "financial_connections.account", true
	}
	return "financial_connections.account", false
}

// shaped answers with the JSON object obj, or with a one-row list of it
// when the request lists objects; kind is the kind the request expects.
func shaped(obj func(kind string) string) func(*http.Request) *http.Response {
	return func(r *http.Request) *http.Response {
		kind, list := kindOf(r.URL.Path)
		body := obj(kind)
		if list {
			body = `{"object":"list","url":"` + r.URL.Path + `","has_more":false,"data":[` + body + `]}`
		}
		return answer(200, "application/json", strings.NewReader(body))(r)
	}
}

func hostileCases() []hostileCase {
	text := func(status int, ct, s string) func(*http.Request) *http.Response {
		return func(r *http.Request) *http.Response { return answer(status, ct, strings.NewReader(s))(r) }
	}
	return []hostileCase{
		{name: "truncated JSON", respond: text(200, "application/json",
			`{"id":"fca_1","object":"financial_connections.account","balance":{"cash":{"available":{"usd":`), want: fincon.ErrDecode, status: 200},
		{name: "wrong types", respond: text(200, "application/json",
			`{"id":123,"object":["x"],"created":"yesterday","balance":"lots","data":7,"has_more":"yes"}`), want: fincon.ErrDecode, status: 200},
		{name: "JSON null", respond: text(200, "application/json", `null`), want: fincon.ErrMalformedResponse, status: 200},
		{name: "JSON empty object", respond: text(200, "application/json", `{}`), want: fincon.ErrMalformedResponse, status: 200},
		{name: "JSON string", respond: text(200, "application/json", `"fca_1"`), want: fincon.ErrDecode, status: 200},
		{name: "JSON array", respond: text(200, "application/json", `[1,2,3]`), want: fincon.ErrDecode, status: 200},
		{name: "wrong object kind", respond: shaped(func(string) string {
			return `{"id":"ch_1","object":"charge","amount":1000,"currency":"usd"}`
		}), want: fincon.ErrMalformedResponse, status: 200},
		{name: "object without id", respond: shaped(func(kind string) string {
			return `{"id":"","object":"` + kind + `","status":"succeeded"}`
		}), want: fincon.ErrMalformedResponse, status: 200},
		{name: "huge body 50 MiB", respond: func(r *http.Request) *http.Response {
			return answer(200, "application/json", &hugeBody{left: 50 << 20})(r)
		}, want: fincon.ErrResponseTooLarge, status: 200}, // the status and request id of the answer are kept
		{name: "endless slow body", respond: func(r *http.Request) *http.Response {
			return answer(200, "application/json", &slowBody{ctx: r.Context()})(r)
		}, want: context.DeadlineExceeded, status: 200},
		{name: "HTML error page 502", respond: text(502, "text/html",
			`<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>`), want: fincon.ErrDecode, status: 502},
		{name: "HTML 200", respond: text(200, "text/html", `<!doctype html><html><body>maintenance</body></html>`), want: fincon.ErrDecode, status: 200},
		{name: "empty 200", respond: text(200, "application/json", ``), want: fincon.ErrDecode, status: 200},
		{name: "200 with error envelope", respond: text(200, "application/json",
			`{"error":{"type":"api_error","message":"something went wrong"}}`), want: fincon.ErrMalformedResponse, status: 200},
		{name: "200 object with error envelope", respond: func(r *http.Request) *http.Response {
			kind, list := kindOf(r.URL.Path)
			body := `{"id":"x_1","object":"` + kind + `","error":{"type":"api_error","message":"something went wrong"}}`
			if list {
				body = `{"object":"list","url":"/v1/x","has_more":false,"data":[],"error":{"type":"api_error","message":"something went wrong"}}`
			}
			return answer(200, "application/json", strings.NewReader(body))(r)
		}, want: fincon.ErrMalformedResponse, status: 200},
		{name: "list row without id, more pages", respond: func(r *http.Request) *http.Response {
			kind, list := kindOf(r.URL.Path)
			body := `{"id":"","object":"` + kind + `"}`
			if list {
				body = `{"object":"list","url":"/v1/x","has_more":true,"data":[{"id":"x_1","object":"` + kind + `"},{"object":"` + kind + `"}]}`
			}
			return answer(200, "application/json", strings.NewReader(body))(r)
		}, want: fincon.ErrMalformedResponse, status: 200},
		{name: "400 without error envelope echoing secrets", respond: text(400, "application/json",
			`{"message":"key sk_live_`+strings.Repeat("Z", 24)+` account 000123456789"}`), want: fincon.ErrMalformedResponse, status: 400},
		{name: "400 without error envelope, 1 MiB", respond: func(r *http.Request) *http.Response {
			return answer(400, "application/json", io.MultiReader(strings.NewReader(`{"message":"`),
				strings.NewReader(strings.Repeat("x", 1<<20)), strings.NewReader(`"}`)))(r)
		}, want: fincon.ErrMalformedResponse, status: 400},
		{name: "error envelope with wrong types", respond: text(402, "application/json",
			`{"error":{"type":17,"code":["x"],"message":{"a":1}}}`), want: fincon.ErrDecode, status: 402},
	}
}

// hostileOp is one client operation and the request the hostile server
// answers.
type hostileOp struct {
	name  string
	match func(*http.Request) bool
	call  func(ctx context.Context, c *fincon.Client, r *rig) error
}

// is matches requests with method whose path, split at "/", has the given
// segments ("*" matches any one).
func is(method string, segs ...string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if r.Method != method || len(parts) != len(segs) {
			return false
		}
		for i, s := range segs {
			if s != "*" && s != parts[i] {
				return false
			}
		}
		return true
	}
}

// drain ranges over seq and returns its error; a hostile answer that ends
// the sequence without one is errNoError, rows are an error too.
func drain[T any](seq func(func(T, error) bool)) error {
	var last error
	n := 0
	for _, err := range seq {
		n++
		if n > 1000 {
			return errors.New("endless sequence")
		}
		last = err
	}
	if last == nil {
		if n != 0 {
			return fmt.Errorf("yielded %d rows from a hostile body", n)
		}
		return errNoError // an empty list, no error
	}
	return last
}

func hostileOps() []hostileOp {
	getAccount := is("GET", "v1", "financial_connections", "accounts", "*")
	return []hostileOp{
		{name: "GetAccount", match: getAccount, call: func(ctx context.Context, c *fincon.Client, r *rig) error {
			a, err := c.GetAccount(ctx, r.accounts[0])
			return accepted(a, err)
		}},
		{name: "Balance", match: getAccount, call: func(ctx context.Context, c *fincon.Client, r *rig) error {
			_, err := c.Balance(ctx, r.accounts[0])
			return accepted(struct{}{}, err)
		}},
		{name: "Refresh", match: is("POST", "v1", "financial_connections", "accounts", "*", "refresh"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				a, err := c.Refresh(ctx, r.accounts[0], permissions.RefreshBalance)
				return accepted(a, err)
			}},
		{name: "ListAccounts", match: is("GET", "v1", "financial_connections", "accounts"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				return drain(c.ListAccounts(ctx, fincon.ListAccountsParams{Holder: fincon.CustomerHolder(r.customer)}))
			}},
		{name: "Transactions", match: is("GET", "v1", "financial_connections", "transactions"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				return drain(c.Transactions(ctx, r.accounts[0], fincon.TransactionListOptions{}))
			}},
		{name: "Owners", match: is("GET", "v1", "financial_connections", "accounts", "*", "owners"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				if _, err := c.RefreshAndWait(ctx, r.accounts[0], permissions.RefreshOwnership); err != nil {
					return fmt.Errorf("setup: %w", err)
				}
				return drain(c.Owners(ctx, r.accounts[0]))
			}},
		{name: "CreateCustomer", match: is("POST", "v1", "customers"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				id, err := c.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com"})
				return accepted(id, err)
			}},
		{name: "CreateSession", match: is("POST", "v1", "financial_connections", "sessions"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				s, err := c.CreateSession(ctx, sessionParams(r))
				return accepted(s, err)
			}},
		{name: "GetSession", match: is("GET", "v1", "financial_connections", "sessions", "*"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				s, err := c.CreateSession(ctx, sessionParams(r))
				if err != nil {
					return fmt.Errorf("setup: %w", err)
				}
				s, err = c.GetSession(ctx, s.ID)
				return accepted(s, err)
			}},
		{name: "CreatePaymentIntent", match: is("POST", "v1", "payment_intents"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				pi, err := c.CreatePaymentIntent(ctx, r.debit(0, "order_hostile"))
				return accepted(pi, err)
			}},
		{name: "ConfirmPaymentIntent", match: is("POST", "v1", "payment_intents", "*", "confirm"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				p := r.debit(0, "order_hostile")
				p.Confirm, p.Mandate = false, nil
				pi, err := c.CreatePaymentIntent(ctx, p)
				if err != nil {
					return fmt.Errorf("setup: %w", err)
				}
				pi, err = c.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: acceptance(r.sim.Clock().Now())})
				return accepted(pi, err)
			}},
		{name: "GetPaymentIntent", match: is("GET", "v1", "payment_intents", "*"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				pi, err := c.CreatePaymentIntent(ctx, r.debit(0, "order_hostile"))
				if err != nil {
					return fmt.Errorf("setup: %w", err)
				}
				pi, err = c.GetPaymentIntent(ctx, pi.ID)
				return accepted(pi, err)
			}},
		{name: "CreateSetupIntent", match: is("POST", "v1", "setup_intents"),
			call: func(ctx context.Context, c *fincon.Client, r *rig) error {
				si, err := c.CreateSetupIntent(ctx, fincon.SetupIntentParams{
					Account: r.accounts[0], Customer: r.customer, BillingName: "Jenny Rosen",
					Confirm: true, Mandate: acceptance(r.sim.Clock().Now()),
				})
				return accepted(si, err)
			}},
	}
}

func sessionParams(r *rig) fincon.SessionParams {
	set, _ := permissions.NewSet(permissions.Balances)
	return fincon.SessionParams{Holder: fincon.CustomerHolder(r.customer), Permissions: set}
}

// errNoError marks a hostile answer taken as success.
var errNoError = errors.New("hostile answer accepted as success")

// accepted returns err, or errNoError when the call succeeded.
func accepted[T any](_ T, err error) error {
	if err == nil {
		return errNoError
	}
	return err
}

// TestHostileResponses feeds every hostile answer to every operation and
// checks: the call returns (within the per-attempt timeout and the retry
// budget, on fake time), without panicking, with a *fincon.Error matching
// the case's cause, reporting the response's status and request id when
// one completed, whose text does not echo the body; and it reads at most
// the transport's body cap of a huge body. No hostile answer is taken as
// success.
func TestHostileResponses(t *testing.T) {
	t.Parallel() // own simulator or bubble each; TestCancellationLatency, timed, stays serial
	for _, op := range hostileOps() {
		for _, hc := range hostileCases() {
			t.Run(op.name+"/"+hc.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					r := newRig(t, []permissions.Permission{permissions.PaymentMethod, permissions.Balances,
						permissions.Ownership, permissions.Transactions}, nil, fctest.InstitutionSuccess)
					c := newClient(t, r.sim, nil, fincon.WithTransport(hostile{next: r.sim.Transport(), match: op.match, respond: hc.respond}))
					ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
					defer cancel()
					var before, after runtime.MemStats
					runtime.ReadMemStats(&before)
					start := time.Now()
					err := op.call(ctx, c, r)
					took := time.Since(start)
					runtime.ReadMemStats(&after)
					alloc := after.TotalAlloc - before.TotalAlloc

					// One attempt per retry at most attemptTimeout, plus the
					// backoff: far below the hour the context allows.
					if took > time.Minute {
						t.Errorf("took %v of fake time", took)
					}
					if alloc > 64<<20 {
						t.Errorf("allocated %d MiB reading the answer", alloc>>20)
					}
					if errors.Is(err, errNoError) {
						t.Fatalf("hostile answer accepted as success")
					}
					var fe *fincon.Error
					if !errors.As(err, &fe) {
						t.Fatalf("err = %v (%T), want *fincon.Error", err, err)
					}
					if strings.HasPrefix(fe.Op, "setup") || strings.Contains(err.Error(), "setup: ") {
						t.Fatalf("setup failed: %v", err)
					}
					if hc.want != nil && !errors.Is(err, hc.want) {
						t.Errorf("err = %v, want it to match %v", err, hc.want)
					}
					if fe.HTTPStatus != hc.status {
						t.Errorf("HTTPStatus = %d, want %d (%v)", fe.HTTPStatus, hc.status, err)
					}
					if hc.status != 0 && fe.RequestID != "req_hostile" {
						t.Errorf("RequestID = %q, want req_hostile (%v)", fe.RequestID, err)
					}
					if msg := err.Error(); strings.Contains(msg, "sk_live_") || strings.Contains(msg, "000123456789") ||
						strings.Contains(msg, "<html") || strings.Contains(msg, "something went wrong") ||
						strings.Contains(msg, "charge") || len(msg) > 512 {
						t.Errorf("error text leaks the body: %.200q… (%d bytes)", msg, len(msg))
					}
					t.Logf("%v (fake time %v, allocated %d KiB)", err, took, alloc>>10)
				})
			})
		}
	}
}
