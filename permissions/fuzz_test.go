package permissions

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseSet checks that ParseList and ParseSet never panic, agree with
// each other, produce canonical output that parses back to the same set,
// and return only documented errors.
func FuzzParseSet(f *testing.F) {
	for _, s := range []string{
		"payment_method", "balances,ownership", "transactions, payment_method ,balances",
		"ownership,ownership", "", ",", "balance", "payment_method,", "\xff", strings.Repeat("a", 300),
		"BALANCES", "payment_method,balances,ownership,transactions",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, csv string) {
		s, err := ParseList(csv)
		if err != nil {
			if !errors.Is(err, ErrUnknown) && !errors.Is(err, ErrEmptySet) {
				t.Fatalf("ParseList(%q): undocumented error %v", csv, err)
			}
			if s != (Set{}) {
				t.Fatalf("ParseList(%q): non-zero set with error", csv)
			}
			if len(err.Error()) > 400 { // 64 bytes, each escaped to at most 4 by %q, plus text
				t.Fatalf("error string unbounded: %d bytes", len(err.Error()))
			}
			return
		}
		if s.Len() < 1 || s.Len() > 4 {
			t.Fatalf("ParseList(%q): Len %d", csv, s.Len())
		}
		back, err := ParseList(s.String())
		if err != nil || back != s {
			t.Fatalf("round trip of %q: %q, %v", s, back, err)
		}
		names := strings.Split(csv, ",")
		for i := range names {
			names[i] = strings.Trim(names[i], " \t")
		}
		s2, err := ParseSet(names...)
		if err != nil || s2 != s {
			t.Fatalf("ParseSet(%q) = %q, %v; ParseList gave %q", names, s2, err, s)
		}
		if len(s.StripeParams()) != s.Len() {
			t.Fatalf("StripeParams length mismatch")
		}
	})
}
