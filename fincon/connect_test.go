package fincon_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

func TestValidateConnectedAccountID(t *testing.T) {
	t.Parallel()
	good := []string{"acct_1032D82eZvKYlo2C", "acct_12345678", "acct_" + strings.Repeat("a", 64)}
	for _, id := range good {
		if err := fincon.ValidateConnectedAccountID(id); err != nil {
			t.Errorf("%q: %v", id, err)
		}
	}
	bad := []string{
		"", "acct_", "acct_1234567", "acct_" + strings.Repeat("a", 65), // length
		"ACCT_1032D82eZvKYlo2C", "acc_1032D82eZvKYlo2C", "cus_1032D82eZvKYlo2C", "fca_1032D82eZvKYlo2C", " acct_1032D82eZvKYlo2C", // prefix
		"acct_1032D82eZvKYlo2C\n", "acct_1032D82e ZvKYlo2C", "acct_1032D82e\r\nX-Evil: 1", "acct_../../v1/x", "acct_../x", "acct_1032D82e%2FZv",
		"acct_1032D82eZvKYlo2Ç", "acct_1032D82e_ZvKYlo2C", "acct_1032D82eZvKYlo2C\x00", // charset
	}
	for _, id := range bad {
		err := fincon.ValidateConnectedAccountID(id)
		var ie *fincon.ParamError
		if !errors.Is(err, fincon.ErrInvalidConnectedAccountID) || !errors.Is(err, fincon.ErrInvalidParams) || !errors.As(err, &ie) || ie.Param != "connected account id" {
			t.Errorf("%q: %v, want a *ParamError for the connected account id", id, err)
			continue
		}
		if id != "" && strings.Contains(err.Error(), id) {
			t.Errorf("error quotes the id: %v", err)
		}
		// Characters are judged before length: a short id holding a path
		// or a header is refused for what it holds.
		if strings.ContainsAny(strings.TrimPrefix(id, "acct_"), "./\r\n %\x00_") && strings.HasPrefix(id, "acct_") && !strings.Contains(ie.Reason, "letters and digits") {
			t.Errorf("%q: reason %q, want the charset named", id, ie.Reason)
		}
		if ctx, err := fincon.ForConnectedAccount(t.Context(), id); err == nil {
			t.Errorf("ForConnectedAccount(%q) accepted", id)
		} else if _, ok := fincon.ConnectedAccountFromContext(ctx); ok {
			t.Errorf("ForConnectedAccount(%q) returned a context for the account", id)
		}
	}
}

// countingLimiter counts the attempts it paces.
type countingLimiter struct{ n atomic.Int32 }

func (l *countingLimiter) Wait(ctx context.Context) error { l.n.Add(1); return ctx.Err() }

// TestStripeAccountHeaderEveryAttempt: a call made for a connected account
// carries Stripe-Account on every attempt, retries included, and its
// attempts wait on the same limiter as the platform's.
func TestStripeAccountHeaderEveryAttempt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFake().On("POST /v1/customers", func(n int, c call) reply {
			if n%2 == 0 {
				return reply{Status: 500, Body: stripeErr("api_error", "", "", "boom")}
			}
			return reply{Status: 200, Body: `{"id":"cus_1","object":"customer"}`}
		})
		lim := &countingLimiter{}
		var logs bytes.Buffer
		c := setup(t, onFake(f), limiter(lim), clientOptions(fincon.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))).c
		const acct = "acct_1032D82eZvKYlo2C"
		actx, err := fincon.ForConnectedAccount(t.Context(), acct)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := fincon.ConnectedAccountFromContext(actx); !ok || got != acct {
			t.Fatalf("context account %q %v", got, ok)
		}
		if _, err := c.CreateCustomer(actx, fincon.CustomerParams{Name: "A"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateCustomer(t.Context(), fincon.CustomerParams{Name: "B"}); err != nil {
			t.Fatal(err)
		}
		calls := f.Calls()
		if len(calls) != 4 {
			t.Fatalf("%d attempts, want 4", len(calls))
		}
		for i, cl := range calls {
			want := ""
			if i < 2 {
				want = acct
			}
			if got := cl.Header.Get("Stripe-Account"); got != want {
				t.Errorf("attempt %d: Stripe-Account %q, want %q", i, got, want)
			}
		}
		if n := lim.n.Load(); n != 4 {
			t.Errorf("limiter paced %d attempts, want 4 (one budget for platform and connected account)", n)
		}
		if got := strings.Count(logs.String(), "stripe_account="+acct); got != 2 {
			t.Errorf("%d log records name the connected account, want 2:\n%s", got, logs.String())
		}
	})
}

// TestStandardAccountRefusedWithoutRequest: once the client knows a
// connected account is Standard, data reads of its linked accounts and
// data permissions for it are refused with no request.
func TestStandardAccountRefusedWithoutRequest(t *testing.T) {
	t.Parallel()
	const acct = "acct_STANDARD12345678"
	f := newFake().
		Always("GET /v1/accounts/"+acct, `{"id":"`+acct+`","object":"account","type":"standard"}`).
		Always("GET /v1/financial_connections/accounts/fca_1", `{"id":"fca_1","object":"financial_connections.account","account_holder":{"type":"account","account":"`+acct+`"},"permissions":["payment_method","balances","ownership","transactions"]}`).
		Always("POST /v1/financial_connections/sessions", `{"id":"fcsess_1","object":"financial_connections.session","client_secret":"s","permissions":["payment_method"]}`)
	c := setup(t, onFake(f)).c
	ctx := t.Context()
	if _, err := c.GetAccount(ctx, "fca_1"); err != nil {
		t.Fatal(err)
	}
	// Before the type is known, the client leaves it to Stripe.
	if _, err := c.Balance(ctx, "fca_1"); errors.Is(err, fincon.ErrStandardAccount) {
		t.Fatalf("refused before knowing the type: %v", err)
	}
	a, err := c.GetConnectedAccount(ctx, acct)
	if err != nil || a.Type != fincon.ConnectedAccountStandard {
		t.Fatalf("%v %v", a, err)
	}
	f.Reset()
	refused := map[string]error{}
	_, refused["balance"] = c.Balance(ctx, "fca_1")
	for _, err := range c.Owners(ctx, "fca_1") {
		refused["owners"] = err
	}
	for _, err := range c.Transactions(ctx, "fca_1", fincon.TransactionListOptions{}) {
		refused["transactions"] = err
	}
	_, refused["refresh"] = c.Refresh(ctx, "fca_1", permissions.RefreshOwnership)
	_, refused["subscribe"] = c.SubscribeTransactions(ctx, "fca_1")
	for _, p := range []permissions.Permission{permissions.Balances, permissions.Ownership, permissions.Transactions} {
		_, refused["session "+string(p)] = c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(acct), Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(p)})
	}
	_, refused["attach"] = c.AttachExternalAccount(ctx, acct, fincon.AttachExternalAccountParams{Token: "btok_1"})
	_, refused["set default"] = c.SetDefaultExternalAccount(ctx, acct, "ba_1", fincon.ExternalAccountOptions{})
	refused["delete"] = c.DeleteExternalAccount(ctx, acct, "ba_1")
	for what, err := range refused {
		var se *fincon.StandardAccountError
		var fe *fincon.Error
		if !errors.Is(err, fincon.ErrStandardAccount) || !errors.As(err, &se) || !errors.As(err, &fe) || se.ConnectedAccount != acct {
			t.Errorf("%s: %v, want a *StandardAccountError in an *Error", what, err)
		}
	}
	if n := len(f.Calls()); n != 0 {
		t.Errorf("refusals sent %d requests", n)
	}
	// payment_method alone is how Standard accounts link their bank.
	if _, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(acct), Permissions: permissions.Set{}.Add(permissions.PaymentMethod)}); err != nil {
		t.Errorf("payment_method session for a standard account: %v", err)
	}
}

func TestAttachExternalAccountInvalidInput(t *testing.T) {
	t.Parallel()
	f := newFake()
	c := setup(t, onFake(f)).c
	const acct = "acct_1032D82eZvKYlo2C"
	for _, tok := range []string{"", "btok_", "tok_123", "ba_123", "pm_123", "btok_a b", "btok_a\nb", "btok_é", "btok_" + strings.Repeat("x", 251), "BTOK_123"} {
		_, err := c.AttachExternalAccount(t.Context(), acct, fincon.AttachExternalAccountParams{Token: tok})
		var pe *fincon.ParamError
		if !errors.Is(err, fincon.ErrInvalidParams) || !errors.As(err, &pe) || pe.Param != "external_account" {
			t.Errorf("token %q: %v", tok, err)
		}
		if len(tok) > 6 && strings.Contains(err.Error(), tok) {
			t.Errorf("error quotes the token: %v", err)
		}
	}
	if _, err := c.AttachExternalAccount(t.Context(), acct, fincon.AttachExternalAccountParams{Token: "btok_1", IdempotencyKey: strings.Repeat("k", 256)}); !errors.Is(err, fincon.ErrInvalidParams) {
		t.Errorf("long key: %v", err)
	}
	for _, bad := range []string{"", "acct_x", "cus_1032D82eZvKYlo2C", "acct_1032D82e/../../x"} {
		_, err1 := c.AttachExternalAccount(t.Context(), bad, fincon.AttachExternalAccountParams{Token: "btok_1"})
		_, err2 := c.GetExternalAccount(t.Context(), bad, "ba_1")
		_, err3 := c.SetDefaultExternalAccount(t.Context(), bad, "ba_1", fincon.ExternalAccountOptions{})
		err4 := c.DeleteExternalAccount(t.Context(), bad, "ba_1")
		var err5 error
		for _, err := range c.ListExternalAccounts(t.Context(), bad) {
			err5 = err
		}
		_, err6 := c.GetConnectedAccount(t.Context(), bad)
		for i, err := range []error{err1, err2, err3, err4, err5, err6} {
			if !errors.Is(err, fincon.ErrInvalidConnectedAccountID) {
				t.Errorf("account %q, call %d: %v", bad, i+1, err)
			}
		}
	}
	if n := len(f.Calls()); n != 0 {
		t.Errorf("invalid input sent %d requests", n)
	}
}

// onboard creates a Custom account in the simulator, a payouts session for
// it and a bank-account token from inst.
func onboard(t *testing.T, sim *fctest.Sim, c *fincon.Client, inst fctest.Institution) (*fincon.ConnectedAccount, fctest.BankAccountToken) {
	t.Helper()
	id, err := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: fctest.ConnectCustom, FirstName: "Jenny", LastName: "Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	acct, err := c.GetConnectedAccount(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.CreateSession(t.Context(), fincon.SessionParams{Holder: fincon.ConnectHolder(id),
		Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Ownership)})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := sim.CollectBankAccountToken(s.ID, inst)
	if err != nil {
		t.Fatal(err)
	}
	return acct, tok
}

func TestAttachExternalAccountStripeErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	sim, c := e.sim, e.c
	a, tok := onboard(t, sim, c, fctest.InstitutionSuccess)
	b, _ := onboard(t, sim, c, fctest.InstitutionSuccess)
	ctx := t.Context()

	_, err := c.AttachExternalAccount(ctx, b.ID, fincon.AttachExternalAccountParams{Token: tok.Token})
	var fe *fincon.Error
	if !errors.As(err, &fe) || fe.Code != "resource_missing" || fe.Param != "external_account" || fe.HTTPStatus != 400 {
		t.Fatalf("token of another account: %v", err)
	}
	ea, err := c.AttachExternalAccount(ctx, a.ID, fincon.AttachExternalAccountParams{Token: tok.Token, IdempotencyKey: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	if ea.Last4 != "6789" || ea.BankName != "STRIPEBANK" || ea.Status != fincon.BankAccountNew || !ea.DefaultForCurrency || ea.RoutingNumber == "" {
		t.Errorf("attached %+v", ea)
	}
	again, err := c.AttachExternalAccount(ctx, a.ID, fincon.AttachExternalAccountParams{Token: tok.Token, IdempotencyKey: "k1"})
	if err != nil || again.ID != ea.ID {
		t.Errorf("retry with the key: %v %v", again, err)
	}
	_, err = c.AttachExternalAccount(ctx, a.ID, fincon.AttachExternalAccountParams{Token: tok.Token})
	if !errors.As(err, &fe) || fe.Code != "token_already_used" {
		t.Errorf("token used twice: %v", err)
	}
	if n := len(sim.ExternalAccounts(a.ID)); n != 1 {
		t.Errorf("%d external accounts, want 1", n)
	}
	got, err := c.GetExternalAccount(ctx, a.ID, ea.ID)
	if err != nil || got.ID != ea.ID || got.ConnectedAccount != a.ID {
		t.Errorf("get: %+v %v", got, err)
	}
}

func TestCheckPayoutOwner(t *testing.T) {
	t.Parallel()
	e := setup(t)
	sim, c := e.sim, e.c
	ctx := t.Context()
	a, tok := onboard(t, sim, c, fctest.InstitutionSuccess)
	// No prefetch: the check refreshes ownership first.
	r, err := c.CheckPayoutOwner(ctx, tok.FinancialConnectionsAccount, a)
	if err != nil {
		t.Fatal(err)
	}
	if r.Hold() || r.Name != "Jenny Rosen" || len(r.Owners) == 0 {
		t.Errorf("matching owner: %+v", r)
	}
	b, tokB := onboard(t, sim, c, fctest.InstitutionOwnerMismatch)
	r, err = c.CheckPayoutOwner(ctx, tokB.FinancialConnectionsAccount, b)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Hold() || r.Verdict() == "match" {
		t.Errorf("mismatched owner not held: %+v", r.Result)
	}
	_, err = c.CheckPayoutOwner(ctx, tok.FinancialConnectionsAccount, b)
	var pe *fincon.ParamError
	if !errors.As(err, &pe) || pe.Param != "account" {
		t.Errorf("account of another connected account: %v", err)
	}
	if _, err := c.CheckPayoutOwner(ctx, tok.FinancialConnectionsAccount, nil); !errors.Is(err, fincon.ErrInvalidParams) {
		t.Errorf("nil connected account: %v", err)
	}
}

// TestCheckPayoutOwnerCompanyName: a company's bank held in the company's
// name matches; names of others do not.
func TestCheckPayoutOwnerCompanyName(t *testing.T) {
	t.Parallel()
	e := setup(t)
	sim, c := e.sim, e.c
	ctx := t.Context()
	id, err := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: fctest.ConnectExpress, BusinessType: "company", CompanyName: "Rocket Rides Inc", FirstName: "Riley", LastName: "Rocket"})
	if err != nil {
		t.Fatal(err)
	}
	acct, err := c.GetConnectedAccount(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	// A company's representative is a Person, not on the Account object.
	if got := acct.OwnerNames(); len(got) != 1 || got[0] != "Rocket Rides Inc" {
		t.Fatalf("owner names %q", got)
	}
	both := fincon.ConnectedAccount{BusinessType: "company", CompanyName: "Rocket Rides Inc", IndividualName: "Riley Rocket"}
	if got := both.OwnerNames(); len(got) != 2 || got[0] != "Rocket Rides Inc" || got[1] != "Riley Rocket" {
		t.Errorf("company with a known representative: %q", got)
	}
	s, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(id), Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Ownership)})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := sim.CollectBankAccountToken(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.CheckPayoutOwner(ctx, tok.FinancialConnectionsAccount, acct)
	if err != nil {
		t.Fatal(err)
	}
	if r.Hold() || r.Name != "Rocket Rides Inc" {
		t.Errorf("company-held bank: %q %s", r.Name, r.Result)
	}
	// The same bank against an account that names only someone else.
	other := *acct
	other.CompanyName, other.IndividualName = "Acme Holdings", "Pat Example"
	other.ID = id
	r, err = c.CheckPayoutOwner(ctx, tok.FinancialConnectionsAccount, &other)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Hold() {
		t.Errorf("bank of Rocket Rides matched %q: %s", r.Name, r.Result)
	}
}

// TestCheckPayoutOwnerRepresentative: a company's bank held in its
// representative's name matches through the persons Stripe records.
func TestCheckPayoutOwnerRepresentative(t *testing.T) {
	t.Parallel()
	e := setup(t)
	sim, c := e.sim, e.c
	ctx := t.Context()
	id, err := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: fctest.ConnectCustom, BusinessType: "company",
		CompanyName: "Rocket Rides Inc", FirstName: "Riley", LastName: "Rocket", BankOwnerName: "Riley Rocket"})
	if err != nil {
		t.Fatal(err)
	}
	reps, err := c.Representatives(ctx, id)
	if err != nil || len(reps) != 1 || reps[0] != "Riley Rocket" {
		t.Fatalf("representatives %q %v", reps, err)
	}
	acct, err := c.GetConnectedAccount(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(id), Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Ownership)})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := sim.CollectBankAccountToken(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.CheckPayoutOwner(ctx, tok.FinancialConnectionsAccount, acct)
	if err != nil {
		t.Fatal(err)
	}
	if r.Hold() || r.Name != "Riley Rocket" {
		t.Errorf("bank held by the representative: %q %s", r.Name, r.Result)
	}
	if _, err := c.Representatives(ctx, "acct_bad id"); !errors.Is(err, fincon.ErrInvalidConnectedAccountID) {
		t.Errorf("invalid id: %v", err)
	}
}

// TestOneClientPlatformAndConnectedAccount: one client links an account as
// a connected account and as the platform; each sees only its own.
func TestOneClientPlatformAndConnectedAccount(t *testing.T) {
	t.Parallel()
	e := setup(t)
	sim, c := e.sim, e.c
	id, err := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: fctest.ConnectCustom})
	if err != nil {
		t.Fatal(err)
	}
	actx, err := fincon.ForConnectedAccount(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	link := func(ctx context.Context) string {
		cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: permissions.Set{}.Add(permissions.Balances)})
		if err != nil {
			t.Fatal(err)
		}
		ids, err := sim.LinkAccounts(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ids[0]
	}
	theirs, ours := link(actx), link(t.Context())
	if _, err := c.GetAccount(actx, theirs); err != nil {
		t.Errorf("connected account reads its account: %v", err)
	}
	if _, err := c.GetAccount(t.Context(), ours); err != nil {
		t.Errorf("platform reads its account: %v", err)
	}
	var fe *fincon.Error
	if _, err := c.GetAccount(t.Context(), theirs); !errors.As(err, &fe) || fe.Code != "resource_missing" {
		t.Errorf("platform reads the connected account's account: %v", err)
	}
	if _, err := c.GetAccount(actx, ours); !errors.As(err, &fe) || fe.Code != "resource_missing" {
		t.Errorf("connected account reads the platform's account: %v", err)
	}
	for _, r := range sim.Requests() {
		if r.Path == "/v1/customers" && r.StripeAccount != id && r.StripeAccount != "" {
			t.Errorf("request for %q", r.StripeAccount)
		}
	}
}
