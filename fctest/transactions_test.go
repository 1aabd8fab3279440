package fctest_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

func listTxns(t *testing.T, sc *stripe.Client, p *stripe.FinancialConnectionsTransactionListParams) []*stripe.FinancialConnectionsTransaction {
	t.Helper()
	var out []*stripe.FinancialConnectionsTransaction
	for txn, err := range sc.V1FinancialConnectionsTransactions.List(context.Background(), p) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, txn)
	}
	return out
}

func TestTransactionHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	_, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	id := ids[0]

	r := raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", url.Values{"account": {id}})
	if e := r.apiErr(t); e.Code != stripe.ErrorCodeFinancialConnectionsNoSuccessfulTransactionRefresh {
		t.Fatalf("before any refresh: %+v", e)
	}
	r = raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", nil)
	if e := r.apiErr(t); e.Code != stripe.ErrorCodeParameterMissing || e.Param != "account" {
		t.Fatalf("no account: %+v", e)
	}

	a, err := refresh(ctx, sc, id, "transactions")
	if err != nil {
		t.Fatal(err)
	}
	first := a.TransactionRefresh.ID
	if !strings.HasPrefix(first, "fctxnref_") {
		t.Fatalf("refresh id %q", first)
	}
	sim.Clock().Advance(time.Minute)
	now := sim.Clock().Now()
	all := listTxns(t, sc, &stripe.FinancialConnectionsTransactionListParams{Account: stripe.String(id), ListParams: stripe.ListParams{Limit: stripe.Int64(100)}})
	if len(all) < 300 {
		t.Fatalf("only %d transactions in 180 days", len(all))
	}
	var payroll, rent, pending, void int
	prev := all[0].TransactedAt
	oldest := now
	for _, x := range all {
		if x.TransactedAt > prev {
			t.Fatal("not newest first")
		}
		prev = x.TransactedAt
		at := time.Unix(x.TransactedAt, 0)
		if at.Before(oldest) {
			oldest = at
		}
		if x.TransactionRefresh != first || x.Account != id || x.Currency != "usd" {
			t.Fatalf("row %+v", x)
		}
		switch {
		case strings.Contains(x.Description, "PAYROLL"):
			payroll++
			if x.Amount <= 0 || x.Status != "posted" {
				t.Fatalf("payroll %+v", x)
			}
		case strings.Contains(x.Description, "RENT"):
			rent++
		}
		switch x.Status {
		case "pending":
			pending++
		case "void":
			void++
			if x.StatusTransitions.VoidAt == 0 {
				t.Fatalf("void without void_at: %+v", x)
			}
		case "posted":
			if x.StatusTransitions.PostedAt == 0 {
				t.Fatalf("posted without posted_at: %+v", x)
			}
		}
	}
	if payroll < 12 || payroll > 14 || rent < 5 || rent > 7 || pending == 0 || void == 0 {
		t.Fatalf("payroll %d rent %d pending %d void %d", payroll, rent, pending, void)
	}
	if now.Sub(oldest) > fctest.HistoryDays*24*time.Hour {
		t.Fatalf("oldest transaction %v is more than 180 days old", oldest)
	}

	// Incremental sync: three days later, a refresh touches only new rows
	// and rows whose pending status resolved.
	sim.Clock().Advance(3 * 24 * time.Hour)
	a, err = refresh(ctx, sc, id, "transactions")
	if err != nil {
		t.Fatal(err)
	}
	second := a.TransactionRefresh.ID
	sim.Clock().Advance(time.Minute)
	changed := listTxns(t, sc, &stripe.FinancialConnectionsTransactionListParams{
		Account:            stripe.String(id),
		TransactionRefresh: &stripe.FinancialConnectionsTransactionListTransactionRefreshParams{After: stripe.String(first)},
	})
	if len(changed) == 0 {
		t.Fatal("nothing changed in three days")
	}
	resolved := 0
	byID := map[string]*stripe.FinancialConnectionsTransaction{}
	for _, x := range all {
		byID[x.ID] = x
	}
	for _, x := range changed {
		if x.TransactionRefresh != second {
			t.Fatalf("changed row carries %s", x.TransactionRefresh)
		}
		if old, ok := byID[x.ID]; ok {
			if old.Status != "pending" || x.Status == "pending" {
				t.Fatalf("row %s changed from %s to %s", x.ID, old.Status, x.Status)
			}
			resolved++
		}
	}
	if resolved == 0 {
		t.Fatal("no pending transaction posted or voided in three days")
	}
	none := listTxns(t, sc, &stripe.FinancialConnectionsTransactionListParams{
		Account:            stripe.String(id),
		TransactionRefresh: &stripe.FinancialConnectionsTransactionListTransactionRefreshParams{After: stripe.String(second)},
	})
	if len(none) != 0 {
		t.Fatalf("%d rows after the latest refresh", len(none))
	}
	r = raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", url.Values{"account": {id}, "transaction_refresh[after]": {"fctxnref_unknown"}})
	if e := r.apiErr(t); e.Code != stripe.ErrorCodeResourceMissing {
		t.Fatalf("unknown refresh: %+v", e)
	}

	// transacted_at range.
	from, to := now.Add(-30*24*time.Hour).Unix(), now.Add(-20*24*time.Hour).Unix()
	ranged := listTxns(t, sc, &stripe.FinancialConnectionsTransactionListParams{
		Account:           stripe.String(id),
		TransactedAtRange: &stripe.RangeQueryParams{GreaterThanOrEqual: from, LesserThan: to},
	})
	if len(ranged) == 0 {
		t.Fatal("empty range")
	}
	for _, x := range ranged {
		if x.TransactedAt < from || x.TransactedAt >= to {
			t.Fatalf("out of range: %d", x.TransactedAt)
		}
	}
	got, err := sc.V1FinancialConnectionsTransactions.Retrieve(ctx, ranged[0].ID, nil)
	if err != nil || got.ID != ranged[0].ID {
		t.Fatalf("retrieve: %v", err)
	}
}

func TestTransactionsDeterministic(t *testing.T) {
	t.Parallel()
	descs := func(seed uint64) string {
		sim, sc := setup(t, fctest.WithSeed(seed), fctest.WithRefreshDelay(0))
		_, ids := linked(t, sim, sc, allPerms, []string{"transactions"}, fctest.InstitutionSuccess)
		sim.Clock().Advance(0)
		var b strings.Builder
		for _, x := range listTxns(t, sc, &stripe.FinancialConnectionsTransactionListParams{Account: stripe.String(ids[0]), ListParams: stripe.ListParams{Limit: stripe.Int64(100)}}) {
			b.WriteString(x.ID + x.Description + strconv.FormatInt(x.Amount, 10) + string(x.Status) + "\n")
		}
		return b.String()
	}
	a, b, c := descs(1), descs(1), descs(2)
	if a != b {
		t.Fatal("same seed, different history")
	}
	if a == c {
		t.Fatal("different seeds, same history")
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t, fctest.WithRefreshDelay(0))
	_, ids := linked(t, sim, sc, allPerms, []string{"transactions"}, fctest.InstitutionSuccess)
	sim.Clock().Advance(0)
	get := func(q url.Values) stripe.FinancialConnectionsTransactionList {
		t.Helper()
		q.Set("account", ids[0])
		r := raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", q)
		var l stripe.FinancialConnectionsTransactionList
		strict(t, r.body, &l)
		return l
	}
	def := get(url.Values{})
	if len(def.Data) != 10 || !def.HasMore {
		t.Fatalf("default page: %d %v", len(def.Data), def.HasMore)
	}
	next := get(url.Values{"limit": {"3"}, "starting_after": {def.Data[9].ID}})
	if len(next.Data) != 3 || !next.HasMore {
		t.Fatalf("next page: %d", len(next.Data))
	}
	back := get(url.Values{"limit": {"4"}, "ending_before": {next.Data[0].ID}})
	if len(back.Data) != 4 || back.Data[3].ID != def.Data[9].ID || !back.HasMore {
		t.Fatalf("ending_before page: %+v", back.Data)
	}
	for _, bad := range []url.Values{{"limit": {"0"}}, {"limit": {"101"}}, {"limit": {"x"}}, {"starting_after": {"fctxn_nope"}}} {
		bad.Set("account", ids[0])
		if r := raw(t, sim, http.MethodGet, "/v1/financial_connections/transactions", bad); r.status != 400 {
			t.Fatalf("%v: %d", bad, r.status)
		}
	}
}
