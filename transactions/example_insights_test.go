package transactions_test

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/transactions"
)

func usd(v int64) balances.Money { return balances.Money{Amount: v, Currency: balances.USD} }

// The next payday of a biweekly salary paid on Fridays: 2025-07-04 is
// Independence Day, so it is expected on Thursday the 3rd.
func ExampleAnalyzer_payday() {
	now := time.Date(2025, 6, 30, 9, 0, 0, 0, time.UTC)
	a, err := transactions.NewAnalyzer(transactions.Options{Now: now})
	if err != nil {
		panic(err)
	}
	for d := time.Date(2025, 1, 3, 12, 0, 0, 0, time.UTC); d.Before(now); d = d.AddDate(0, 0, 14) {
		a.Add(transactions.Transaction{
			ID: "fctxn_" + d.Format("0102"), Amount: usd(254017),
			Description: "ACME CORP PAYROLL PPD ID: 9876543210",
			Status:      transactions.Posted, TransactedAt: d,
		})
	}
	// A one-off deposit and a voided hold do not change the estimate.
	a.Add(transactions.Transaction{ID: "fctxn_tax", Amount: usd(320000), Description: "IRS TREAS 310 TAX REF",
		Status: transactions.Posted, TransactedAt: time.Date(2025, 4, 2, 12, 0, 0, 0, time.UTC)})
	a.Add(transactions.Transaction{ID: "fctxn_hold", Amount: usd(-5000), Description: "SHELL OIL",
		Status: transactions.Void, TransactedAt: time.Date(2025, 6, 29, 12, 0, 0, 0, time.UTC)})

	rep := a.Report()
	p, ok := rep.NextPayday()
	fmt.Println(ok, p.Cadence, p.Description)
	fmt.Println("next:", p.Next.Format("Mon 2006-01-02"), p.Amount)
	fmt.Println("monthly income:", rep.MonthlyIncome())
	w, _ := rep.Window(30)
	fmt.Println("30 days:", w.CreditCount, "credits,", w.Credits)
	// Output:
	// true biweekly ACME CORP PAYROLL PPD ID: 9876543210
	// next: Thu 2025-07-03 2540.17 USD
	// monthly income: 5503.70 USD
	// 30 days: 2 credits, 5080.34 USD
}

// memSource is a fixed list of transactions written by one refresh.
type memSource struct{ rows []transactions.Transaction }

func (m memSource) LatestRefresh(context.Context, string) (string, error) { return "fctxnref_2", nil }

func (m memSource) ListTransactions(_ context.Context, _, after string) iter.Seq2[transactions.Transaction, error] {
	return func(yield func(transactions.Transaction, error) bool) {
		for _, t := range m.rows {
			if t.RefreshID > after && !yield(t, nil) {
				return
			}
		}
	}
}

func ExampleSyncer() {
	ctx := context.Background()
	day := time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)
	row := func(id string, amount int64, st transactions.Status, ref string) transactions.Transaction {
		return transactions.Transaction{ID: id, Account: "fca_1", Amount: usd(amount), Description: "COFFEE",
			Status: st, TransactedAt: day, RefreshID: ref}
	}
	store := &transactions.MemoryStore{}
	// First sync: the store already knows both rows as pending (cursor
	// fctxnref_1); refresh 2 posted one and voided the other.
	for _, r := range []transactions.Transaction{
		row("fctxn_a", -450, transactions.Pending, "fctxnref_1"),
		row("fctxn_b", -990, transactions.Pending, "fctxnref_1"),
	} {
		_ = store.Put(ctx, "fca_1", transactions.StateOf(r), r)
	}
	_ = store.SetCursor(ctx, "fca_1", "fctxnref_1")

	s := &transactions.Syncer{
		Source: memSource{rows: []transactions.Transaction{
			row("fctxn_a", -450, transactions.Posted, "fctxnref_2"),
			row("fctxn_b", -990, transactions.Void, "fctxnref_2"),
			row("fctxn_c", -1200, transactions.Pending, "fctxnref_2"),
		}},
		Store: store,
	}
	handle := func(_ context.Context, e transactions.Event) error {
		fmt.Println(e.Kind, e.Transaction.ID, e.Previous.Status, "->", e.Transaction.Status)
		return nil
	}
	st, err := s.Sync(ctx, "fca_1", handle)
	fmt.Println(st.Cursor, err)
	// Syncing again delivers nothing: the cursor is up to date.
	st, err = s.Sync(ctx, "fca_1", handle)
	fmt.Println(st.Listed, err)
	// Output:
	// updated fctxn_a pending -> posted
	// voided fctxn_b pending -> void
	// added fctxn_c  -> pending
	// fctxnref_2 <nil>
	// 0 <nil>
}
