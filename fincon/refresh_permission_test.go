package fincon_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

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

// TestPermissionCacheExpiresOnSimulatedClock: the permission cache ages on
// the client's Clock; with fctest's clock, Advance past the TTL makes the
// next guarded read fetch the account exactly once, and the entry it
// records is trusted again.
func TestPermissionCacheExpiresOnSimulatedClock(t *testing.T) {
	t.Parallel()
	const ttl = 5 * time.Minute
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances), fctest.InstitutionSuccess))
	id := env.accounts[0]
	c := setup(t, onSim(env.sim), clientOptions(fincon.WithPermissionCacheTTL(ttl))).c
	ctx := t.Context()
	if _, err := c.GetAccount(ctx, id); err != nil {
		t.Fatal(err)
	}
	accountGETs := func() int {
		n := 0
		for _, r := range env.sim.Requests() {
			if r.Method == http.MethodGet && r.Path == "/v1/financial_connections/accounts/"+id {
				n++
			}
		}
		return n
	}
	read := func() error {
		for _, err := range c.Transactions(ctx, id, fincon.TransactionListOptions{}) {
			return err
		}
		return nil
	}
	tests := []struct {
		name      string
		advance   time.Duration
		wantGETs  int
		wantKnown bool // before the read
	}{
		{name: "within the TTL", advance: ttl - time.Second, wantGETs: 0, wantKnown: true},
		{name: "past the TTL", advance: 2 * time.Second, wantGETs: 1},
		{name: "cached again", advance: time.Second, wantGETs: 0, wantKnown: true},
	}
	for _, tt := range tests {
		env.sim.Clock().Advance(tt.advance)
		if _, known := c.Permissions(id); known != tt.wantKnown {
			t.Errorf("%s: permissions known = %v, want %v", tt.name, known, tt.wantKnown)
		}
		before := accountGETs()
		if err := read(); !errors.Is(err, fincon.ErrPermissionNotGranted) {
			t.Errorf("%s: err = %v, want ErrPermissionNotGranted", tt.name, err)
		}
		if n := accountGETs() - before; n != tt.wantGETs {
			t.Errorf("%s: account reads = %d, want %d", tt.name, n, tt.wantGETs)
		}
	}
}
