package fincon_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fincon"
)

// TestEnumsParse: every defined value parses back to itself and is Valid;
// unknown names fail with a typed error.
func TestEnumsParse(t *testing.T) {
	t.Parallel()
	type enum struct {
		kind  string
		good  []string
		parse func(string) (string, bool, error)
	}
	wrap := func(f func(string) (string, error), valid func(string) bool) func(string) (string, bool, error) {
		return func(s string) (string, bool, error) { v, err := f(s); return v, valid(s), err }
	}
	enums := []enum{
		{"category", []string{"cash", "credit", "investment", "other"}, wrap(
			func(s string) (string, error) { v, err := fincon.ParseCategory(s); return string(v), err },
			func(s string) bool { return fincon.Category(s).Valid() })},
		{"subcategory", []string{"checking", "savings", "mortgage", "line_of_credit", "credit_card", "other"}, wrap(
			func(s string) (string, error) { v, err := fincon.ParseSubcategory(s); return string(v), err },
			func(s string) bool { return fincon.Subcategory(s).Valid() })},
		{"account status", []string{"active", "inactive", "disconnected"}, wrap(
			func(s string) (string, error) { v, err := fincon.ParseAccountStatus(s); return string(v), err },
			func(s string) bool { return fincon.AccountStatus(s).Valid() })},
		{"refresh status", []string{"", "pending", "succeeded", "failed"}, wrap(
			func(s string) (string, error) { v, err := fincon.ParseRefreshStatus(s); return string(v), err },
			func(s string) bool { return fincon.RefreshStatus(s).Valid() })},
		{"holder type", []string{"customer", "account"}, wrap(
			func(s string) (string, error) { v, err := fincon.ParseHolderType(s); return string(v), err },
			func(s string) bool { return fincon.HolderType(s).Valid() })},
		{"payment status", []string{"requires_payment_method", "requires_confirmation", "requires_action",
			"processing", "requires_capture", "canceled", "succeeded"}, wrap(
			func(s string) (string, error) { v, err := fincon.ParsePaymentStatus(s); return string(v), err },
			func(s string) bool { return fincon.PaymentStatus(s).Valid() })},
	}
	for _, e := range enums {
		t.Run(e.kind, func(t *testing.T) {
			for _, s := range e.good {
				v, valid, err := e.parse(s)
				if err != nil || v != s || !valid {
					t.Errorf("%q: parse = %q, %v; valid %v", s, v, err, valid)
				}
			}
			for _, s := range []string{"CASH", "unknown", " active", "pending\x00", "succeeded "} {
				v, valid, err := e.parse(s)
				// The error names the kind and quotes the name.
				want := "fincon: unknown " + e.kind + " " + strconv.Quote(s)
				if !errors.Is(err, fincon.ErrUnknownValue) || err.Error() != want || v != "" || valid {
					t.Errorf("%q: parse = %q, %v; valid %v; want ErrUnknownValue: %s", s, v, err, valid, want)
				}
			}
		})
	}
}

// TestSubcategoryValidVsFilter: other is a subcategory but not a filter.
func TestSubcategoryValidVsFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s                  fincon.Subcategory
		valid, validFilter bool
	}{
		{fincon.SubcategoryChecking, true, true},
		{fincon.SubcategoryCreditCard, true, true},
		{fincon.SubcategoryOther, true, false},
		{"loan", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := tt.s.Valid(); got != tt.valid {
			t.Errorf("%q.Valid() = %v, want %v", tt.s, got, tt.valid)
		}
		if got := tt.s.ValidFilter(); got != tt.validFilter {
			t.Errorf("%q.ValidFilter() = %v, want %v", tt.s, got, tt.validFilter)
		}
	}
}

// FuzzParseEnums: a Parse function accepts exactly the values Valid
// accepts, returns them unchanged, and fails with ErrUnknownValue naming
// the kind otherwise.
func FuzzParseEnums(f *testing.F) {
	// The last seed is what a minute of fuzzing found: quoting invalid
	// UTF-8 makes each byte four characters, past a cap counted in bytes
	// before quoting (issue 10 §9).
	for _, s := range []string{"", "cash", "other", "checking", "active", "pending", "customer", "succeeded", "CASH", "\xff", "requires_action ",
		"000000\"" + strings.Repeat("\xf7", 20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(kind string, v string, valid bool, err error) {
			switch {
			case valid && (err != nil || v != s):
				t.Fatalf("%s %q: valid but parse = %q, %v", kind, s, v, err)
			case !valid && (!errors.Is(err, fincon.ErrUnknownValue) || !strings.HasPrefix(err.Error(), "fincon: unknown "+kind+" ") || v != ""):
				t.Fatalf("%s %q: invalid but parse = %q, %v", kind, s, v, err)
			}
		}
		v1, err := fincon.ParseCategory(s)
		check("category", string(v1), fincon.Category(s).Valid(), err)
		v2, err := fincon.ParseSubcategory(s)
		check("subcategory", string(v2), fincon.Subcategory(s).Valid(), err)
		v3, err := fincon.ParseAccountStatus(s)
		check("account status", string(v3), fincon.AccountStatus(s).Valid(), err)
		v4, err := fincon.ParseRefreshStatus(s)
		check("refresh status", string(v4), fincon.RefreshStatus(s).Valid(), err)
		v5, err := fincon.ParseHolderType(s)
		check("holder type", string(v5), fincon.HolderType(s).Valid(), err)
		v6, err := fincon.ParsePaymentStatus(s)
		check("payment status", string(v6), fincon.PaymentStatus(s).Valid(), err)
		if err != nil && len(err.Error()) > 120 {
			t.Fatalf("error text too long: %d", len(err.Error()))
		}
	})
}
