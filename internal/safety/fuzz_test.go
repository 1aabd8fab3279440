package safety_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/stripefake"
	"github.com/fcsdk/fcsdk/internal/transport"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
)

// accountJSON returns the simulator's JSON for an ACH-eligible account
// with every permission, as GET /v1/financial_connections/accounts/{id}
// answers it.
func accountJSON(t testing.TB) (id string, body []byte) {
	t.Helper()
	r := newRig(t, []permissions.Permission{permissions.PaymentMethod, permissions.Balances, permissions.Transactions},
		nil, fctest.InstitutionSuccess)
	req, err := http.NewRequest("GET", r.sim.URL()+"/v1/financial_connections/accounts/"+r.accounts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+apiKey)
	resp, err := r.sim.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	return r.accounts[0], b
}

// scripted answers GET account with acct (unless hostileAccount) and every
// other request with status and body.
func scripted(acct []byte, hostileAccount bool, status int, body []byte) *stripefake.Server {
	return stripefake.New().Fallback(func(_ int, c stripefake.Call) stripefake.Reply {
		if !hostileAccount && c.Method == "GET" && strings.HasPrefix(c.Path, "/v1/financial_connections/accounts/") {
			return stripefake.Reply{Status: http.StatusOK, Body: string(acct)}
		}
		return stripefake.Reply{Status: status, Body: string(body)}
	})
}

// FuzzClientResponse feeds arbitrary bytes, with an arbitrary status, as
// the answer to GetAccount, Balance, Transactions and CreatePaymentIntent
// (op selects which). The client must not panic and must return either
// a value or a *fincon.Error, and never the API key in an error.
func FuzzClientResponse(f *testing.F) {
	id, acct := accountJSON(f)
	list := `{"object":"list","url":"/v1/financial_connections/transactions","has_more":false,"data":[` +
		`{"id":"fctxn_1","object":"financial_connections.transaction","account":"` + id + `","amount":-1234,"currency":"usd",` +
		`"description":"rent","livemode":false,"status":"posted","status_transitions":{"posted_at":1756000000,"void_at":null},` +
		`"transacted_at":1755900000,"transaction_refresh":"fctxnref_1","updated":1756000000}]}`
	seeds := []struct {
		op     uint8
		status uint16
		body   string
	}{
		{0, 200, string(acct)},
		{1, 200, string(acct)},
		{2, 200, list},
		{2, 200, `{"object":"list","data":[{"id":7}],"has_more":"x"}`},
		{3, 200, `{"id":"pi_1","object":"payment_intent","amount":1000,"currency":"usd","status":"processing","client_secret":"pi_1_secret_abc"}`},
		{0, 200, `{"id":"fca_1","balance":{"cash":{"available":{"usd":"x"}}}}`},
		{0, 404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such account"}}`},
		{3, 402, `{"error":{"type":"card_error","code":17}}`},
		{0, 200, `null`}, {0, 200, ``}, {0, 200, `{`}, {0, 500, `<html>oops</html>`},
		{1, 200, `{"id":"fca_1","balance":{"as_of":-1,"type":"cash","current":{"usd":9223372036854775807}}}`},
		{2, 400, `{"message":"no envelope"}`},
	}
	for _, s := range seeds {
		f.Add(s.op, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op uint8, status uint16, body []byte) {
		st := 100 + int(status)%500
		c := setup(t, apiKey, fincon.WithTransport(scripted(acct, op%4 < 2, st, body)), fincon.WithBaseURL("http://fuzz.invalid"),
			fincon.WithMaxRetries(0), fincon.WithRateLimit(1e9, 1000))
		var err error
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		switch op % 4 {
		case 0:
			_, err = c.GetAccount(ctx, id)
		case 1:
			_, err = c.Balance(ctx, id)
		case 2:
			n := 0
			for _, e := range c.Transactions(ctx, id, fincon.TransactionListOptions{}) {
				if n++; n > 1000 {
					t.Fatal("endless sequence from one page")
				}
				err = e
			}
		case 3:
			_, err = c.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
				Account: id, Customer: "cus_1", Amount: moneyUSD(1000), BillingName: "Jenny Rosen",
			})
		}
		if err == nil {
			return
		}
		var fe *fincon.Error
		if !errors.As(err, &fe) {
			t.Fatalf("op %d status %d: err %v (%T), want *fincon.Error", op%4, st, err, err)
		}
		if strings.Contains(err.Error(), apiKey) {
			t.Fatalf("error contains the API key: %v", err)
		}
	})
}

// FuzzParseNames fuzzes the string parsers of the domain packages that
// have no fuzz target of their own: permissions.Parse, the feature
// parsers, Set.UnmarshalText, ach.ParseVerificationMethod and
// ownership.ParseVerdict. Each either fails with an error prefixed by its
// package name, or returns a valid value that survives a round trip.
func FuzzParseNames(f *testing.F) {
	for _, s := range []string{
		"payment_method", "balances", "balance", "ownership", "transactions", "", " ", "BALANCES",
		"automatic", "instant", "microdeposits", "match", "mismatch", "partial", "payment_method,balances",
		"\x00", "\xff\xfe", strings.Repeat("z", 1000), "balances,", ",,", "transactions\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(what, prefix string, err error, valid bool, round func() bool) {
			t.Helper()
			if err != nil {
				if !strings.HasPrefix(err.Error(), prefix) {
					t.Fatalf("%s(%q): error %q lacks prefix %q", what, s, err, prefix)
				}
				return
			}
			if !valid || !round() {
				t.Fatalf("%s(%q): accepted but invalid or not round-tripping", what, s)
			}
		}
		p, err := permissions.Parse(s)
		check("permissions.Parse", "permissions: ", err, p.Valid(), func() bool { q, e := permissions.Parse(p.String()); return e == nil && q == p })
		pf, err := permissions.ParsePrefetchFeature(s)
		check("ParsePrefetchFeature", "permissions: ", err, pf.Valid(), func() bool {
			q, e := permissions.ParsePrefetchFeature(pf.String())
			return e == nil && q == pf && pf.Permission().Valid()
		})
		rf, err := permissions.ParseRefreshFeature(s)
		check("ParseRefreshFeature", "permissions: ", err, rf.Valid(), func() bool {
			q, e := permissions.ParseRefreshFeature(rf.String())
			return e == nil && q == rf && rf.Permission().Valid()
		})
		var set permissions.Set
		err = set.UnmarshalText([]byte(s))
		check("Set.UnmarshalText", "permissions: ", err, set.Validate() == nil, func() bool {
			txt, e := set.MarshalText()
			var again permissions.Set
			return e == nil && again.UnmarshalText(txt) == nil && again.String() == set.String()
		})
		vm, err := ach.ParseVerificationMethod(s)
		check("ach.ParseVerificationMethod", "ach: ", err, vm.Valid(), func() bool { return vm.UsesFinancialConnections() || vm.AllowsManualEntry() })
		v, err := ownership.ParseVerdict(s)
		check("ownership.ParseVerdict", "ownership: ", err, true, func() bool { q, e := ownership.ParseVerdict(string(v)); return e == nil && q == v })
	})
}

// FuzzRetryHeaders fuzzes the transport's reading of a response: the
// Retry-After header, the Stripe error code peeked from the body, and the
// backoff computed from both. Waits stay within their bounds and the body
// stays readable from its start.
func FuzzRetryHeaders(f *testing.F) {
	f.Add(429, "1", `{"error":{"code":"rate_limit"}}`)
	f.Add(429, "", `{"error":{"code":"lock_timeout"}}`)
	f.Add(503, "Wed, 21 Oct 2015 07:28:00 GMT", `<html>`)
	f.Add(409, "-5", `{"error":{"code":"idempotency_key_in_use"}}`)
	f.Add(500, "99999999999999999999", `{"error":`)
	f.Add(200, "3", `{}`)
	f.Fuzz(func(t *testing.T, status int, retryAfter, body string) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
		if retryAfter != "" {
			resp.Header.Set("Retry-After", retryAfter)
		}
		if d, ok := transport.RetryAfter(resp); ok && (d < 0 || d > 24*time.Hour) {
			t.Fatalf("RetryAfter(%q) = %v", retryAfter, d)
		}
		_ = transport.ErrorCode(resp)
		const minWait, maxWait = 500 * time.Millisecond, 8 * time.Second
		for attempt := range 4 {
			if d := transport.Backoff(minWait, maxWait, attempt, resp); d < 0 || d > time.Minute {
				t.Fatalf("Backoff(attempt %d, status %d, Retry-After %q) = %v", attempt, status, retryAfter, d)
			}
		}
		if ok, err := transport.CheckRetry(context.Background(), resp, nil); err != nil {
			t.Fatalf("CheckRetry: %v (retry %v)", err, ok)
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil || string(b) != body {
			t.Fatalf("body after peeking: %q, %v; want %q", b, err, body)
		}
	})
}
