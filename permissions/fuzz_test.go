package permissions

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseSet checks that ParseList and ParseSet never panic, agree with
// each other, produce canonical output that parses back to the same set,
// and return only documented errors; and that the single-name parsers
// (Parse, the three feature parsers, ParseUseCase) do the same for the
// whole input and for each of its comma-separated names.
func FuzzParseSet(f *testing.F) {
	for _, s := range []string{
		"payment_method", "balances,ownership", "transactions, payment_method ,balances",
		"ownership,ownership", "", ",", "balance", "payment_method,", "\xff", strings.Repeat("a", 300),
		"BALANCES", "payment_method,balances,ownership,transactions",
		"ach_debit", "ach_debit_nsf,connect_payouts", "data_products", "fraud_ownership", "ACH_DEBIT",
		"transactions,balance,ownership", "transaction", "ach_debit\x00", strings.Repeat("é", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, csv string) {
		checkNameParsers(t, csv)
		for name := range strings.SplitSeq(csv, ",") {
			checkNameParsers(t, name)
		}
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

// checkNameParsers runs every single-name parser on s: each either returns
// a valid value spelled s, or an error matching ErrUnknown whose bounded
// message names its kind and s, at most truncated.
func checkNameParsers(t *testing.T, s string) {
	t.Helper()
	check := func(kind string, v interface {
		Valid() bool
		String() string
	}, err error) {
		t.Helper()
		if err == nil {
			if !v.Valid() || v.String() != s {
				t.Fatalf("%s %q parsed to %q (valid %v)", kind, s, v.String(), v.Valid())
			}
			return
		}
		if !isUnknown(err, kind, s) {
			t.Fatalf("%s %q: error %v, want an unknown %s", kind, s, err, kind)
		}
		if v.String() != "" {
			t.Fatalf("%s %q: value %q with an error", kind, s, v.String())
		}
		if len(err.Error()) > 400 {
			t.Fatalf("%s: error string unbounded: %d bytes", kind, len(err.Error()))
		}
	}
	p, err := Parse(s)
	check(kindPermission, p, err)
	pf, err := ParsePrefetchFeature(s)
	check(kindPrefetchFeature, pf, err)
	if err == nil && !pf.Permission().Valid() {
		t.Fatalf("prefetch feature %q needs invalid permission %q", pf, pf.Permission())
	}
	rf, err := ParseRefreshFeature(s)
	check(kindRefreshFeature, rf, err)
	if err == nil && !rf.Permission().Valid() {
		t.Fatalf("refresh feature %q needs invalid permission %q", rf, rf.Permission())
	}
	sf, err := ParseSubscriptionFeature(s)
	check(kindSubscriptionFeature, sf, err)
	if err == nil {
		if !sf.Permission().Valid() || len(SubscriptionParams(sf)) != 1 {
			t.Fatalf("subscription feature %q: permission %q, params %d", sf, sf.Permission(), len(SubscriptionParams(sf)))
		}
	}
	u, err := ParseUseCase(s)
	check(kindUseCase, u, err)
	rec, rerr := Recommend(UseCase(s))
	if (err == nil) != (rerr == nil) {
		t.Fatalf("ParseUseCase(%q) error %v but Recommend error %v", s, err, rerr)
	}
	if rerr == nil {
		if rec.Permissions.Validate() != nil || rec.Why == "" {
			t.Fatalf("Recommend(%q) = %+v: empty permissions or reason", s, rec)
		}
		if err := ValidatePrefetch(rec.Permissions, rec.Prefetch...); err != nil {
			t.Fatalf("Recommend(%q) prefetches beyond its permissions: %v", s, err)
		}
	}
}
