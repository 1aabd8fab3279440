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
}

func hostileCases() []hostileCase {
	text := func(status int, ct, s string) func(*http.Request) *http.Response {
		return func(r *http.Request) *http.Response { return answer(status, ct, strings.NewReader(s))(r) }
	}
	return []hostileCase{
		{name: "truncated JSON", respond: text(200, "application/json",
			`{"id":"fca_1","object":"financial_connections.account","balance":{"cash":{"available":{"usd":`), want: fincon.ErrDecode},
		{name: "wrong types", respond: text(200, "application/json",
			`{"id":123,"object":["x"],"created":"yesterday","balance":"lots","data":7,"has_more":"yes"}`), want: fincon.ErrDecode},
		{name: "JSON null", respond: text(200, "application/json", `null`)},
		{name: "JSON array", respond: text(200, "application/json", `[1,2,3]`), want: fincon.ErrDecode},
		{name: "huge body 50 MiB", respond: func(r *http.Request) *http.Response {
			return answer(200, "application/json", &hugeBody{left: 50 << 20})(r)
		}},
		{name: "endless slow body", respond: func(r *http.Request) *http.Response {
			return answer(200, "application/json", &slowBody{ctx: r.Context()})(r)
		}, want: context.DeadlineExceeded},
		{name: "HTML error page 502", respond: text(502, "text/html",
			`<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>`), want: fincon.ErrDecode},
		{name: "HTML 200", respond: text(200, "text/html", `<!doctype html><html><body>maintenance</body></html>`), want: fincon.ErrDecode},
		{name: "empty 200", respond: text(200, "application/json", ``)},
		{name: "200 with error envelope", respond: text(200, "application/json",
			`{"error":{"type":"api_error","message":"something went wrong"}}`)},
		{name: "400 without error envelope echoing secrets", respond: text(400, "application/json",
			`{"message":"key sk_live_`+strings.Repeat("Z", 24)+` account 000123456789"}`)},
		{name: "400 without error envelope, 1 MiB", respond: func(r *http.Request) *http.Response {
			return answer(400, "application/json", io.MultiReader(strings.NewReader(`{"message":"`),
				strings.NewReader(strings.Repeat("x", 1<<20)), strings.NewReader(`"}`)))(r)
		}},
		{name: "error envelope with wrong types", respond: text(402, "application/json",
			`{"error":{"type":17,"code":["x"],"message":{"a":1}}}`)},
	}
}

// hostileOp is one client operation and the request the hostile server
// answers.
type hostileOp struct {
	name  string
	match func(*http.Request) bool
	call  func(ctx context.Context, c *fincon.Client, r *rig) error
}

func hostileOps() []hostileOp {
	isGetAccount := func(r *http.Request) bool {
		return r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/v1/financial_connections/accounts/")
	}
	return []hostileOp{
		{name: "GetAccount", match: isGetAccount, call: func(ctx context.Context, c *fincon.Client, r *rig) error {
			a, err := c.GetAccount(ctx, r.accounts[0])
			return accountErr(a, err)
		}},
		{name: "Balance", match: isGetAccount, call: func(ctx context.Context, c *fincon.Client, r *rig) error {
			_, err := c.Balance(ctx, r.accounts[0])
			return err
		}},
		{name: "Transactions", match: func(r *http.Request) bool {
			return r.Method == "GET" && r.URL.Path == "/v1/financial_connections/transactions"
		}, call: func(ctx context.Context, c *fincon.Client, r *rig) error {
			var last error
			n := 0
			for _, err := range c.Transactions(ctx, r.accounts[0], fincon.TransactionListOptions{}) {
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
				return errEmptyObject // an empty list, no error
			}
			return last
		}},
		{name: "CreatePaymentIntent", match: func(r *http.Request) bool {
			return r.Method == "POST" && r.URL.Path == "/v1/payment_intents"
		}, call: func(ctx context.Context, c *fincon.Client, r *rig) error {
			p := r.debit(0, "order_hostile")
			pi, err := c.CreatePaymentIntent(ctx, p)
			if err == nil && (pi == nil || pi.ID == "") {
				return errEmptyObject
			}
			return err
		}},
	}
}

var errEmptyObject = errors.New("success without an object id")

func accountErr(a *fincon.Account, err error) error {
	if err == nil && (a == nil || a.ID == "") {
		return errEmptyObject
	}
	return err
}

// TestHostileResponses feeds every hostile answer to every operation and
// checks: the call returns (within the per-attempt timeout and the retry
// budget, on fake time), without panicking, with a *fincon.Error — or,
// where noted in knownGaps, documents what it does instead — and reads
// at most the transport's body cap of a huge body.
func TestHostileResponses(t *testing.T) {
	// Answers the client accepts as success today although they carry no
	// object: reported, not hidden. See the package documentation.
	knownGaps := map[string]bool{
		"GetAccount/JSON null":                        true,
		"GetAccount/200 with error envelope":          true,
		"Transactions/JSON null":                      true,
		"Transactions/200 with error envelope":        true,
		"CreatePaymentIntent/JSON null":               true,
		"CreatePaymentIntent/200 with error envelope": true,
		// stripe-go turns an error status whose JSON body has no "error"
		// object into errors.New(body); fincon redacts it but keeps it.
		"GetAccount/400 without error envelope, 1 MiB":          true,
		"Balance/400 without error envelope, 1 MiB":             true,
		"Transactions/400 without error envelope, 1 MiB":        true,
		"CreatePaymentIntent/400 without error envelope, 1 MiB": true,
	}
	var gaps []string
	for _, op := range hostileOps() {
		for _, hc := range hostileCases() {
			t.Run(op.name+"/"+hc.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					r := newRig(t, []permissions.Permission{permissions.PaymentMethod, permissions.Balances, permissions.Transactions},
						nil, fctest.InstitutionSuccess)
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
					if errors.Is(err, errEmptyObject) {
						gaps = append(gaps, op.name+"/"+hc.name+" (success without an object)")
						if !knownGaps[op.name+"/"+hc.name] {
							t.Errorf("accepted as success without an object")
						}
						return
					}
					var fe *fincon.Error
					if !errors.As(err, &fe) {
						t.Fatalf("err = %v (%T), want *fincon.Error", err, err)
					}
					if hc.want != nil && !errors.Is(err, hc.want) {
						t.Errorf("err = %v, want it to match %v", err, hc.want)
					}
					if msg := err.Error(); strings.Contains(msg, "sk_live_") || strings.Contains(msg, "000123456789") ||
						strings.Contains(msg, "<html") || len(msg) > 512 {
						key := op.name + "/" + hc.name
						if knownGaps[key] {
							gaps = append(gaps, key+" (error text echoes the body)")
							return
						}
						t.Errorf("error text leaks the body: %.200q… (%d bytes)", msg, len(msg))
					}
					t.Logf("%v (fake time %v, allocated %d KiB)", err, took, alloc>>10)
				})
			})
		}
	}
	if len(gaps) > 0 {
		t.Logf("KNOWN GAPS (%d): %s", len(gaps), strings.Join(gaps, "; "))
	}
}
