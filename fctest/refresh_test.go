package fctest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/stripe/stripe-go/v82"
)

func refresh(ctx context.Context, sc *stripe.Client, id string, features ...string) (*stripe.FinancialConnectionsAccount, error) {
	return sc.V1FinancialConnectionsAccounts.Refresh(ctx, id, &stripe.FinancialConnectionsAccountRefreshParams{Features: stripe.StringSlice(features)})
}

func TestRefreshErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	_, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess, fctest.InstitutionInactive, fctest.InstitutionDisconnected)
	_, pmOnly := linked(t, sim, sc, []string{"payment_method"}, nil, fctest.InstitutionSuccess)
	tests := []struct {
		name     string
		account  string
		features []string
		status   int
		code     stripe.ErrorCode
		param    string
	}{
		{"plural balances is not a refresh feature", ids[0], []string{"balances"}, 400, "", "features"},
		{"unknown feature", ids[0], []string{"everything"}, 400, "", "features"},
		{"no features", ids[0], nil, 400, stripe.ErrorCodeParameterMissing, "features"},
		{"balance without permission", pmOnly[0], []string{"balance"}, 400, "", "features"},
		{"transactions without permission", pmOnly[0], []string{"transactions"}, 400, "", "features"},
		{"inactive account", ids[1], []string{"balance"}, 400, stripe.ErrorCodeFinancialConnectionsAccountInactive, "features"},
		{"disconnected account", ids[2], []string{"balance"}, 400, "", "account"},
		{"unknown account", "fca_missing", []string{"balance"}, 404, stripe.ErrorCodeResourceMissing, "account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := refresh(ctx, sc, tt.account, tt.features...)
			se := wantErr(t, err, tt.status, stripe.ErrorTypeInvalidRequest, tt.code)
			if se.Param != tt.param {
				t.Fatalf("param = %q, want %q", se.Param, tt.param)
			}
		})
	}
	if st := sim.Stats(); st.RefreshesStarted != 0 {
		t.Fatalf("refreshes started: %d", st.RefreshesStarted)
	}
}

func TestRefreshLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t, fctest.WithRefreshDelay(10*time.Second), fctest.WithRefreshCooldown(time.Hour))
	_, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	id := ids[0]
	a, err := sc.V1FinancialConnectionsAccounts.GetByID(ctx, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.BalanceRefresh != nil || a.Balance != nil {
		t.Fatal("balance_refresh must be null before any refresh")
	}
	start := sim.Clock().Now()
	a, err = refresh(ctx, sc, id, "balance", "ownership")
	if err != nil {
		t.Fatal(err)
	}
	if a.BalanceRefresh.Status != "pending" || a.BalanceRefresh.NextRefreshAvailableAt != 0 || a.BalanceRefresh.LastAttemptedAt != start.Unix() {
		t.Fatalf("pending: %+v", a.BalanceRefresh)
	}
	// Asking again while pending is accepted and changes nothing.
	if _, err := refresh(ctx, sc, id, "balance"); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(9 * time.Second)
	if a, _ = sc.V1FinancialConnectionsAccounts.GetByID(ctx, id, nil); a.BalanceRefresh.Status != "pending" {
		t.Fatalf("completed early: %s", a.BalanceRefresh.Status)
	}
	sim.Clock().Advance(time.Second)
	a, _ = sc.V1FinancialConnectionsAccounts.GetByID(ctx, id, nil)
	if a.BalanceRefresh.Status != "succeeded" || a.OwnershipRefresh.Status != "succeeded" {
		t.Fatalf("not succeeded: %+v %+v", a.BalanceRefresh, a.OwnershipRefresh)
	}
	if want := start.Add(10 * time.Second).Add(time.Hour).Unix(); a.BalanceRefresh.NextRefreshAvailableAt != want {
		t.Fatalf("next_refresh_available_at = %d, want %d", a.BalanceRefresh.NextRefreshAvailableAt, want)
	}
	if a.Balance.AsOf > sim.Clock().Now().Unix() || a.Balance.Cash.Available["usd"] > a.Balance.Current["usd"] {
		t.Fatalf("balance %+v", a.Balance)
	}
	// Too soon: refused with a 400 naming next_refresh_available_at.
	_, err = refresh(ctx, sc, id, "balance")
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "")
	sim.Clock().Advance(time.Hour)
	if _, err := refresh(ctx, sc, id, "balance"); err != nil {
		t.Fatalf("after cooldown: %v", err)
	}

	// Configured failure.
	if err := sim.FailRefreshes(id, fctest.FeatureBalance); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(10 * time.Second)
	a, _ = sc.V1FinancialConnectionsAccounts.GetByID(ctx, id, nil)
	if a.BalanceRefresh.Status != "failed" || a.BalanceRefresh.NextRefreshAvailableAt == 0 {
		t.Fatalf("want failed: %+v", a.BalanceRefresh)
	}
	if got := len(sim.EventsOfType(fctest.EventAccountRefreshedBalance)); got != 2 {
		t.Fatalf("refreshed_balance events = %d, want 2", got)
	}

	// Ownership: owners of the customer.
	owners := sc.V1FinancialConnectionsAccounts.ListOwners(ctx, &stripe.FinancialConnectionsAccountListOwnersParams{Account: stripe.String(id), Ownership: stripe.String(a.Ownership.ID)})
	n := 0
	for o, err := range owners {
		if err != nil {
			t.Fatal(err)
		}
		if o.Name != "Jenny Rosen" || o.Email != "jenny@example.com" {
			t.Fatalf("owner %+v", o)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("owners = %d", n)
	}
}

func TestInactiveAccounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	_, ids := linked(t, sim, sc, allPerms, []string{"balances"}, fctest.InstitutionSuccess, fctest.InstitutionInactive)
	a, _ := sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[1], nil)
	if a.Status != "inactive" || a.BalanceRefresh != nil {
		t.Fatalf("inactive account: %s %+v (prefetch must not start)", a.Status, a.BalanceRefresh)
	}
	_, err := sc.V1FinancialConnectionsAccounts.Subscribe(ctx, ids[1], &stripe.FinancialConnectionsAccountSubscribeParams{Features: stripe.StringSlice([]string{"transactions"})})
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeFinancialConnectionsAccountInactive)

	// Deactivating while a refresh is pending fails it; the account then
	// reports no next_refresh_available_at until reactivated.
	if err := sim.DeactivateAccount(ids[0]); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(time.Minute)
	a, _ = sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[0], nil)
	if a.BalanceRefresh.Status != "failed" || a.BalanceRefresh.NextRefreshAvailableAt != 0 {
		t.Fatalf("deactivated: %+v", a.BalanceRefresh)
	}
	if err := sim.ReactivateAccount(ids[0]); err != nil {
		t.Fatal(err)
	}
	a, _ = sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[0], nil)
	if a.Status != "active" || a.BalanceRefresh.NextRefreshAvailableAt == 0 {
		t.Fatalf("reactivated: %s %+v", a.Status, a.BalanceRefresh)
	}
	types := []string{}
	for _, e := range sim.Events() {
		types = append(types, e.Type)
	}
	for _, want := range []string{fctest.EventAccountDeactivated, fctest.EventAccountReactivated} {
		if !containsStr(types, want) {
			t.Fatalf("events %v lack %s", types, want)
		}
	}
	if err := sim.DeactivateAccount("fca_nope"); err == nil {
		t.Fatal("want error for unknown account")
	}
}

func TestDisconnect(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	_, ids := linked(t, sim, sc, allPerms, []string{"transactions"}, fctest.InstitutionSuccess)
	sim.Clock().Advance(time.Minute)
	a, err := sc.V1FinancialConnectionsAccounts.Disconnect(ctx, ids[0], nil)
	if err != nil || a.Status != "disconnected" {
		t.Fatalf("disconnect: %v %v", err, a)
	}
	r := raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", url.Values{"account": {ids[0]}})
	if r.status != 400 {
		t.Fatalf("transactions after disconnect: %d", r.status)
	}
	if _, err := refresh(ctx, sc, ids[0], "balance"); err == nil {
		t.Fatal("refresh after disconnect succeeded")
	}
	if n := len(sim.EventsOfType(fctest.EventAccountDisconnected)); n != 1 {
		t.Fatalf("disconnected events = %d", n)
	}
}

func TestSubscriptionDailyRefresh(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	_, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	a, err := sc.V1FinancialConnectionsAccounts.Subscribe(ctx, ids[0], &stripe.FinancialConnectionsAccountSubscribeParams{Features: stripe.StringSlice([]string{"transactions"})})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Subscriptions) != 1 || a.TransactionRefresh == nil || a.TransactionRefresh.Status != "pending" {
		t.Fatalf("subscribed: %+v %+v", a.Subscriptions, a.TransactionRefresh)
	}
	_, err = sc.V1FinancialConnectionsAccounts.Subscribe(ctx, ids[0], &stripe.FinancialConnectionsAccountSubscribeParams{Features: stripe.StringSlice([]string{"balance"})})
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "")

	sim.Clock().Advance(3*24*time.Hour + time.Minute)
	if n := len(sim.EventsOfType(fctest.EventAccountRefreshedTransactions)); n != 4 {
		t.Fatalf("refreshed_transactions events after 3 days = %d, want 4", n)
	}
	if _, err := sc.V1FinancialConnectionsAccounts.Unsubscribe(ctx, ids[0], &stripe.FinancialConnectionsAccountUnsubscribeParams{Features: stripe.StringSlice([]string{"transactions"})}); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(3 * 24 * time.Hour)
	if n := len(sim.EventsOfType(fctest.EventAccountRefreshedTransactions)); n != 4 {
		t.Fatalf("refreshes continued after unsubscribe: %d", n)
	}
}

func TestOwnerMismatchAndPermissions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	_, ids := linked(t, sim, sc, allPerms, []string{"ownership"}, fctest.InstitutionOwnerMismatch)
	sim.Clock().Advance(time.Minute)
	a, _ := sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[0], nil)
	for o, err := range sc.V1FinancialConnectionsAccounts.ListOwners(ctx, &stripe.FinancialConnectionsAccountListOwnersParams{Account: stripe.String(ids[0]), Ownership: stripe.String(a.Ownership.ID)}) {
		if err != nil {
			t.Fatal(err)
		}
		if o.Name == "Jenny Rosen" || o.Email == "jenny@example.com" {
			t.Fatalf("owner matches the customer: %+v", o)
		}
	}
	_, noOwn := linked(t, sim, sc, []string{"payment_method", "balances"}, nil, fctest.InstitutionSuccess)
	r := raw(t, sim, http.MethodGet, "/v1/financial_connections/accounts/"+noOwn[0]+"/owners", url.Values{"ownership": {a.Ownership.ID}})
	if r.status != 400 {
		t.Fatalf("owners without permission: %d %s", r.status, r.body)
	}
	r = raw(t, sim, http.MethodGet, "/v1/financial_connections/accounts/"+ids[0]+"/owners", nil)
	if e := r.apiErr(t); e.Code != stripe.ErrorCodeParameterMissing || e.Param != "ownership" {
		t.Fatalf("no ownership param: %+v", e)
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestZeroDelayAndRecovery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t, fctest.WithRefreshDelay(0), fctest.WithRefreshCooldown(0))
	_, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	_, noTxn := linked(t, sim, sc, []string{"payment_method"}, nil, fctest.InstitutionSuccess)
	if err := sim.FailRefreshes(ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := refresh(ctx, sc, ids[0], "transactions"); err != nil {
		t.Fatal(err)
	}
	a, _ := sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[0], nil) // next request: already complete
	if a.TransactionRefresh.Status != "failed" {
		t.Fatalf("status %s", a.TransactionRefresh.Status)
	}
	r := raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", url.Values{"account": {ids[0]}})
	if e := r.apiErr(t); e.Code != stripe.ErrorCodeFinancialConnectionsNoSuccessfulTransactionRefresh {
		t.Fatalf("after a failed refresh: %+v", e)
	}
	if err := sim.SucceedRefreshes(ids[0], fctest.FeatureTransactions); err != nil {
		t.Fatal(err)
	}
	if _, err := refresh(ctx, sc, ids[0], "transactions"); err != nil {
		t.Fatal(err)
	}
	if r := raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", url.Values{"account": {ids[0]}}); r.status != 200 {
		t.Fatalf("after recovery: %d %s", r.status, r.body)
	}
	r = raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", url.Values{"account": {noTxn[0]}})
	if r.status != 400 || r.apiErr(t).Param != "account" {
		t.Fatalf("without permission: %d %s", r.status, r.body)
	}
	if err := sim.FailRefreshes(ids[0], "balances"); !errors.Is(err, permissions.ErrUnknown) || !strings.Contains(err.Error(), `unknown refresh feature "balances"`) {
		t.Fatalf("accepted the permission name as a refresh feature: %v", err)
	}
	if err := sim.FailRefreshes("fca_nope"); !errors.Is(err, fctest.ErrNotFound) {
		t.Fatal("unknown account accepted")
	}
}
