package fincon_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

func TestPlanWiden(t *testing.T) {
	t.Parallel()
	e := setup(t)
	sim, c := e.sim, e.c
	ctx := t.Context()
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	pm := permissions.Set{}.Add(permissions.PaymentMethod)
	s, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: pm})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(s.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.GetAccount(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	rec, err := permissions.Recommend(permissions.UseCaseUnderwriting)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := c.PlanWiden(a, rec.Permissions)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.NeedsRelink() || plan.Missing != rec.Permissions.Remove(permissions.PaymentMethod) {
		t.Errorf("missing %s, want %s minus payment_method", plan.Missing, rec.Permissions)
	}
	if plan.Session.Holder != a.Holder || plan.Session.Permissions != pm.Union(rec.Permissions) {
		t.Errorf("session %+v", plan.Session)
	}
	if want := "To continue, reconnect your StripeBank account ending in 6789 and allow access to its balances and transactions."; plan.Prompt != want {
		t.Errorf("prompt %q, want %q", plan.Prompt, want)
	}
	// The plan's params create a session that the user completes again.
	s2, err := c.CreateSession(ctx, plan.Session)
	if err != nil {
		t.Fatal(err)
	}
	ids2, err := sim.LinkAccounts(s2.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.GetAccount(ctx, ids2[0])
	if err != nil {
		t.Fatal(err)
	}
	if again, err := c.PlanWiden(b, rec.Permissions); err != nil || again.NeedsRelink() || again.Prompt != "" {
		t.Errorf("after relinking: %+v %v", again, err)
	}
	// Invalid input.
	for name, call := range map[string]func() error{
		"nil account":         func() error { _, err := c.PlanWiden(nil, pm); return err },
		"empty need":          func() error { _, err := c.PlanWiden(a, permissions.Set{}); return err },
		"unknown holder":      func() error { _, err := c.PlanWiden(&fincon.Account{ID: "fca_1", Permissions: pm}, pm); return err },
		"unknown permissions": func() error { _, err := c.PlanWiden(&fincon.Account{ID: "fca_1", Holder: a.Holder}, pm); return err },
	} {
		if err := call(); !errors.Is(err, fincon.ErrInvalidParams) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A Standard connected account cannot be widened to data.
	std, err := c.CreateConnectedAccount(ctx, fincon.ConnectedAccountParams{Type: fincon.ConnectedAccountStandard})
	if err != nil {
		t.Fatal(err)
	}
	held := &fincon.Account{ID: "fca_std", Holder: fincon.ConnectHolder(std.ID), Permissions: pm}
	if _, err := c.PlanWiden(held, rec.Permissions); !errors.Is(err, fincon.ErrStandardAccount) {
		t.Errorf("standard: %v", err)
	}
	if p, err := c.PlanWiden(held, pm); err != nil || p.NeedsRelink() {
		t.Errorf("standard, nothing missing: %+v %v", p, err)
	}
	if strings.Contains(plan.Prompt, "fca_") {
		t.Errorf("prompt names the account id: %q", plan.Prompt)
	}
}
