package fincon_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// TestPermissionCacheExpires: within the TTL the guard refuses without a
// request; after it, the account is read again once, and permissions
// granted meanwhile are seen.
func TestPermissionCacheExpires(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []fincon.Option
		ttl  time.Duration
	}{
		{name: "default ttl", ttl: fincon.DefaultPermissionCacheTTL},
		{name: "WithPermissionCacheTTL", opts: []fincon.Option{fincon.WithPermissionCacheTTL(time.Minute)}, ttl: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &fakeClock{now: time.Unix(1_700_000_000, 0)}
			widened := false
			f := newFake().On("GET /v1/financial_connections/accounts/fca_1", func(int, call) reply {
				perms := []string{"balances"}
				if widened {
					perms = append(perms, "transactions")
				}
				return reply{Status: 200, Body: acct{id: "fca_1", perms: perms}.JSON()}
			})
			f.Always("GET /v1/financial_connections/transactions", list("/v1/financial_connections/transactions"))
			c := setup(t, onFake(f), clientOptions(append([]fincon.Option{fincon.WithClock(clk)}, tt.opts...)...)).c
			ctx := t.Context()
			if _, err := c.GetAccount(ctx, "fca_1"); err != nil {
				t.Fatal(err)
			}
			listErr := func() error {
				for _, err := range c.Transactions(ctx, "fca_1", fincon.TransactionListOptions{}) {
					return err
				}
				return nil
			}
			widened = true // the user linked the account again with more permissions
			f.Reset()
			clk.now = clk.now.Add(tt.ttl - time.Second)
			if err := listErr(); !errors.Is(err, fincon.ErrPermissionNotGranted) {
				t.Fatalf("within the TTL: err = %v, want ErrPermissionNotGranted", err)
			}
			if n := len(f.Calls()); n != 0 {
				t.Errorf("within the TTL: %d requests, want 0", n)
			}
			if _, ok := c.Permissions("fca_1"); !ok {
				t.Errorf("within the TTL: permissions unknown")
			}
			clk.now = clk.now.Add(time.Second)
			if _, ok := c.Permissions("fca_1"); ok {
				t.Errorf("after the TTL: permissions still known")
			}
			if err := listErr(); err != nil {
				t.Fatalf("after the TTL: %v", err)
			}
			calls := f.Calls()
			if len(calls) != 2 || calls[0].Path != "/v1/financial_connections/accounts/fca_1" || calls[1].Path != "/v1/financial_connections/transactions" {
				t.Errorf("after the TTL: requests %v, want the account once, then the transactions", calls)
			}
			if set, ok := c.Permissions("fca_1"); !ok || !set.Has(permissions.Transactions) {
				t.Errorf("permissions = %v, %v; want the widened set", set, ok)
			}
		})
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
