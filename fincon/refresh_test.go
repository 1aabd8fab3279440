package fincon_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// TestRefreshTooEarlyOnSimulator: the simulator, like Stripe, answers a
// refresh requested before next_refresh_available_at with a 400
// invalid_request_error. Refresh reports it as a *RefreshError
// (ErrRefreshNotAvailable) with NextAvailable from the account, wrapping
// Stripe's error, and returns the account it read.
func TestRefreshTooEarlyOnSimulator(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances, permissions.Ownership), fctest.InstitutionSuccess))
	id := env.accounts[0]
	ctx := t.Context()
	done, err := env.c.RefreshAndWait(ctx, id, permissions.RefreshBalance)
	if err != nil {
		t.Fatal(err)
	}
	until := done.BalanceRefresh.NextRefreshAvailableAt
	if !until.After(env.sim.Clock().Now()) {
		t.Fatalf("next refresh available at %v, not after now %v", until, env.sim.Clock().Now())
	}
	for _, call := range []string{"Refresh", "RefreshAndWait"} {
		t.Run(call, func(t *testing.T) {
			before := len(env.sim.Requests())
			var a *fincon.Account
			var err error
			if call == "Refresh" {
				a, err = env.c.Refresh(ctx, id, permissions.RefreshBalance)
			} else {
				a, err = env.c.RefreshAndWait(ctx, id, permissions.RefreshBalance)
			}
			var rna *fincon.RefreshError
			if !errors.Is(err, fincon.ErrRefreshNotAvailable) || !errors.As(err, &rna) {
				t.Fatalf("err = %v, want a *RefreshError", err)
			}
			if !rna.NextAvailable.Equal(until) || rna.Feature != permissions.RefreshBalance || rna.Account != id {
				t.Errorf("error = %+v, want %s balance until %v", rna, id, until)
			}
			var se *stripe.Error
			if !errors.As(err, &se) || se.HTTPStatusCode != http.StatusBadRequest {
				t.Errorf("err = %v, want Stripe's 400 wrapped", err)
			}
			var fe *fincon.Error
			if !errors.As(err, &fe) || fe.Op != "refresh account" || fe.Type != "invalid_request_error" {
				t.Errorf("err = %#v, want a *fincon.Error with Stripe's type", err)
			}
			if a == nil || a.ID != id || !a.BalanceRefresh.NextRefreshAvailableAt.Equal(until) {
				t.Errorf("account = %+v, want the account read", a)
			}
			// The refused refresh and one account read.
			if n := len(env.sim.Requests()) - before; n != 2 {
				t.Errorf("requests = %d, want 2", n)
			}
		})
	}
}

// TestRefreshAnswers covers how Refresh reads Stripe's answers on the
// fake: a 200 that shows the previous refresh, a 200 whose refresh started
// and finished before the answer, a 400 that is about the cooldown and a
// 400 that is not.
func TestRefreshAnswers(t *testing.T) {
	t.Parallel()
	const route = "POST /v1/financial_connections/accounts/fca_1/refresh"
	start := time.Unix(1_700_000_000, 0)
	until := start.Add(time.Hour)
	// errAsIs marks the cases where Stripe's error must come back unchanged.
	errAsIs := errors.New("stripe's error, unchanged")
	tooEarly := reply{Status: 400, Body: stripeErr("invalid_request_error", "", "features", "A balance refresh cannot be started yet.")}
	tests := []struct {
		name     string
		refresh  reply
		account  acct // served to GET, if any
		wantErr  error
		wantGETs int
		wantAcct bool
	}{
		{name: "200 with the previous refresh (a minute old)",
			refresh: reply{Status: 200, Body: acct{id: "fca_1", perms: []string{"balances"},
				refresh: map[string]refresh{"balance": {status: "succeeded", last: start.Unix() - 60, next: until.Unix()}}}.JSON()},
			wantErr: fincon.ErrRefreshNotAvailable, wantAcct: true},
		{name: "200 with a refresh done before the answer",
			refresh: reply{Status: 200, Body: acct{id: "fca_1", perms: []string{"balances"},
				refresh: map[string]refresh{"balance": {status: "succeeded", last: start.Unix(), next: until.Unix()}}}.JSON()},
			wantAcct: true},
		{name: "200 with a refresh done before the answer, server clock 3 s behind",
			refresh: reply{Status: 200, Body: acct{id: "fca_1", perms: []string{"balances"},
				refresh: map[string]refresh{"balance": {status: "succeeded", last: start.Unix() - 3, next: until.Unix()}}}.JSON()},
			wantAcct: true},
		{name: "400 before next_refresh_available_at", refresh: tooEarly,
			account: acct{id: "fca_1", perms: []string{"balances"},
				refresh: map[string]refresh{"balance": {status: "succeeded", last: start.Unix() - 60, next: until.Unix()}}},
			wantErr: fincon.ErrRefreshNotAvailable, wantGETs: 1, wantAcct: true},
		{name: "400 for another reason", refresh: tooEarly,
			account: acct{id: "fca_1", perms: []string{"balances"},
				refresh: map[string]refresh{"balance": {status: "succeeded", last: start.Unix() - 7200, next: start.Unix() - 3600}}},
			wantErr: errAsIs, wantGETs: 1},
		{name: "404 is not looked into",
			refresh: reply{Status: 404, Body: stripeErr("invalid_request_error", "resource_missing", "", "No such account")},
			wantErr: errAsIs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &fakeClock{now: start}
			f := newFake().On(route, func(int, call) reply { return tt.refresh })
			if tt.account.id != "" {
				f.Always("GET /v1/financial_connections/accounts/fca_1", tt.account.JSON())
			}
			c := setup(t, onFake(f), clientOptions(fincon.WithClock(clk))).c
			a, err := c.Refresh(t.Context(), "fca_1", permissions.RefreshBalance)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("err = %v, want nil", err)
			case tt.wantErr == errAsIs:
				var se *stripe.Error
				if errors.Is(err, fincon.ErrRefreshNotAvailable) || !errors.As(err, &se) {
					t.Fatalf("err = %v, want Stripe's error as is", err)
				}
			case tt.wantErr != nil:
				var rna *fincon.RefreshError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &rna) || !rna.NextAvailable.Equal(until) {
					t.Fatalf("err = %v, want %v until %v", err, tt.wantErr, until)
				}
			}
			if got := a != nil; got != tt.wantAcct {
				t.Errorf("account returned = %v, want %v", got, tt.wantAcct)
			}
			gets := 0
			for _, c := range f.Calls() {
				if c.Method == http.MethodGet {
					gets++
				}
			}
			if gets != tt.wantGETs {
				t.Errorf("account reads = %d, want %d", gets, tt.wantGETs)
			}
		})
	}
}

// TestRefreshAndWaitReturnsAccountWhenNotAvailable: one feature is not
// available, the other started; the account comes back with the error.
func TestRefreshAndWaitReturnsAccountWhenNotAvailable(t *testing.T) {
	t.Parallel()
	clk := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	until := clk.now.Add(time.Hour)
	f := newFake().Always("POST /v1/financial_connections/accounts/fca_1/refresh", acct{id: "fca_1", perms: []string{"balances", "ownership"},
		refresh: map[string]refresh{
			"balance":   {status: "succeeded", last: clk.now.Unix() - 600, next: until.Unix()},
			"ownership": {status: "pending", last: clk.now.Unix()},
		}}.JSON())
	c := setup(t, onFake(f), clientOptions(fincon.WithClock(clk))).c
	a, err := c.RefreshAndWait(t.Context(), "fca_1", permissions.RefreshBalance, permissions.RefreshOwnership)
	if !errors.Is(err, fincon.ErrRefreshNotAvailable) {
		t.Fatalf("err = %v, want ErrRefreshNotAvailable", err)
	}
	if a == nil || a.OwnershipRefresh.Status != fincon.RefreshPending {
		t.Fatalf("account = %+v, want the account with the ownership refresh pending", a)
	}
}

// TestRefreshRefusedForPermissionNotCooldown: Stripe refuses a refresh of
// transactions and balance with a 400 about the missing transactions
// permission while the balance refresh is cooling down. The permission is
// the permanent cause and is reported first: ErrPermissionNotGranted, not
// ErrRefreshNotAvailable (which would invite a retry at Until that can
// never succeed). Once the account was read, the next attempt is refused
// without a request.
func TestRefreshRefusedForPermissionNotCooldown(t *testing.T) {
	t.Parallel()
	start := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name     string
		features []permissions.RefreshFeature
	}{
		{name: "transactions, balance", features: []permissions.RefreshFeature{permissions.RefreshTransactions, permissions.RefreshBalance}},
		{name: "balance, transactions", features: []permissions.RefreshFeature{permissions.RefreshBalance, permissions.RefreshTransactions}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &fakeClock{now: start}
			f := newFake().On("POST /v1/financial_connections/accounts/fca_1/refresh", func(int, call) reply {
				return reply{Status: 400, Body: stripeErr("invalid_request_error", "", "features",
					"The transactions feature cannot be refreshed: the account was not linked with the transactions permission.")}
			})
			f.Always("GET /v1/financial_connections/accounts/fca_1", acct{id: "fca_1", perms: []string{"balances"},
				refresh: map[string]refresh{"balance": {status: "succeeded", last: start.Unix() - 60, next: start.Add(time.Hour).Unix()}}}.JSON())
			c := setup(t, onFake(f), clientOptions(fincon.WithClock(clk))).c
			a, err := c.Refresh(t.Context(), "fca_1", tt.features...)
			if errors.Is(err, fincon.ErrRefreshNotAvailable) {
				t.Fatalf("err = %v, want no ErrRefreshNotAvailable: the missing permission comes first", err)
			}
			var pe *fincon.PermissionError
			if !errors.Is(err, fincon.ErrPermissionNotGranted) || !errors.As(err, &pe) || pe.Permission != permissions.Transactions || pe.Account != "fca_1" {
				t.Fatalf("err = %v, want a *PermissionError for transactions", err)
			}
			var se *stripe.Error
			if !errors.As(err, &se) || se.HTTPStatusCode != http.StatusBadRequest {
				t.Errorf("err = %v, want Stripe's 400 wrapped", err)
			}
			var fe *fincon.Error
			if !errors.As(err, &fe) || fe.Op != "refresh account" || fe.HTTPStatus != http.StatusBadRequest || fe.Type != "invalid_request_error" {
				t.Errorf("err = %#v, want a *fincon.Error with Stripe's fields", err)
			}
			if a != nil {
				t.Errorf("account = %+v, want nil", a)
			}
			f.Reset()
			if _, err := c.Refresh(t.Context(), "fca_1", tt.features...); !errors.Is(err, fincon.ErrPermissionNotGranted) {
				t.Errorf("second attempt: err = %v, want ErrPermissionNotGranted", err)
			}
			if n := len(f.Calls()); n != 0 {
				t.Errorf("second attempt: %d requests, want 0", n)
			}
		})
	}
}

// TestRefreshRefusedForPermissionOnSimulator: the same on the simulator,
// with a fresh client (nothing cached) and a real cooldown on balance.
func TestRefreshRefusedForPermissionOnSimulator(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances), fctest.InstitutionSuccess))
	id := env.accounts[0]
	ctx := t.Context()
	if _, err := env.c.RefreshAndWait(ctx, id, permissions.RefreshBalance); err != nil {
		t.Fatal(err)
	}
	c := setup(t, onSim(env.sim), clientOptions(fincon.WithMaxRetries(0))).c
	if _, err := c.Refresh(ctx, id, permissions.RefreshBalance); !errors.Is(err, fincon.ErrRefreshNotAvailable) {
		t.Fatalf("balance alone: err = %v, want ErrRefreshNotAvailable (the cooldown this test needs)", err)
	}
	c = setup(t, onSim(env.sim), clientOptions(fincon.WithMaxRetries(0))).c
	_, err := c.Refresh(ctx, id, permissions.RefreshTransactions, permissions.RefreshBalance)
	if !errors.Is(err, fincon.ErrPermissionNotGranted) || errors.Is(err, fincon.ErrRefreshNotAvailable) {
		t.Fatalf("err = %v, want ErrPermissionNotGranted and not ErrRefreshNotAvailable", err)
	}
}

// TestRefreshUnknownFeature: a refresh feature that is not one is refused
// before sending, as an invalid parameter whose cause is the permissions
// package's unknown-name error, saying which name is the refresh feature.
func TestRefreshUnknownFeature(t *testing.T) {
	t.Parallel()
	f := newFake()
	c := setup(t, onFake(f)).c
	_, single := c.Refresh(t.Context(), "fca_1", "balances")
	_, bulk := c.RefreshAndReadMany(t.Context(), []string{"fca_1"}, []permissions.RefreshFeature{permissions.RefreshOwnership, "balances"}, fincon.BulkOptions{})
	for name, err := range map[string]error{"Refresh": single, "RefreshAndReadMany": bulk} {
		var pe *fincon.ParamError
		if !errors.Is(err, fincon.ErrInvalidParams) || !errors.Is(err, permissions.ErrUnknown) || !errors.As(err, &pe) || pe.Param != "features" {
			t.Errorf("%s: err = %v, want an invalid features parameter matching permissions.ErrUnknown", name, err)
		}
		if err == nil || !strings.Contains(err.Error(), `unknown refresh feature "balances"`) || !strings.Contains(err.Error(), `the refresh feature is "balance"`) {
			t.Errorf("%s: err = %v, want it to name the feature and the hint", name, err)
		}
	}
	if n := len(f.Calls()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}
