package ownership

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidPhone is wrapped by the error of NormalizePhone for input that
// is not a usable phone number. The error adds a short fixed reason, such
// as `ownership: invalid phone number: too few digits`; it never contains
// the number itself.
var ErrInvalidPhone = errors.New("ownership: invalid phone number")

// invalidPhone returns ErrInvalidPhone wrapped with a fixed reason.
func invalidPhone(reason string) error { return fmt.Errorf("%w: %s", ErrInvalidPhone, reason) }

// NormalizePhone converts a phone number to E.164 ("+14155550123").
//
// Separators (spaces, dots, dashes, parentheses, slashes) are ignored and a
// leading "tel:" is removed. An extension ("x123", "ext. 123", ";ext=123",
// "#123") ends the number and is dropped. Numbers without a country code
// are taken as North American (NANP, country code 1): ten digits, or
// eleven starting with 1. A "+", "00" or "011" prefix introduces an
// international number of 8 to 15 digits; +1 numbers are checked against
// the NANP rules too (area code and exchange may not start with 0 or 1).
// Letters ("1-800-FLOWERS") are not translated: they end the number like an
// extension, which leaves too few digits.
//
// The error wraps ErrInvalidPhone. NormalizePhone is
// idempotent on its own output.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = s[4:]
	}
	var digits [32]byte
	n := 0
	plus := false
	seenDigit := false
loop:
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return "", invalidPhone("too many digits")
			}
			digits[n] = c
			n++
			seenDigit = true
		case c == '+':
			if seenDigit || plus {
				if seenDigit {
					break loop // "+1 555 0100 + …": trailing junk
				}
				return "", invalidPhone("misplaced +")
			}
			plus = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t':
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0xa0: // UTF-8 no-break space
			i++
		default:
			if !seenDigit {
				return "", invalidPhone("unexpected character")
			}
			break loop // extension or trailing text
		}
	}
	d := string(digits[:n])
	if n == 0 {
		return "", invalidPhone("no digits")
	}
	if !plus {
		switch {
		case strings.HasPrefix(d, "011"):
			plus, d = true, d[3:]
		case strings.HasPrefix(d, "00"):
			plus, d = true, d[2:]
		}
	}
	if plus {
		if len(d) < 8 {
			return "", invalidPhone("too few digits")
		}
		if len(d) > 15 {
			return "", invalidPhone("too many digits")
		}
		if d[0] == '0' {
			return "", invalidPhone("country code cannot start with 0")
		}
		if d[0] == '1' {
			if err := checkNANP(d[1:]); err != nil {
				return "", err
			}
		}
		return "+" + d, nil
	}
	switch {
	case len(d) == 11 && d[0] == '1':
		d = d[1:]
	case len(d) < 10:
		return "", invalidPhone("too few digits")
	case len(d) > 10:
		return "", invalidPhone("too many digits")
	}
	if err := checkNANP(d); err != nil {
		return "", err
	}
	return "+1" + d, nil
}

// checkNANP checks a ten-digit North American national number.
func checkNANP(d string) error {
	if len(d) != 10 {
		return invalidPhone("north american numbers have 10 digits")
	}
	if d[0] < '2' {
		return invalidPhone("area code cannot start with 0 or 1")
	}
	if d[3] < '2' {
		return invalidPhone("exchange cannot start with 0 or 1")
	}
	return nil
}

// comparePhones scores two E.164 numbers.
func comparePhones(a, b string) (int, string) {
	switch {
	case a == b:
		return 100, ReasonExact
	case len(a) >= 8 && len(b) >= 8 && a[len(a)-7:] == b[len(b)-7:]:
		// Same subscriber number, different area or country code.
		return 40, ReasonPartial
	}
	return 0, ReasonDifferent
}
