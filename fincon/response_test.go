package fincon_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fincon"
)

// drainSeq ranges over seq and returns the rows and the error it yielded.
func drainSeq[T any](seq iter.Seq2[T, error]) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TestMalformedAnswers: answers that decode but are not what the call
// asked for, and error statuses without Stripe's error object, fail with a
// typed *fincon.Error that keeps the status and request id and does not
// quote the body.
func TestMalformedAnswers(t *testing.T) {
	t.Parallel()
	const (
		acctPath = "GET /v1/financial_connections/accounts/fca_1"
		sessPath = "GET /v1/financial_connections/sessions/fcsess_1"
		txnPath  = "GET /v1/financial_connections/transactions"
		listPath = "GET /v1/financial_connections/accounts"
		ownPath  = "GET /v1/financial_connections/accounts/fca_1/owners"
		secret   = "sk_live_ZZZZZZZZZZZZZZZZZZZZZZZZ"
	)
	goodAcct := acct{id: "fca_1", perms: []string{"balances", "ownership", "transactions"}, ownership: "fcaowns_1"}.JSON()
	getAccount := func(ctx context.Context, c *fincon.Client) error { _, err := c.GetAccount(ctx, "fca_1"); return err }
	getSession := func(ctx context.Context, c *fincon.Client) error { _, err := c.GetSession(ctx, "fcsess_1"); return err }
	createSession := func(ctx context.Context, c *fincon.Client) error {
		_, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder("cus_1"), Permissions: mustSet(t, "balances")})
		return err
	}
	createCustomer := func(ctx context.Context, c *fincon.Client) error {
		_, err := c.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com"})
		return err
	}
	getPI := func(ctx context.Context, c *fincon.Client) error {
		_, err := c.GetPaymentIntent(ctx, "pi_1")
		return err
	}
	confirmPI := func(ctx context.Context, c *fincon.Client) error {
		_, err := c.ConfirmPaymentIntent(ctx, "pi_1", fincon.ConfirmParams{MandateID: "mandate_1"})
		return err
	}
	fcaOf := func(ctx context.Context, c *fincon.Client) error {
		_, err := c.FinancialConnectionsAccountOf(ctx, "pi_1")
		return err
	}
	refresh := func(ctx context.Context, c *fincon.Client) error {
		_, err := c.Refresh(ctx, "fca_1", "balance")
		return err
	}
	listAccounts := func(ctx context.Context, c *fincon.Client) error {
		n, err := drainSeq(c.ListAccounts(ctx, fincon.ListAccountsParams{Session: "fcsess_1"}))
		if n != 0 {
			t.Errorf("yielded %d rows before the error", n)
		}
		return err
	}
	listTxns := func(ctx context.Context, c *fincon.Client) error {
		n, err := drainSeq(c.Transactions(ctx, "fca_1", fincon.TransactionListOptions{}))
		if n != 0 {
			t.Errorf("yielded %d rows before the error", n)
		}
		return err
	}
	listOwners := func(ctx context.Context, c *fincon.Client) error {
		n, err := drainSeq(c.Owners(ctx, "fca_1"))
		if n != 0 {
			t.Errorf("yielded %d rows before the error", n)
		}
		return err
	}
	envelope := `{"error":{"type":"api_error","message":"boom ` + secret + `"}}`
	tests := []struct {
		name   string
		route  string
		rep    reply
		call   func(context.Context, *fincon.Client) error
		op     string
		want   error
		status int
	}{
		{"account null", acctPath, reply{Status: 200, Body: `null`}, getAccount, "get account", fincon.ErrMalformedResponse, 200},
		{"account {}", acctPath, reply{Status: 200, Body: `{}`}, getAccount, "get account", fincon.ErrMalformedResponse, 200},
		{"account error envelope", acctPath, reply{Status: 200, Body: envelope}, getAccount, "get account", fincon.ErrMalformedResponse, 200},
		{"account with error member", acctPath, reply{Status: 200, Body: strings.TrimSuffix(goodAcct, "}") + `,"error":{"type":"api_error"}}`}, getAccount, "get account", fincon.ErrMalformedResponse, 200},
		{"account wrong kind", acctPath, reply{Status: 200, Body: `{"id":"fca_1","object":"charge"}`}, getAccount, "get account", fincon.ErrMalformedResponse, 200},
		{"account without kind", acctPath, reply{Status: 200, Body: `{"id":"fca_1"}`}, getAccount, "get account", fincon.ErrMalformedResponse, 200},
		{"account empty id", acctPath, reply{Status: 200, Body: `{"id":"","object":"financial_connections.account"}`}, getAccount, "get account", fincon.ErrMalformedResponse, 200},
		{"account bare id string", acctPath, reply{Status: 200, Body: `"fca_1"`}, getAccount, "get account", fincon.ErrDecode, 200},
		{"account truncated", acctPath, reply{Status: 200, Body: `{"id":"fca_1","last4":"000123456789", trunc`}, getAccount, "get account", fincon.ErrDecode, 200},
		{"refresh null", "POST /v1/financial_connections/accounts/fca_1/refresh", reply{Status: 200, Body: `null`}, refresh, "refresh account", fincon.ErrMalformedResponse, 200},
		{"session null", sessPath, reply{Status: 200, Body: `null`}, getSession, "get session", fincon.ErrMalformedResponse, 200},
		{"session wrong kind", sessPath, reply{Status: 200, Body: `{"id":"fcsess_1","object":"financial_connections.account"}`}, getSession, "get session", fincon.ErrMalformedResponse, 200},
		{"session account without id", sessPath, reply{Status: 200, Body: `{"id":"fcsess_1","object":"financial_connections.session","accounts":{"object":"list","data":[{"object":"financial_connections.account"}]}}`}, getSession, "get session", fincon.ErrMalformedResponse, 200},
		{"create session {}", "POST /v1/financial_connections/sessions", reply{Status: 200, Body: `{}`}, createSession, "create session", fincon.ErrMalformedResponse, 200},
		{"create customer envelope", "POST /v1/customers", reply{Status: 200, Body: envelope}, createCustomer, "create customer", fincon.ErrMalformedResponse, 200},
		{"create customer empty id", "POST /v1/customers", reply{Status: 201, Body: `{"id":"","object":"customer"}`}, createCustomer, "create customer", fincon.ErrMalformedResponse, 201},
		{"get payment intent wrong kind", "GET /v1/payment_intents/pi_1", reply{Status: 200, Body: `{"id":"seti_1","object":"setup_intent"}`}, getPI, "get payment intent", fincon.ErrMalformedResponse, 200},
		{"confirm payment intent null", "POST /v1/payment_intents/pi_1/confirm", reply{Status: 200, Body: `null`}, confirmPI, "confirm payment intent", fincon.ErrMalformedResponse, 200},
		{"account of payment intent {}", "GET /v1/payment_intents/pi_1", reply{Status: 200, Body: `{}`}, fcaOf, "get payment intent account", fincon.ErrMalformedResponse, 200},
		{"list accounts null page", listPath, reply{Status: 200, Body: `null`}, listAccounts, "list accounts", fincon.ErrMalformedResponse, 200},
		{"list accounts envelope", listPath, reply{Status: 200, Body: envelope}, listAccounts, "list accounts", fincon.ErrMalformedResponse, 200},
		{"list accounts row without id", listPath, reply{Status: 200, Body: list("/v1/financial_connections/accounts", goodAcct, `{"object":"financial_connections.account"}`)}, listAccounts, "list accounts", fincon.ErrMalformedResponse, 200},
		{"list accounts null row", listPath, reply{Status: 200, Body: list("/v1/financial_connections/accounts", goodAcct, `null`)}, listAccounts, "list accounts", fincon.ErrMalformedResponse, 200},
		{"list accounts wrong types after rows", listPath, reply{Status: 200, Body: `{"object":"list","data":[` + goodAcct + `],"has_more":"yes"}`}, listAccounts, "list accounts", fincon.ErrDecode, 200},
		{"transactions {} page", txnPath, reply{Status: 200, Body: `{}`}, listTxns, "list transactions", fincon.ErrMalformedResponse, 200},
		{"transactions row of another kind", txnPath, reply{Status: 200, Body: list("/v1/financial_connections/transactions", goodAcct)}, listTxns, "list transactions", fincon.ErrMalformedResponse, 200},
		{"owners object instead of page", ownPath, reply{Status: 200, Body: `{"id":"fcaown_1","object":"financial_connections.account_owner"}`}, listOwners, "list owners", fincon.ErrMalformedResponse, 200},
		{"400 without error object", acctPath, reply{Status: 400, Body: `{"message":"key ` + secret + ` account 000123456789"}`}, getAccount, "get account", fincon.ErrMalformedResponse, 400},
		{"404 JSON array", acctPath, reply{Status: 404, Body: `["000123456789"]`}, getAccount, "get account", fincon.ErrDecode, 404},
		{"400 error null", "POST /v1/customers", reply{Status: 400, Body: `{"error":null,"message":"` + secret + `"}`}, createCustomer, "create customer", fincon.ErrMalformedResponse, 400},
		{"400 without error object on a list", txnPath, reply{Status: 400, Body: `{"message":"000123456789"}`}, listTxns, "list transactions", fincon.ErrMalformedResponse, 400},
		{"402 HTML", acctPath, reply{Status: 402, Body: `<html>account 000123456789</html>`}, getAccount, "get account", fincon.ErrDecode, 402},
		{"402 error with wrong types", acctPath, reply{Status: 402, Body: `{"error":{"type":17,"message":{"a":"000123456789"}}}`}, getAccount, "get account", fincon.ErrDecode, 402},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake().On(tt.route, func(int, call) reply { return tt.rep })
			if tt.route != acctPath {
				f.Always(acctPath, goodAcct)
			}
			c := setup(t, onFake(f), clientOptions(fincon.WithMaxRetries(0))).c
			err := tt.call(t.Context(), c)
			var fe *fincon.Error
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v (%T), want *fincon.Error", err, err)
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, fincon.ErrDecode) {
				t.Errorf("err = %v, want it to match %v and ErrDecode", err, tt.want)
			}
			if fe.Op != tt.op || fe.HTTPStatus != tt.status || fe.RequestID != "req_fake" {
				t.Errorf("Op, HTTPStatus, RequestID = %q, %d, %q; want %q, %d, req_fake", fe.Op, fe.HTTPStatus, fe.RequestID, tt.op, tt.status)
			}
			msg := err.Error()
			for _, leak := range []string{secret, "000123456789", "boom", "charge", "<html", "trunc"} {
				if strings.Contains(msg, leak) {
					t.Errorf("error text quotes the body (%q): %s", leak, msg)
				}
			}
			if want := "(status "; !strings.Contains(msg, want) {
				t.Errorf("error text %q lacks the status", msg)
			}
		})
	}
}

// TestWellFormedAnswersPass: the checks accept what Stripe sends, including
// an empty list.
func TestWellFormedAnswersPass(t *testing.T) {
	t.Parallel()
	f := newFake().
		Always("GET /v1/financial_connections/accounts/fca_1", acct{id: "fca_1", perms: []string{"transactions"}}.JSON()).
		Always("GET /v1/financial_connections/transactions", list("/v1/financial_connections/transactions")).
		Always("GET /v1/financial_connections/accounts", list("/v1/financial_connections/accounts", acct{id: "fca_1"}.JSON(), acct{id: "fca_2"}.JSON()))
	c := setup(t, onFake(f)).c
	if _, err := c.GetAccount(t.Context(), "fca_1"); err != nil {
		t.Fatal(err)
	}
	if n, err := drainSeq(c.Transactions(t.Context(), "fca_1", fincon.TransactionListOptions{})); n != 0 || err != nil {
		t.Errorf("empty list: %d rows, %v", n, err)
	}
	if n, err := drainSeq(c.ListAccounts(t.Context(), fincon.ListAccountsParams{Session: "fcsess_1"})); n != 2 || err != nil {
		t.Errorf("list: %d rows, %v; want 2", n, err)
	}
}

// TestResponseTooLarge: a body over WithMaxResponseBytes fails with
// ErrResponseTooLarge after one attempt, for success and error statuses.
func TestResponseTooLarge(t *testing.T) {
	t.Parallel()
	big := `{"id":"fca_1","object":"financial_connections.account","display_name":"` + strings.Repeat("x", 8<<10) + `"}`
	tests := []struct {
		name   string
		limit  int64
		status int
		body   string
		wantOK bool
	}{
		{"2xx over the cap", 4 << 10, 200, big, false},
		{"4xx over the cap", 4 << 10, 400, `{"error":{"type":"invalid_request_error","message":"` + strings.Repeat("x", 8<<10) + `"}}`, false},
		{"2xx under a raised cap", 16 << 10, 200, big, true},
		{"2xx under the default cap", 0, 200, big, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake().On("GET /v1/financial_connections/accounts/fca_1", func(int, call) reply { return reply{Status: tt.status, Body: tt.body} })
			var opts []fincon.Option
			if tt.limit != 0 {
				opts = append(opts, fincon.WithMaxResponseBytes(tt.limit))
			}
			c := setup(t, onFake(f), clientOptions(opts...)).c
			_, err := c.GetAccount(t.Context(), "fca_1")
			if tt.wantOK {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var fe *fincon.Error
			var tl *fincon.ResponseError
			if !errors.As(err, &fe) || !errors.Is(err, fincon.ErrResponseTooLarge) || !errors.As(err, &tl) || tl.Limit != tt.limit {
				t.Fatalf("err = %v (%T), want *fincon.Error matching ErrResponseTooLarge with limit %d", err, err, tt.limit)
			}
			if fe.Op != "get account" || strings.Contains(err.Error(), "xxxx") {
				t.Errorf("err = %v", err)
			}
			if n := len(f.Calls()); n != 1 {
				t.Errorf("%d attempts, want 1 (not retried)", n)
			}
		})
	}
}

func TestWithMaxResponseBytesValidates(t *testing.T) {
	t.Parallel()
	for _, n := range []int64{-1, 0, 1, 4<<10 - 1} {
		if _, err := fincon.New(testKey, fincon.WithMaxResponseBytes(n)); !errors.Is(err, fincon.ErrInvalidOption) {
			t.Errorf("WithMaxResponseBytes(%d): err = %v, want ErrInvalidOption", n, err)
		}
	}
	for _, n := range []int64{4 << 10, 64 << 20} {
		if _, err := fincon.New(testKey, fincon.WithMaxResponseBytes(n)); err != nil {
			t.Errorf("WithMaxResponseBytes(%d): %v", n, err)
		}
	}
}
