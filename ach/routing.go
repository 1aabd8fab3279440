package ach

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// ValidateRoutingNumber checks an ABA routing transit number:
//
//   - exactly 9 ASCII digits (no spaces, dashes or other characters);
//   - the first two digits in a range the ABA assigns: 00 (US
//     government), 01–12 (Federal Reserve districts), 21–32 (thrift
//     institutions), 61–72 (electronic transactions) or 80 (traveler's
//     checks);
//   - not all zeros;
//   - the ABA checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) is a
//     multiple of 10.
//
// It returns nil or an error matching ErrInvalidRoutingNumber that quotes
// the input (cut to 32 bytes: routing numbers identify banks and are
// public) and says what is wrong, e.g. `ach: invalid routing number
// "110000001": checksum mismatch`. Passing it does not prove that
// the number belongs to a bank that accepts ACH. TestRoutingNumber passes.
func ValidateRoutingNumber(s string) error {
	bad := func(problem string) error {
		return fmt.Errorf("%w %s: %s", ErrInvalidRoutingNumber, quote.Text(quote.Cut(s, maxInputInError)), problem)
	}
	if len(s) != 9 {
		return bad("must be 9 digits")
	}
	var d [9]int
	for i := range 9 {
		c := s[i]
		if c < '0' || c > '9' {
			return bad("must be 9 digits")
		}
		d[i] = int(c - '0')
	}
	switch p := d[0]*10 + d[1]; {
	case p <= 12, p >= 21 && p <= 32, p >= 61 && p <= 72, p == 80:
	default:
		return bad(fmt.Sprintf("prefix %02d is not an assigned range", p))
	}
	if s == "000000000" {
		return bad("all zeros")
	}
	sum := 3*(d[0]+d[3]+d[6]) + 7*(d[1]+d[4]+d[7]) + (d[2] + d[5] + d[8])
	if sum%10 != 0 {
		return bad("checksum mismatch")
	}
	return nil
}

// ValidateAccountNumber checks the shape of a US bank account number: 4 to
// 17 ASCII digits. It returns nil or an error matching
// ErrInvalidAccountNumber that never contains the input. It cannot tell
// whether the account exists.
func ValidateAccountNumber(s string) error {
	if len(s) < 4 || len(s) > 17 {
		return fmt.Errorf("%w: must be 4 to 17 digits", ErrInvalidAccountNumber)
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Errorf("%w: must contain only digits", ErrInvalidAccountNumber)
		}
	}
	return nil
}
