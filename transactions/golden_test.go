package transactions_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// simHistory links fctest's InstitutionSuccess account, refreshes its balance
// and 180 days of transactions on simulated time, and returns the simulator,
// the client, the account id and the rows as the client lists them.
func simHistory(t *testing.T) (*fctest.Sim, *fincon.Client, string, []transactions.Transaction) {
	t.Helper()
	ctx := t.Context()
	sim, err := fctest.New(fctest.WithSeed(fctest.DefaultSeed))
	if err != nil {
		t.Fatal(err)
	}
	c := fctestclient.ForTest(t, sim)
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen", Email: "jenny.rosen@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	perms, err := permissions.NewSet(permissions.Balances, permissions.Transactions)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{
		Holder: fincon.CustomerHolder(cus), Permissions: perms,
		Prefetch: []permissions.PrefetchFeature{permissions.PrefetchBalances, permissions.PrefetchTransactions},
	})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	acct := ids[0]
	if _, err := c.WaitForRefresh(ctx, acct, permissions.RefreshBalance, permissions.RefreshTransactions); err != nil {
		t.Fatal(err)
	}
	var rows []transactions.Transaction
	for tx, err := range c.Transactions(ctx, acct, fincon.TransactionListOptions{PageSize: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, tx)
	}
	return sim, c, acct, rows
}

func seqOf(rows []transactions.Transaction) func(func(transactions.Transaction, error) bool) {
	return func(yield func(transactions.Transaction, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// TestGoldenInsightsSuccess analyses fctest's generated history of the
// "success" account, listed through the client, and compares the JSON of
// the Report with testdata/golden/insights_success.json
// (go test -run GoldenInsights -update rewrites it).
func TestGoldenInsightsSuccess(t *testing.T) {
	t.Parallel()
	sim, c, acct, rows := simHistory(t)
	bal, err := c.Balance(t.Context(), acct)
	if err != nil {
		t.Fatal(err)
	}
	now := sim.Clock().Now()
	rep, err := transactions.Analyze(transactions.Options{Now: now, Balance: bal}, seqOf(rows))
	if err != nil {
		t.Fatal(err)
	}

	// Semantic checks, so that the golden file is not the only judge.
	if rep.Counts.Added != len(rows) || len(rows) < 200 {
		t.Errorf("analysed %d of %d rows", rep.Counts.Added, len(rows))
	}
	oldest := now
	for _, r := range rows {
		if r.TransactedAt.Before(oldest) {
			oldest = r.TransactedAt
		}
		if r.Account != acct || r.Amount.Currency != balances.USD {
			t.Fatalf("row %s: account %s currency %s", r.ID, r.Account, r.Amount.Currency)
		}
	}
	if span := now.Sub(oldest); span < 150*24*time.Hour || span > fctest.HistoryDays*24*time.Hour+24*time.Hour {
		t.Errorf("history spans %v, want about %d days", span.Round(time.Hour), fctest.HistoryDays)
	}
	var payroll, rent bool
	for _, s := range rep.Income {
		if s.Cadence == transactions.Biweekly && s.Occurrences >= 10 {
			payroll = true
			if next := s.Next; !next.After(now.Add(-24*time.Hour)) || next.After(now.AddDate(0, 0, 15)) {
				t.Errorf("biweekly payroll next %v, want within 14 days of %v", next, now)
			}
			if !transactions.USBankingDay(s.Next) {
				t.Errorf("next payday %v is not a banking day", s.Next)
			}
		}
	}
	for _, s := range rep.Recurring {
		if s.Kind == transactions.KindRent && s.Cadence == transactions.Monthly && s.Occurrences >= 5 {
			rent = true
		}
	}
	if !payroll {
		t.Errorf("no biweekly payroll stream in %+v", rep.Income)
	}
	if !rent {
		t.Errorf("no monthly rent stream in %+v", rep.Recurring)
	}
	if w, ok := rep.Window(30); !ok || !w.HasAverageBalance || w.CreditCount < 2 || w.DebitCount < 10 {
		t.Errorf("30-day window %+v", w)
	}
	if rep.Overflow {
		t.Error("overflow")
	}

	got, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "golden", "insights_success.json")
	if *updateGolden {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -run GoldenInsights -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (go test -run GoldenInsights -update rewrites it):\n%s", golden, got)
	}
}

// TestGoldenHistoryConvertersUnchanged lists the same history with stripe-go
// directly and checks that transactions.FromStripe keeps every field of
// the simulator's objects, and that the client's rows are exactly the
// converted ones.
func TestGoldenHistoryConvertersUnchanged(t *testing.T) {
	t.Parallel()
	sim, _, acct, rows := simHistory(t)
	sc := stripe.NewClient("sk_test_golden", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL: stripe.String(sim.URL()), HTTPClient: &http.Client{Transport: sim.Transport()},
		MaxNetworkRetries: stripe.Int64(0), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
	params := &stripe.FinancialConnectionsTransactionListParams{Account: stripe.String(acct)}
	params.Limit = stripe.Int64(100)
	var raw []*stripe.FinancialConnectionsTransaction
	for st, err := range sc.V1FinancialConnectionsTransactions.List(t.Context(), params) {
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, st)
	}
	if len(raw) != len(rows) {
		t.Fatalf("stripe-go listed %d rows, the client %d", len(raw), len(rows))
	}
	unix := func(s int64) time.Time {
		if s == 0 {
			return time.Time{}
		}
		return time.Unix(s, 0)
	}
	statuses := map[transactions.Status]int{}
	for i, st := range raw {
		tx, err := transactions.FromStripe(st)
		if err != nil {
			t.Fatalf("row %d (%s): %v", i, st.ID, err)
		}
		statuses[tx.Status]++
		if !reflect.DeepEqual(tx, rows[i]) {
			t.Errorf("row %d: client %+v, converter %+v", i, rows[i], tx)
		}
		var posted, voided int64
		if st.StatusTransitions != nil {
			posted, voided = st.StatusTransitions.PostedAt, st.StatusTransitions.VoidAt
		}
		checks := []struct {
			field string
			ok    bool
		}{
			{"id", tx.ID == st.ID},
			{"account", tx.Account == st.Account},
			{"amount", tx.Amount.Amount == st.Amount},
			{"currency", string(tx.Amount.Currency) == string(st.Currency)},
			{"description", tx.Description == st.Description},
			{"status", string(tx.Status) == string(st.Status)},
			{"transacted_at", tx.TransactedAt.Equal(unix(st.TransactedAt))},
			{"posted_at", tx.PostedAt.Equal(unix(posted))},
			{"void_at", tx.VoidAt.Equal(unix(voided))},
			{"updated", tx.Updated.Equal(unix(st.Updated))},
			{"transaction_refresh", tx.RefreshID == st.TransactionRefresh},
			{"livemode", tx.Livemode == st.Livemode},
			{"no 1970", !tx.TransactedAt.IsZero() && tx.TransactedAt.Year() > 1970},
		}
		for _, c := range checks {
			if !c.ok {
				t.Errorf("row %d (%s): field %s changed by the converter", i, st.ID, c.field)
			}
		}
	}
	// The history must exercise every status, or the checks above prove less.
	for _, s := range []transactions.Status{transactions.Posted, transactions.Pending, transactions.Void} {
		if statuses[s] == 0 {
			t.Errorf("no %s rows in the generated history (%v)", s, statuses)
		}
	}
}
