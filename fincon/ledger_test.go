package fincon_test

import (
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// freshBalance refreshes the balance, waits for it and reads it.
func (e *env) freshBalance(t *testing.T) balances.Balance {
	t.Helper()
	e.sim.Clock().Advance(2 * time.Minute) // past next_refresh_available_at
	if _, err := e.c.RefreshAndWait(t.Context(), e.account, permissions.RefreshBalance); err != nil {
		t.Fatal(err)
	}
	b, err := e.c.Balance(t.Context(), e.account)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// settle creates and confirms a debit of amount cents and lets it settle
// (the simulator settles after 0 business days).
func (e *env) settle(t *testing.T, amount int64) *fincon.PaymentIntent {
	t.Helper()
	pi := e.confirmed(t, amount)
	e.sim.Clock().Advance(time.Second)
	pi, err := e.c.GetPaymentIntent(t.Context(), pi.ID)
	if err != nil {
		t.Fatal(err)
	}
	return pi
}

func usd(b balances.Balance, t *testing.T) (current, available int64) {
	t.Helper()
	c, ok1 := b.Current(balances.USD)
	a, ok2 := b.Available(balances.USD)
	if !ok1 || !ok2 {
		t.Fatalf("balance %v lacks usd amounts", b)
	}
	return c.Amount, a.Amount
}

// TestDebitsMoveTheBalance: a settled debit lowers current and available
// by its amount (compared with a twin simulator that did not debit), and
// the NSF check after it sees the new balance: a debit the new balance
// does not cover is returned R01, while the twin, with the old balance,
// pays it.
func TestDebitsMoveTheBalance(t *testing.T) {
	t.Parallel()
	env := setup(t, simOptions(fctest.WithSettlementDays(0)), fastRetries(), achAccount(fctest.InstitutionSuccess))
	twin := setup(t, simOptions(fctest.WithSettlementDays(0)), fastRetries(), achAccount(fctest.InstitutionSuccess))

	b0 := env.freshBalance(t)
	twin.freshBalance(t)
	_, avail0 := usd(b0, t)
	amount := avail0 - 1_000 // leave 10.00 USD
	if pi := env.settle(t, amount); pi.Status != fincon.PaymentSucceeded {
		t.Fatalf("first debit: %s %v", pi.Status, pi.Return)
	}
	twin.sim.Clock().Advance(time.Second)

	b1, t1 := env.freshBalance(t), twin.freshBalance(t)
	cur1, avail1 := usd(b1, t)
	tcur1, tavail1 := usd(t1, t)
	if tcur1-cur1 != amount || tavail1-avail1 != amount {
		t.Fatalf("after a debit of %d: current %d available %d; without it %d, %d", amount, cur1, avail1, tcur1, tavail1)
	}

	next := balances.Money{Amount: avail1 + 1, Currency: balances.USD}
	if next.Amount < ach.MinAmount {
		next.Amount = ach.MinAmount
	}
	s := balances.Check(b1, next, balances.CheckOptions{Now: env.sim.Clock().Now()})
	if s.Verdict != balances.Insufficient || s.Return != ach.R01 {
		t.Fatalf("NSF check after the debit: %v (return %q)", s, s.Return)
	}
	if s := balances.Check(t1, next, balances.CheckOptions{Now: twin.sim.Clock().Now()}); !s.OK() {
		t.Fatalf("twin's NSF check: %v", s)
	}
	pi := env.settle(t, next.Amount)
	if pi.Status != fincon.PaymentRequiresPaymentMethod || pi.Return == nil || pi.Return.Code != ach.R01 {
		t.Fatalf("uncovered debit: %s %v, want requires_payment_method with R01", pi.Status, pi.Return)
	}
	if pi := twin.settle(t, next.Amount); pi.Status != fincon.PaymentSucceeded {
		t.Fatalf("twin's covered debit: %s %v", pi.Status, pi.Return)
	}
	// The returned debit left env's balance alone; the twin paid it.
	cur2, _ := usd(env.freshBalance(t), t)
	tcur2, _ := usd(twin.freshBalance(t), t)
	if got, want := tcur2-cur2, amount-next.Amount; got != want {
		t.Fatalf("difference after the returned debit %d, want %d", got, want)
	}
}
