package balances

import (
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// Currency is a three-letter ISO 4217 currency code in lowercase, as Stripe
// sends it ("usd"). The zero value is not a valid currency.
type Currency string

// Currencies commonly seen on Financial Connections accounts and in tests.
const (
	USD Currency = "usd"
	CAD Currency = "cad"
	EUR Currency = "eur"
	GBP Currency = "gbp"
	JPY Currency = "jpy"
)

// ErrInvalidCurrency is wrapped by every error about a malformed currency
// code. The error quotes the code, cut to 16 bytes, e.g.
// `balances: invalid currency "us"`.
var ErrInvalidCurrency = errors.New("balances: invalid currency")

// invalidCurrency returns the error for s, a code that is not three ASCII
// letters.
func invalidCurrency(s string) error {
	return fmt.Errorf("%w %s", ErrInvalidCurrency, quote.Text(quote.Cut(s, 16)))
}

// Valid reports whether c is three lowercase ASCII letters. It does not check
// c against the ISO 4217 list: Stripe adds currencies over time.
func (c Currency) Valid() bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'a' || c[i] > 'z' {
			return false
		}
	}
	return true
}

// ParseCurrency accepts a three-letter code in any case ("USD", "usd") and
// returns it in lowercase. Anything else is an error matching
// [ErrInvalidCurrency].
func ParseCurrency(s string) (Currency, error) {
	if c := Currency(s); c.Valid() {
		return c, nil // already canonical: no copy
	}
	if len(s) != 3 {
		return "", invalidCurrency(s)
	}
	var b [3]byte
	for i := 0; i < 3; i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z':
		case ch >= 'A' && ch <= 'Z':
			ch += 'a' - 'A'
		default:
			return "", invalidCurrency(s)
		}
		b[i] = ch
	}
	return Currency(b[:]), nil
}

// Exponent returns the number of decimal digits of the currency's minor
// unit as Stripe counts it: 0 for zero-decimal currencies such as JPY and
// KRW, 3 for BHD, JOD, KWD, OMR and TND, and 2 for everything else.
func (c Currency) Exponent() int {
	switch c {
	case "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg",
		"rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf":
		return 0
	case "bhd", "jod", "kwd", "omr", "tnd":
		return 3
	}
	return 2
}

// Upper returns the code in uppercase, as used by [Money.String].
func (c Currency) Upper() string {
	b := []byte(c)
	for i, ch := range b {
		if ch >= 'a' && ch <= 'z' {
			b[i] = ch - ('a' - 'A')
		}
	}
	return string(b)
}
