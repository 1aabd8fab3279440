package balances

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

func loadBalance(t *testing.T, name string) *stripe.FinancialConnectionsAccountBalance {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var sb stripe.FinancialConnectionsAccountBalance
	if err := json.Unmarshal(data, &sb); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return &sb
}

var asOf = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func usd(a int64) Money { return Money{Amount: a, Currency: USD} }

func TestFromStripeFixtures(t *testing.T) {
	t.Parallel()
	type want struct {
		typ          Type
		asOf         time.Time
		current      []Money
		available    []Money
		used         []Money
		hasAvailable bool
	}
	tests := []struct {
		file    string
		want    want
		wantErr error
	}{
		{file: "cash.json", want: want{typ: Cash, asOf: asOf, current: []Money{usd(645099)}, available: []Money{usd(612034)}, hasAvailable: true}},
		{file: "credit.json", want: want{typ: Credit, asOf: asOf, current: []Money{usd(-123456)}, used: []Money{usd(123456)}}},
		{file: "cash_null_available.json", want: want{typ: Cash, asOf: asOf, current: []Money{usd(5000)}}},
		{file: "cash_null_cash.json", want: want{typ: Cash, asOf: asOf, current: []Money{usd(5000)}}},
		{file: "as_of_null.json", want: want{typ: Cash, current: []Money{usd(100)}, available: []Money{usd(100)}, hasAvailable: true}},
		{file: "uppercase_currency.json", want: want{typ: Cash, asOf: asOf, current: []Money{usd(300)}, available: []Money{usd(250)}, hasAvailable: true}},
		{file: "multi_currency.json", want: want{typ: Cash, asOf: asOf,
			current:   []Money{{2100, CAD}, {5000, JPY}, usd(1100)},
			available: []Money{{2000, CAD}, usd(1000)}, hasAvailable: true}},
		{file: "duplicate_currency.json", wantErr: ErrDuplicateCurrency},
		{file: "bad_currency.json", wantErr: ErrInvalidCurrency},
		{file: "unknown_type.json", wantErr: ErrUnknownType},
		{file: "missing_type.json", wantErr: ErrUnknownType},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := FromStripe(loadBalance(t, tt.file))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Type != tt.want.typ || !b.AsOf.Equal(tt.want.asOf) || b.AsOf.IsZero() != tt.want.asOf.IsZero() {
				t.Errorf("type/asOf = %s/%v, want %s/%v", b.Type, b.AsOf, tt.want.typ, tt.want.asOf)
			}
			if b.HasAvailable() != tt.want.hasAvailable {
				t.Errorf("HasAvailable = %v", b.HasAvailable())
			}
			check := func(name string, get func(Currency) (Money, bool), want []Money) {
				for _, w := range want {
					got, ok := get(w.Currency)
					if !ok || got != w {
						t.Errorf("%s(%s) = %v, %v; want %v", name, w.Currency, got, ok, w)
					}
				}
				if len(want) == 0 {
					if got, ok := get(USD); ok {
						t.Errorf("%s(usd) = %v, want absent", name, got)
					}
				}
			}
			check("Current", b.Current, tt.want.current)
			check("Available", b.Available, tt.want.available)
			check("Used", b.Used, tt.want.used)
			if got := b.Currencies(); len(got) != len(tt.want.current) {
				t.Errorf("Currencies = %v", got)
			}
		})
	}
}

func TestFromStripeNil(t *testing.T) {
	t.Parallel()
	if _, err := FromStripe(nil); !errors.Is(err, ErrNoBalance) {
		t.Fatalf("err = %v, want ErrNoBalance", err)
	}
}

func TestFromStripeAccountFixture(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/account_with_balance.json")
	if err != nil {
		t.Fatal(err)
	}
	var acct stripe.FinancialConnectionsAccount
	if err := json.Unmarshal(data, &acct); err != nil {
		t.Fatal(err)
	}
	b, err := FromStripe(acct.Balance)
	if err != nil {
		t.Fatal(err)
	}
	if av, ok := b.Available(USD); !ok || av.String() != "1980.00 USD" {
		t.Fatalf("available = %v %v", av, ok)
	}
	if acct.TransactionRefresh != nil {
		t.Fatal("transaction_refresh null should decode as nil")
	}
}

func TestAgeStale(t *testing.T) {
	t.Parallel()
	now := asOf.Add(2 * time.Hour)
	tests := []struct {
		name   string
		asOf   time.Time
		maxAge time.Duration
		age    time.Duration
		stale  bool
	}{
		{"fresh", asOf, 3 * time.Hour, 2 * time.Hour, false},
		{"exactly max age is not stale", asOf, 2 * time.Hour, 2 * time.Hour, false},
		{"old", asOf, time.Hour, 2 * time.Hour, true},
		{"unknown as_of", time.Time{}, 1000 * time.Hour, time.Duration(math.MaxInt64), true},
		{"clock skew", now.Add(time.Minute), time.Hour, -time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := NewCash(tt.asOf, []Money{usd(1)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Age(now); got != tt.age {
				t.Errorf("Age = %v, want %v", got, tt.age)
			}
			if got := b.Stale(now, tt.maxAge); got != tt.stale {
				t.Errorf("Stale = %v, want %v", got, tt.stale)
			}
		})
	}
}

func TestNewBalanceErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fn   func() (Balance, error)
		want error
	}{
		{"bad currency", func() (Balance, error) { return NewCash(asOf, []Money{{1, "dollars"}}, nil) }, ErrInvalidCurrency},
		{"empty currency", func() (Balance, error) { return NewCredit(asOf, nil, []Money{{1, ""}}) }, ErrInvalidCurrency},
		{"duplicate after case folding", func() (Balance, error) { return NewCash(asOf, []Money{usd(1), {2, "USD"}}, nil) }, ErrDuplicateCurrency},
		{"ok", func() (Balance, error) { return NewCredit(asOf, []Money{{-5, "USD"}}, []Money{usd(5)}) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.fn()
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestBalanceIsImmutable(t *testing.T) {
	t.Parallel()
	in := []Money{usd(100)}
	b, err := NewCash(asOf, in, in)
	if err != nil {
		t.Fatal(err)
	}
	in[0].Amount = 1
	cs := b.Currencies()
	cs[0] = "xxx"
	if m, _ := b.Current(USD); m.Amount != 100 {
		t.Fatalf("caller's slice aliased the balance: %v", m)
	}
}

func TestParseType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Type
		err  bool
	}{
		{"cash", Cash, false},
		{"credit", Credit, false},
		{"Cash", "", true},
		{"", "", true},
		{"investment", "", true},
	}
	for _, tt := range tests {
		got, err := ParseType(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseType(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrUnknownType) {
			t.Errorf("ParseType(%q) err %v does not match ErrUnknownType", tt.in, err)
		}
	}
}

func TestBalanceString(t *testing.T) {
	t.Parallel()
	b, _ := NewCash(asOf, []Money{usd(1234)}, []Money{usd(1000)})
	if got, want := b.String(), "cash as of 2025-01-01T12:00:00Z current 12.34 USD available 10.00 USD"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	var zero Balance
	if got := zero.String(); got != " as of unknown" {
		t.Errorf("zero String = %q", got)
	}
}

func FuzzFromStripe(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var sb stripe.FinancialConnectionsAccountBalance
		if json.Unmarshal(data, &sb) != nil {
			return
		}
		b, err := FromStripe(&sb)
		if err != nil {
			return
		}
		if !b.Type.Valid() {
			t.Fatalf("valid balance with type %q", b.Type)
		}
		for _, c := range b.Currencies() {
			if !c.Valid() {
				t.Fatalf("invalid currency %q", c)
			}
		}
		if sb.AsOf == 0 && !b.AsOf.IsZero() {
			t.Fatal("as_of 0 did not become zero time")
		}
	})
}

func FuzzParseType(f *testing.F) {
	for _, s := range []string{"cash", "credit", "", "CASH", "investment"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ty, err := ParseType(s)
		if (err == nil) != ty.Valid() {
			t.Fatalf("ParseType(%q) = %q, %v", s, ty, err)
		}
	})
}
