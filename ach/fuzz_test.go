package ach

import (
	"errors"
	"strings"
	"testing"
)

// FuzzValidateRoutingNumber checks that ValidateRoutingNumber never panics,
// returns only ErrInvalidRoutingNumber with a bounded message, and agrees with
// an independent statement of the rules.
func FuzzValidateRoutingNumber(f *testing.F) {
	for _, s := range []string{TestRoutingNumber, "011000015", "021000021", "322271627", "110000001", "000000000",
		"", "12345678", "1234567890", "11000000x", "\x00\x00\x00\x00\x00\x00\x00\x00\x00", strings.Repeat("1", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateRoutingNumber(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "ach: invalid routing number ") || !errors.Is(err, ErrInvalidRoutingNumber) {
				t.Fatalf("undocumented error %v", err)
			}
			if len(err.Error()) > 300 { // 32 bytes, each escaped to at most 4 by %q, plus text
				t.Fatalf("error unbounded: %d bytes", len(err.Error()))
			}
		}
		want := len(s) == 9 && s != "000000000"
		sum := 0
		for i := 0; want && i < 9; i++ {
			if s[i] < '0' || s[i] > '9' {
				want = false
				break
			}
			sum += []int{3, 7, 1}[i%3] * int(s[i]-'0')
		}
		if want {
			p := int(s[0]-'0')*10 + int(s[1]-'0')
			want = sum%10 == 0 && (p <= 12 || (21 <= p && p <= 32) || (61 <= p && p <= 72) || p == 80)
		}
		if (err == nil) != want {
			t.Fatalf("ValidateRoutingNumber(%q) = %v, want ok=%v", s, err, want)
		}
	})
}

// FuzzParseAmount checks that ParseAmount never panics, never returns a
// negative amount, returns only ErrInvalidAmount, and that a parsed amount
// formats back to text that parses to the same value.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12.34", "12.3", "12", "0", "0.01", "999999.99", "92233720368547758.07", "92233720368547758.08",
		"", ".", "-1", "1e5", "$1", "01", "1.234", " 1", "1.", ".1", "\xff", strings.Repeat("9", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseAmount(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "ach: invalid amount ") || !errors.Is(err, ErrInvalidAmount) || n != 0 {
				t.Fatalf("ParseAmount(%q) = %d, %v", s, n, err)
			}
			if len(err.Error()) > 300 { // 32 bytes, each escaped to at most 4 by %q, plus text
				t.Fatalf("error unbounded: %d bytes", len(err.Error()))
			}
			return
		}
		if n < 0 {
			t.Fatalf("ParseAmount(%q) = %d", s, n)
		}
		text := FormatAmount(n)
		back, err := ParseAmount(text)
		if err != nil || back != n {
			t.Fatalf("round trip %q -> %d -> %q -> %d, %v", s, n, text, back, err)
		}
		// Canonical inputs (two decimals) survive unchanged.
		if strings.Count(s, ".") == 1 && len(s)-strings.IndexByte(s, '.') == 3 && text != s {
			t.Fatalf("FormatAmount(ParseAmount(%q)) = %q", s, text)
		}
	})
}

// FuzzValidateAccountNumber checks that ValidateAccountNumber never panics
// and never echoes its input.
func FuzzValidateAccountNumber(f *testing.F) {
	for _, s := range []string{TestAccountNumberSuccess, "1234", "123", "12345678901234567890", "12a4", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateAccountNumber(s)
		if err == nil {
			return
		}
		if !errors.Is(err, ErrInvalidAccountNumber) {
			t.Fatalf("undocumented error %v", err)
		}
		if len(s) >= 4 && strings.Contains(err.Error(), s) {
			t.Fatalf("error echoes input %q: %v", s, err)
		}
	})
}
