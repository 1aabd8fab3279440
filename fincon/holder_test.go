package fincon_test

import (
	"testing"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// TestCustomerAccountHolderReadBack: sessions and accounts held by an
// Accounts v2 customer_account read back with that holder, however they
// arrive: created, retrieved, listed, inside a session.
func TestCustomerAccountHolderReadBack(t *testing.T) {
	t.Parallel()
	e := setup(t)
	sim, c := e.sim, e.c
	ctx := t.Context()
	h := fincon.CustomerAccountHolder("acct_v2customer0001")
	s, err := c.CreateSession(ctx, fincon.SessionParams{Holder: h, Permissions: permissions.Set{}.Add(permissions.Balances)})
	if err != nil {
		t.Fatal(err)
	}
	if s.Holder != h {
		t.Errorf("created session holder %+v, want %+v", s.Holder, h)
	}
	if _, err := sim.LinkAccounts(s.ID); err != nil {
		t.Fatal(err)
	}
	s, err = c.GetSession(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Holder != h || len(s.Accounts) != 1 || s.Accounts[0].Holder != h {
		t.Fatalf("retrieved session holder %+v, accounts %d", s.Holder, len(s.Accounts))
	}
	a, err := c.GetAccount(ctx, s.Accounts[0].ID)
	if err != nil || a.Holder != h {
		t.Errorf("account holder %+v %v", a, err)
	}
	for _, p := range []fincon.ListAccountsParams{{Session: s.ID}, {Holder: h}} {
		n := 0
		for a, err := range c.ListAccounts(ctx, p) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if a.Holder != h {
				t.Errorf("listed (%+v) holder %+v", p, a.Holder)
			}
		}
		if n != 1 {
			t.Errorf("listed %d accounts", n)
		}
	}
	// A customer holder stays a customer holder.
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	s, err = c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: permissions.Set{}.Add(permissions.Balances)})
	if err != nil || s.Holder != fincon.CustomerHolder(cus) {
		t.Errorf("customer session holder %+v %v", s, err)
	}
}
