package balances

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// Money is an amount in integer minor units of its currency (cents for USD,
// yen for JPY; see [Currency.Exponent]). Positive amounts are money owed to
// the account holder, as in Stripe's balance objects.
//
// The zero value is zero with no currency; it is the only Money whose
// currency may be empty, and [Money.Add] and [Money.Sub] treat it as zero of
// the other operand's currency.
type Money struct {
	Amount   int64    // minor units
	Currency Currency // lowercase ISO 4217
}

// Sentinel errors of Money arithmetic and parsing.
var (
	// ErrCurrencyMismatch is matched (errors.Is) by the error of combining
	// or comparing two amounts of different currencies. The error names the
	// operation and both currencies, e.g. `balances: add USD and EUR:
	// currency mismatch`.
	ErrCurrencyMismatch = errors.New("balances: currency mismatch")
	// ErrOverflow is returned when a result does not fit in int64.
	ErrOverflow = errors.New("balances: amount overflows int64")
	// ErrInvalidAmount is wrapped by [ParseMoney] errors.
	ErrInvalidAmount = errors.New("balances: invalid amount")
)

// IsZero reports whether m is zero (in any currency).
func (m Money) IsZero() bool { return m.Amount == 0 }

// Add returns m+o. It fails with a an error matching [ErrCurrencyMismatch] when the currencies
// differ and with [ErrOverflow] when the sum does not fit in int64.
func (m Money) Add(o Money) (Money, error) {
	c, err := m.common("add", o)
	if err != nil {
		return Money{}, err
	}
	s, ok := AddInt64(m.Amount, o.Amount)
	if !ok {
		return Money{}, fmt.Errorf("balances: add %s and %s: %w", m, o, ErrOverflow)
	}
	return Money{Amount: s, Currency: c}, nil
}

// Sub returns m-o, with the same errors as [Money.Add].
func (m Money) Sub(o Money) (Money, error) {
	c, err := m.common("sub", o)
	if err != nil {
		return Money{}, err
	}
	s, ok := SubInt64(m.Amount, o.Amount)
	if !ok {
		return Money{}, fmt.Errorf("balances: sub %s from %s: %w", o, m, ErrOverflow)
	}
	return Money{Amount: s, Currency: c}, nil
}

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o. Amounts of
// different currencies are not comparable and yield a an error matching [ErrCurrencyMismatch].
func (m Money) Cmp(o Money) (int, error) {
	if _, err := m.common("cmp", o); err != nil {
		return 0, err
	}
	switch {
	case m.Amount < o.Amount:
		return -1, nil
	case m.Amount > o.Amount:
		return 1, nil
	}
	return 0, nil
}

// Neg returns -m; it fails with [ErrOverflow] for math.MinInt64.
func (m Money) Neg() (Money, error) {
	if m.Amount == math.MinInt64 {
		return Money{}, fmt.Errorf("balances: negate %s: %w", m, ErrOverflow)
	}
	return Money{Amount: -m.Amount, Currency: m.Currency}, nil
}

func (m Money) common(op string, o Money) (Currency, error) {
	switch {
	case m.Currency == o.Currency:
		return m.Currency, nil
	case m.Currency == "" && m.Amount == 0:
		return o.Currency, nil
	case o.Currency == "" && o.Amount == 0:
		return m.Currency, nil
	}
	return "", &mismatchError{op: op, a: m.Currency, b: o.Currency}
}

// mismatchError is the error of an operation on two currencies, e.g.
// "balances: add USD and EUR: currency mismatch": the operation first and
// the condition last, as every error of the module reads. It matches
// [ErrCurrencyMismatch].
type mismatchError struct {
	op   string // "add", "sub", "cmp"
	a, b Currency
}

func (e *mismatchError) Error() string {
	return "balances: " + e.op + " " + e.a.Upper() + " and " + e.b.Upper() + ": currency mismatch"
}

func (e *mismatchError) Is(target error) bool { return target == ErrCurrencyMismatch }

// String formats m in major units with the currency's number of decimals
// and the uppercase code: "12.34 USD", "-0.05 USD", "1234 JPY",
// "1.500 KWD". A Money without currency prints its minor units: "12".
func (m Money) String() string {
	var b strings.Builder
	b.Grow(24)
	exp := 0
	if m.Currency != "" {
		exp = m.Currency.Exponent()
	}
	// Work on the magnitude as uint64 so math.MinInt64 formats correctly.
	neg := m.Amount < 0
	mag := uint64(m.Amount)
	if neg {
		mag = -mag
		b.WriteByte('-')
	}
	digits := strconv.FormatUint(mag, 10)
	if exp > 0 {
		if len(digits) <= exp {
			digits = strings.Repeat("0", exp-len(digits)+1) + digits
		}
		b.WriteString(digits[:len(digits)-exp])
		b.WriteByte('.')
		b.WriteString(digits[len(digits)-exp:])
	} else {
		b.WriteString(digits)
	}
	if m.Currency != "" {
		b.WriteByte(' ')
		b.WriteString(m.Currency.Upper())
	}
	return b.String()
}

// ParseMoney parses the format written by [Money.String]: an optional
// minus sign, major units, and exactly [Currency.Exponent] decimals (or
// none), a space, then a currency code in any case: "12.34 USD",
// "-0.05 usd", "1234 JPY", "12 USD" (= 12.00). Errors wrap
// [ErrInvalidAmount], [ErrInvalidCurrency] or [ErrOverflow].
func ParseMoney(s string) (Money, error) {
	num, cur, ok := strings.Cut(s, " ")
	if !ok {
		return Money{}, fmt.Errorf("balances: parse money %s: missing currency: %w", quote.Text(s), ErrInvalidAmount)
	}
	c, err := ParseCurrency(cur)
	if err != nil {
		return Money{}, fmt.Errorf("balances: parse money %s: %w", quote.Text(s), err)
	}
	neg := strings.HasPrefix(num, "-")
	if neg {
		num = num[1:]
	}
	whole, frac, hasDot := strings.Cut(num, ".")
	exp := c.Exponent()
	if whole == "" || !allDigits(whole) || (hasDot && (len(frac) != exp || exp == 0 || !allDigits(frac))) {
		return Money{}, fmt.Errorf("balances: parse money %s: want [-]units[.%s] CUR: %w",
			quote.Text(s), strings.Repeat("d", exp), ErrInvalidAmount)
	}
	if !hasDot {
		frac = strings.Repeat("0", exp)
	}
	u, err := strconv.ParseUint(whole+frac, 10, 64)
	if err != nil || (!neg && u > math.MaxInt64) || (neg && u > 1<<63) {
		return Money{}, fmt.Errorf("balances: parse money %s: %w", quote.Text(s), ErrOverflow)
	}
	amt := int64(u)
	if neg {
		amt = -amt // -(1<<63) wraps to MinInt64, which is the intended value
	}
	return Money{Amount: amt, Currency: c}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// AddInt64 returns a+b and whether it did not overflow. It is exported for
// packages that sum minor units in hot loops without building [Money].
func AddInt64(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

// SubInt64 returns a-b and whether it did not overflow.
func SubInt64(a, b int64) (int64, bool) {
	s := a - b
	return s, (s < a) == (b > 0)
}
