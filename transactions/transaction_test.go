package transactions

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/stripe/stripe-go/v82"
)

func loadList(t testing.TB, name string) []*stripe.FinancialConnectionsTransaction {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var l stripe.FinancialConnectionsTransactionList
	if err := json.Unmarshal(data, &l); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return l.Data
}

func TestFromStripeFixtures(t *testing.T) {
	t.Parallel()
	day := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	want := []Transaction{
		{
			ID: "fctxn_1PkL0aKd9s8aXyZ0pending", Account: "fca_1PkKc2Kd9s8aXyZtest",
			Amount: balances.Money{Amount: -1899, Currency: balances.USD}, Description: "NETFLIX.COM 866-579-7172 CA",
			Status: Pending, TransactedAt: day, Updated: day.Add(time.Hour), RefreshID: "fctxnref_1PkL0aKd9s8aXyZref2",
		},
		{
			ID: "fctxn_1PkL0aKd9s8aXyZ00posted", Account: "fca_1PkKc2Kd9s8aXyZtest",
			Amount: balances.Money{Amount: 254017, Currency: balances.USD}, Description: "ACME CORP PAYROLL PPD ID: 1234567890",
			Status: Posted, TransactedAt: day, PostedAt: day.Add(24 * time.Hour), Updated: day.Add(25 * time.Hour),
			RefreshID: "fctxnref_1PkL0aKd9s8aXyZref2",
		},
		{
			ID: "fctxn_1PkL0aKd9s8aXyZ0000void", Account: "fca_1PkKc2Kd9s8aXyZtest",
			Amount: balances.Money{Amount: -4500, Currency: balances.USD}, Description: "SHELL OIL 5744 AUSTIN TX",
			Status: Void, TransactedAt: day, VoidAt: day.Add(48 * time.Hour), Updated: day.Add(48 * time.Hour),
			RefreshID: "fctxnref_1PkL0aKd9s8aXyZref3", Livemode: true,
		},
		{
			// null status_transitions and null updated; uppercase currency.
			ID: "fctxn_1PkL0aKd9s8aXyZnotrans", Account: "fca_1PkKc2Kd9s8aXyZtest",
			Amount: balances.Money{Amount: 0, Currency: balances.USD},
			Status: Posted, TransactedAt: day, RefreshID: "fctxnref_1PkL0aKd9s8aXyZref1",
		},
	}
	got := loadList(t, "list.json")
	if len(got) != len(want) {
		t.Fatalf("fixture has %d rows", len(got))
	}
	for i, st := range got {
		t.Run(want[i].ID, func(t *testing.T) {
			tx, err := FromStripe(st)
			if err != nil {
				t.Fatal(err)
			}
			if tx != want[i] {
				t.Errorf("got  %+v\nwant %+v", tx, want[i])
			}
			for name, tm := range map[string]time.Time{"posted": tx.PostedAt, "void": tx.VoidAt, "updated": tx.Updated} {
				if !tm.IsZero() && tm.Year() < 2000 {
					t.Errorf("%s time %v: null must become the zero time", name, tm)
				}
			}
		})
	}
}

func TestFromStripeErrors(t *testing.T) {
	t.Parallel()
	rows := loadList(t, "bad.json")
	tests := []struct {
		name string
		in   *stripe.FinancialConnectionsTransaction
		want error
	}{
		{"nil", nil, ErrNilTransaction},
		{"unknown status", rows[0], ErrUnknownStatus},
		{"null status", rows[1], ErrUnknownStatus},
		{"short currency", rows[2], balances.ErrInvalidCurrency},
		{"null currency", rows[3], balances.ErrInvalidCurrency},
		{"null id", rows[4], ErrMissingID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromStripe(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := FromStripe(rows[0]); !errors.Is(err, ErrUnknownStatus) || !strings.Contains(err.Error(), `transactions: unknown status "cleared"`) {
		t.Fatalf(`want the unknown status "cleared", got %v`, err)
	}
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Status
		err  bool
	}{
		{"pending", Pending, false},
		{"posted", Posted, false},
		{"void", Void, false},
		{"voided", "", true},
		{"Posted", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := ParseStatus(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseStatus(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestCreditDebit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount        int64
		credit, debit bool
	}{{100, true, false}, {-100, false, true}, {0, false, false}}
	for _, tt := range tests {
		tx := Transaction{Amount: balances.Money{Amount: tt.amount, Currency: balances.USD}}
		if tx.IsCredit() != tt.credit || tx.IsDebit() != tt.debit {
			t.Errorf("amount %d: credit=%v debit=%v", tt.amount, tx.IsCredit(), tx.IsDebit())
		}
	}
}

func FuzzParseStatus(f *testing.F) {
	for _, s := range []string{"pending", "posted", "void", "", "POSTED"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStatus(s)
		if (err == nil) != st.Valid() {
			t.Fatalf("ParseStatus(%q) = %q, %v", s, st, err)
		}
	})
}

func FuzzFromStripe(f *testing.F) {
	for _, name := range []string{"list.json", "bad.json"} {
		for _, row := range loadList(f, name) {
			b, err := json.Marshal(row)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var st stripe.FinancialConnectionsTransaction
		if json.Unmarshal(data, &st) != nil {
			return
		}
		tx, err := FromStripe(&st)
		if err != nil {
			return
		}
		if !tx.Status.Valid() || !tx.Amount.Currency.Valid() || tx.ID == "" {
			t.Fatalf("invalid result %+v", tx)
		}
		if st.TransactedAt == 0 && !tx.TransactedAt.IsZero() {
			t.Fatal("transacted_at 0 must be the zero time")
		}
	})
}
