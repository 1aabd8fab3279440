package safety_test

import (
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

// TestQuotedInputIsBounded is the kind of issue 10 §9: every error that
// quotes caller or server input bounds the quoted text after escaping. The
// inputs are long, or short but made of bytes whose escapes are four times
// their size (what fuzzing FuzzParseEnums found: six zeros, a quote, then
// 0xF7 bytes).
func TestQuotedInputIsBounded(t *testing.T) {
	t.Parallel()
	const maxLen = 160 // the longest fixed wording plus a 64-byte quote
	inputs := []string{
		"000000\"" + strings.Repeat("\xf7", 20),
		strings.Repeat("\xf7", 4096),
		strings.Repeat("\n\t\x00", 1000),
		strings.Repeat("é", 1000),
		strings.Repeat("a", 10000),
	}
	parsers := map[string]func(string) error{
		"ach.ParseAmount":                  func(s string) error { _, err := ach.ParseAmount(s); return err },
		"ach.ValidateAmount currency":      func(s string) error { return ach.ValidateAmount(100, s) },
		"ach.ParseReturnCode":              func(s string) error { _, err := ach.ParseReturnCode(s); return err },
		"ach.ParseVerificationMethod":      func(s string) error { _, err := ach.ParseVerificationMethod(s); return err },
		"ach.ValidateRoutingNumber":        ach.ValidateRoutingNumber,
		"permissions.Parse":                func(s string) error { _, err := permissions.Parse(s); return err },
		"permissions.ParseRefreshFeature":  func(s string) error { _, err := permissions.ParseRefreshFeature(s); return err },
		"permissions.ParsePrefetchFeature": func(s string) error { _, err := permissions.ParsePrefetchFeature(s); return err },
		"permissions.ParseUseCase":         func(s string) error { _, err := permissions.ParseUseCase(s); return err },
		"balances.ParseCurrency":           func(s string) error { _, err := balances.ParseCurrency(s); return err },
		"balances.ParseMoney":              func(s string) error { _, err := balances.ParseMoney(s); return err },
		"balances.ParseMoney with unit":    func(s string) error { _, err := balances.ParseMoney(s + " USD"); return err },
		"balances.ParseType":               func(s string) error { _, err := balances.ParseType(s); return err },
		"transactions.ParseStatus":         func(s string) error { _, err := transactions.ParseStatus(s); return err },
		"ownership.ParseVerdict":           func(s string) error { _, err := ownership.ParseVerdict(s); return err },
		"fincon.ParseCategory":             func(s string) error { _, err := fincon.ParseCategory(s); return err },
		"fincon.ParsePaymentStatus":        func(s string) error { _, err := fincon.ParsePaymentStatus(s); return err },
		"fincon.ParseMandateStatus":        func(s string) error { _, err := fincon.ParseMandateStatus(s); return err },
	}
	for name, parse := range parsers {
		for _, in := range inputs {
			err := parse(in)
			if err == nil {
				t.Errorf("%s(%.20q…) accepted", name, in)
				continue
			}
			if n := len(err.Error()); n > maxLen {
				t.Errorf("%s(%.20q…): error text is %d bytes, want at most %d: %.200s", name, in, n, maxLen, err)
			}
		}
	}
}
