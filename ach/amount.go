package ach

import (
	"fmt"
	"math"
	"strconv"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// Amount limits for USD charges, in cents.
const (
	// MinAmount is Stripe's minimum charge amount for USD: $0.50.
	MinAmount int64 = 50
	// MaxAmount is Stripe's maximum amount value: the amount field allows
	// up to eight digits, so $999,999.99 for USD. Your account may have a
	// lower ACH limit.
	MaxAmount int64 = 99_999_999
)

// Currency is the only currency ACH Direct Debit accepts, written as
// Stripe's API expects it: lowercase.
const Currency = "usd"

// ParseAmount parses a US dollar amount written as decimal dollars and
// returns it in cents: "12.34" → 1234, "12.3" → 1230, "12" → 1200,
// "0.5" → 50.
//
// The syntax is strict: one or more ASCII digits, with no leading zero
// unless the whole part is "0", optionally followed by "." and one or two
// digits. Signs, "$", thousands separators, spaces, exponents, a bare or
// trailing "." and more than two decimal places are rejected, as are
// values that overflow int64 cents. Errors match ErrInvalidAmount and say
// what is wrong with the (quoted, bounded) input, e.g. `ach: invalid
// amount "12.345": more than 2 decimal places`.
//
// ParseAmount checks syntax only: "0" parses to 0. Use ValidateAmount for
// the limits Stripe enforces. FormatAmount is its inverse.
func ParseAmount(s string) (int64, error) {
	bad := func(problem string) (int64, error) {
		return 0, fmt.Errorf("%w %s: %s", ErrInvalidAmount, quote.Text(quote.Cut(s, maxInputInError)), problem)
	}
	if s == "" {
		return bad("empty")
	}
	whole, frac := s, ""
	for i := range len(s) {
		if s[i] == '.' {
			whole, frac = s[:i], s[i+1:]
			if frac == "" {
				return bad("no digits after the decimal point")
			}
			break
		}
	}
	if whole == "" {
		return bad("no digits before the decimal point")
	}
	if !allDigits(whole) || !allDigits(frac) {
		return bad("not a plain decimal number of dollars")
	}
	if len(whole) > 1 && whole[0] == '0' {
		return bad("leading zero")
	}
	if len(frac) > 2 {
		return bad("more than 2 decimal places")
	}
	dollars, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || dollars > math.MaxInt64/100 {
		return bad("too large")
	}
	var cents int64
	for i := range 2 {
		cents *= 10
		if i < len(frac) {
			cents += int64(frac[i] - '0')
		}
	}
	total := dollars*100 + cents
	if total < 0 {
		return bad("too large")
	}
	return total, nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatAmount formats cents as decimal dollars with exactly two decimal
// places, "1234" → "12.34", the form ParseAmount reads. Negative amounts
// get a leading "-", which ParseAmount rejects.
func FormatAmount(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign = "-"
		u = -u
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// ValidateAmount checks an ACH debit amount in cents and its currency:
//
//   - currency must be exactly "usd" (lowercase, as Stripe's API expects;
//     "USD" is rejected rather than silently rewritten), otherwise the
//     error matches ErrUnsupportedCurrency;
//   - amount must be positive, at least MinAmount and at most MaxAmount,
//     otherwise the error matches ErrInvalidAmount and names the amount
//     and the limit, e.g. `ach: invalid amount of 100000000 cents: above
//     the maximum of 99999999 cents`.
//
// The currency is checked first. For an amount held as balances.Money, as
// the rest of the SDK holds amounts, use Money.ValidateACH (package
// balances), which applies these rules.
func ValidateAmount(amount int64, currency string) error {
	if currency != Currency {
		return fmt.Errorf("%w %s: ach debits take %q only (lowercase)", ErrUnsupportedCurrency, quote.Text(currency), Currency)
	}
	bad := func(problem string) error {
		return fmt.Errorf("%w of %d cents: %s", ErrInvalidAmount, amount, problem)
	}
	switch {
	case amount <= 0:
		return bad("must be positive")
	case amount < MinAmount:
		return bad(fmt.Sprintf("below the minimum of %d cents", MinAmount))
	case amount > MaxAmount:
		return bad(fmt.Sprintf("above the maximum of %d cents", MaxAmount))
	}
	return nil
}
