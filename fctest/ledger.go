package fctest

import "time"

// ledgerEntry is money that ACH moved on a simulated account, in cents:
// a settled debit (negative) or a succeeded refund (positive), effective
// at at. The account's balance is its generated activity plus its ledger,
// so a balance refreshed after a debit settles shows the debit.
type ledgerEntry struct {
	at     time.Time
	amount int64
	ref    string // py_… of a debit, pyr_… of a refund
}

// ledgerSum is the sum of the account's ledger entries effective at or
// before t.
func (a *account) ledgerSum(t time.Time) int64 {
	var sum int64
	for _, e := range a.ledger {
		if !e.at.After(t) {
			sum += e.amount
		}
	}
	return sum
}

// post records money moved on the account at at. Callers hold s.mu.
func (a *account) post(at time.Time, amount int64, ref string) {
	a.ledger = append(a.ledger, ledgerEntry{at: at, amount: amount, ref: ref})
}

// debitedAccount is the linked account behind a payment method, or nil
// (unknown payment method, or one entered by hand).
func (s *Sim) debitedAccount(pmID string) *account {
	pm := s.paymentMethods[pmID]
	if pm == nil {
		return nil
	}
	return s.accounts[pm.account]
}

// coversDebit reports whether the account's available balance at at
// covers amount: an ACH debit it does not cover is returned R01
// (insufficient funds). An account not known to the simulator covers any
// debit.
func (s *Sim) coversDebit(a *account, amount int64, at time.Time) bool {
	if a == nil {
		return true
	}
	return s.computeBalance(a, at).available >= amount
}
