package balances

import (
	"errors"
	"math"
	"math/big"
	"testing"
)

func TestParseCurrency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Currency
		err  bool
	}{
		{"usd", USD, false},
		{"USD", USD, false},
		{"uSd", USD, false},
		{"jpy", JPY, false},
		{"", "", true},
		{"us", "", true},
		{"usdd", "", true},
		{"us1", "", true},
		{"u d", "", true},
		{"üs", "", true},
	}
	for _, tt := range tests {
		got, err := ParseCurrency(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseCurrency(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrInvalidCurrency) {
			t.Errorf("ParseCurrency(%q): %v is not ErrInvalidCurrency", tt.in, err)
		}
	}
	if Currency("USD").Valid() {
		t.Error("uppercase currency must not be Valid (Stripe sends lowercase)")
	}
}

func TestMoneyString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		m    Money
		want string
	}{
		{usd(1234), "12.34 USD"},
		{usd(-1234), "-12.34 USD"},
		{usd(5), "0.05 USD"},
		{usd(-5), "-0.05 USD"},
		{usd(0), "0.00 USD"},
		{usd(100), "1.00 USD"},
		{Money{1234, JPY}, "1234 JPY"},
		{Money{-7, JPY}, "-7 JPY"},
		{Money{1500, "kwd"}, "1.500 KWD"},
		{usd(math.MinInt64), "-92233720368547758.08 USD"},
		{usd(math.MaxInt64), "92233720368547758.07 USD"},
		{Money{Amount: 12}, "12"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.m, got, tt.want)
		}
	}
}

func TestMoneyArithmetic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		op      func() (Money, error)
		want    Money
		wantErr error
	}{
		{"add", func() (Money, error) { return usd(150).Add(usd(-50)) }, usd(100), nil},
		{"sub", func() (Money, error) { return usd(150).Sub(usd(200)) }, usd(-50), nil},
		{"add zero value", func() (Money, error) { return Money{}.Add(usd(7)) }, usd(7), nil},
		{"sub from zero value", func() (Money, error) { return usd(7).Sub(Money{}) }, usd(7), nil},
		{"mismatch", func() (Money, error) { return usd(1).Add(Money{1, EUR}) }, Money{}, ErrCurrencyMismatch},
		{"mismatch sub", func() (Money, error) { return usd(1).Sub(Money{1, JPY}) }, Money{}, ErrCurrencyMismatch},
		{"nonzero without currency", func() (Money, error) { return usd(1).Add(Money{Amount: 1}) }, Money{}, ErrCurrencyMismatch},
		{"add overflow", func() (Money, error) { return usd(math.MaxInt64).Add(usd(1)) }, Money{}, ErrOverflow},
		{"add underflow", func() (Money, error) { return usd(math.MinInt64).Add(usd(-1)) }, Money{}, ErrOverflow},
		{"sub overflow", func() (Money, error) { return usd(math.MinInt64).Sub(usd(1)) }, Money{}, ErrOverflow},
		{"sub min", func() (Money, error) { return usd(0).Sub(usd(math.MinInt64)) }, Money{}, ErrOverflow},
		{"add to max ok", func() (Money, error) { return usd(math.MaxInt64 - 1).Add(usd(1)) }, usd(math.MaxInt64), nil},
		{"neg", func() (Money, error) { return usd(5).Neg() }, usd(-5), nil},
		{"neg min", func() (Money, error) { return usd(math.MinInt64).Neg() }, Money{}, ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.op()
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	// The error names the operation and both currencies, in order.
	if _, err := usd(1).Add(Money{1, EUR}); !errors.Is(err, ErrCurrencyMismatch) || err.Error() != "balances: add USD and EUR: currency mismatch" {
		t.Fatalf("error %q, want the currency mismatch of add USD and EUR", err)
	}
}

func TestMoneyCmp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b Money
		want int
		err  bool
	}{
		{usd(1), usd(2), -1, false},
		{usd(2), usd(2), 0, false},
		{usd(3), usd(2), 1, false},
		{usd(-3), Money{}, -1, false},
		{usd(3), Money{3, "cad"}, 0, true},
	}
	for _, tt := range tests {
		got, err := tt.a.Cmp(tt.b)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("%v.Cmp(%v) = %d, %v", tt.a, tt.b, got, err)
		}
	}
}

func TestParseMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Money
		err  error
	}{
		{"12.34 USD", usd(1234), nil},
		{"-12.34 usd", usd(-1234), nil},
		{"12 USD", usd(1200), nil},
		{"0.05 USD", usd(5), nil},
		{"1234 JPY", Money{1234, JPY}, nil},
		{"1.500 KWD", Money{1500, "kwd"}, nil},
		{"-92233720368547758.08 USD", usd(math.MinInt64), nil},
		{"92233720368547758.07 USD", usd(math.MaxInt64), nil},
		{"92233720368547758.08 USD", Money{}, ErrOverflow},
		{"-92233720368547758.09 USD", Money{}, ErrOverflow},
		{"99999999999999999999999 USD", Money{}, ErrOverflow},
		{"12.3 USD", Money{}, ErrInvalidAmount},
		{"12.345 USD", Money{}, ErrInvalidAmount},
		{"12.00 JPY", Money{}, ErrInvalidAmount},
		{"12. USD", Money{}, ErrInvalidAmount},
		{".12 USD", Money{}, ErrInvalidAmount},
		{"+12.00 USD", Money{}, ErrInvalidAmount},
		{"1,000.00 USD", Money{}, ErrInvalidAmount},
		{"12.34", Money{}, ErrInvalidAmount},
		{"12.34 US", Money{}, ErrInvalidCurrency},
		{"12.34  USD", Money{}, ErrInvalidCurrency},
		{"", Money{}, ErrInvalidAmount},
		{"- USD", Money{}, ErrInvalidAmount},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("ParseMoney(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12.34 USD", "-0.05 usd", "1234 JPY", "1.500 KWD", "", "1 ", " USD", "-92233720368547758.08 USD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Fatalf("round trip %q -> %v -> %q -> %v, %v", s, m, m.String(), back, err)
		}
	})
}

func FuzzParseCurrency(f *testing.F) {
	for _, s := range []string{"usd", "USD", "", "u", "us$", "jpyy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCurrency(s)
		if (err == nil) != c.Valid() {
			t.Fatalf("ParseCurrency(%q) = %q, %v", s, c, err)
		}
	})
}

func FuzzMoneyArithmetic(f *testing.F) {
	f.Add(int64(1), int64(2))
	f.Add(int64(math.MaxInt64), int64(1))
	f.Add(int64(math.MinInt64), int64(-1))
	f.Fuzz(func(t *testing.T, a, b int64) {
		for _, op := range []struct {
			name  string
			fn    func(Money, Money) (Money, error)
			exact func(x, y, z *big.Int) *big.Int
		}{
			{"add", Money.Add, (*big.Int).Add},
			{"sub", Money.Sub, (*big.Int).Sub},
		} {
			got, err := op.fn(usd(a), usd(b))
			want := op.exact(new(big.Int), big.NewInt(a), big.NewInt(b))
			if fits := want.IsInt64(); (err == nil) != fits {
				t.Fatalf("%s(%d, %d): err=%v, exact result %v", op.name, a, b, err, want)
			}
			if err == nil && got.Amount != want.Int64() {
				t.Fatalf("%s(%d, %d) = %d, want %v", op.name, a, b, got.Amount, want)
			}
		}
	})
}
