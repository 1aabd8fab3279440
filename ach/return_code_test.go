package ach

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// TestReturnCodeRules pins each code's rules to the table in the ReturnCode
// documentation (NACHA 2.12.4 for re-presentment, Stripe's blocked bank
// accounts for stopping debits).
func TestReturnCodeRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code       ReturnCode
		meaning    string
		represent  bool
		stopDebits bool
		stripeCode stripe.ErrorCode
	}{
		{R01, "insufficient funds", true, false, "insufficient_funds"},
		{R02, "account closed", false, true, "account_closed"},
		{R03, "no account or unable to locate account", false, true, "no_account"},
		{R04, "invalid account number structure", false, true, "account_number_invalid"},
		{R05, "unauthorized debit to a consumer account using a corporate SEC code", false, true, "debit_not_authorized"},
		{R07, "authorization revoked by the customer", false, true, "debit_not_authorized"},
		{R08, "payment stopped", false, true, "debit_not_authorized"},
		{R09, "uncollected funds", true, false, "insufficient_funds"},
		{R10, "customer advises the originator is not known or not authorized", false, true, "debit_not_authorized"},
		{R11, "customer advises the entry is not in accordance with the authorization", false, true, "debit_not_authorized"},
		{R16, "account frozen", false, true, "bank_account_restricted"},
		{R20, "non-transaction account", false, true, "bank_account_restricted"},
		{R29, "corporate customer advises not authorized", false, true, "debit_not_authorized"},
		{R31, "permissible return entry (CCD and CTX only)", false, true, "debit_not_authorized"},
		// Not codes: every rule is false or empty.
		{"", "", false, false, ""},
		{"R06", "", false, false, ""},
		{"r01", "", false, false, ""},
		{"R1", "", false, false, ""},
	}
	if got, want := len(ReturnCodes()), 14; got != want {
		t.Fatalf("ReturnCodes() has %d codes, want %d", got, want)
	}
	for _, tt := range tests {
		valid := tt.meaning != ""
		if got := tt.code.Valid(); got != valid {
			t.Errorf("%q.Valid() = %v, want %v", tt.code, got, valid)
		}
		if got := tt.code.Meaning(); got != tt.meaning {
			t.Errorf("%q.Meaning() = %q, want %q", tt.code, got, tt.meaning)
		}
		if got := tt.code.MayRepresent(); got != tt.represent {
			t.Errorf("%q.MayRepresent() = %v, want %v", tt.code, got, tt.represent)
		}
		if got := tt.code.StopDebits(); got != tt.stopDebits {
			t.Errorf("%q.StopDebits() = %v, want %v", tt.code, got, tt.stopDebits)
		}
		if got := tt.code.StripeErrorCode(); got != tt.stripeCode {
			t.Errorf("%q.StripeErrorCode() = %q, want %q", tt.code, got, tt.stripeCode)
		}
		if valid && tt.represent == tt.stopDebits {
			t.Errorf("%s: a code that may be re-presented never stops debits, and the reverse", tt.code)
		}
		c, err := ParseReturnCode(string(tt.code))
		if valid && (err != nil || c != tt.code) {
			t.Errorf("ParseReturnCode(%q) = %q, %v", tt.code, c, err)
		}
		if !valid && !errors.Is(err, ErrUnknownReturnCode) {
			t.Errorf("ParseReturnCode(%q) error %v, want ErrUnknownReturnCode", tt.code, err)
		}
	}
	for _, c := range ReturnCodes() {
		if !c.Valid() {
			t.Errorf("ReturnCodes() lists invalid %q", c)
		}
	}
}

func TestCheckRepresentment(t *testing.T) {
	t.Parallel()
	settled := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name    string
		code    ReturnCode
		prior   int
		settled time.Time
		at      time.Time
		want    error
	}{
		{"R01 first", R01, 0, settled, settled.Add(3 * day), nil},
		{"R09 second", R09, 1, settled, settled.Add(30 * day), nil},
		{"R01 at the window's end", R01, 1, settled, settled.Add(RepresentmentWindow), nil},
		{"R01 third", R01, 2, settled, settled.Add(3 * day), ErrRepresentmentLimit},
		{"negative prior", R01, -1, settled, settled.Add(3 * day), ErrRepresentmentLimit},
		{"R01 after 180 days", R01, 0, settled, settled.Add(RepresentmentWindow + time.Second), ErrRepresentmentWindow},
		{"before settlement", R01, 0, settled, settled.Add(-time.Second), ErrRepresentmentWindow},
		{"unknown settlement", R01, 0, time.Time{}, settled, ErrRepresentmentWindow},
		{"R02", R02, 0, settled, settled.Add(day), ErrNotRepresentable},
		{"R10", R10, 0, settled, settled.Add(day), ErrNotRepresentable},
		{"invalid", "R99", 0, settled, settled.Add(day), ErrNotRepresentable},
	}
	for _, tt := range tests {
		err := tt.code.CheckRepresentment(tt.prior, tt.settled, tt.at)
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v, want nil", tt.name, err)
			}
			continue
		}
		// The error names the code and the prior re-presentments.
		if !errors.Is(err, tt.want) || !strings.HasSuffix(err.Error(), fmt.Sprintf(" (return %s, %d prior re-presentments)", tt.code, tt.prior)) {
			t.Errorf("%s: %v, want %v naming return %s and %d prior", tt.name, err, tt.want, tt.code, tt.prior)
		}
	}
	// Every code: only R01 and R09 pass the first re-presentment.
	for _, c := range ReturnCodes() {
		err := c.CheckRepresentment(0, settled, settled.Add(day))
		if (err == nil) != c.MayRepresent() {
			t.Errorf("%s: CheckRepresentment %v, MayRepresent %v", c, err, c.MayRepresent())
		}
	}
}

func TestReturnFromStripe(t *testing.T) {
	t.Parallel()
	blockedPM := func(code stripe.PaymentMethodUSBankAccountStatusDetailsBlockedNetworkCode) *stripe.PaymentMethod {
		return &stripe.PaymentMethod{USBankAccount: &stripe.PaymentMethodUSBankAccount{
			StatusDetails: &stripe.PaymentMethodUSBankAccountStatusDetails{
				Blocked: &stripe.PaymentMethodUSBankAccountStatusDetailsBlocked{NetworkCode: code},
			},
		}}
	}
	tests := []struct {
		name string
		pi   *stripe.PaymentIntent
		want Return
		ok   bool
	}{
		{"nil", nil, Return{}, false},
		{"no failure", &stripe.PaymentIntent{}, Return{}, false},
		{"not a return", &stripe.PaymentIntent{LastPaymentError: &stripe.Error{Code: "payment_intent_unexpected_state"}}, Return{}, false},
		{"insufficient funds", &stripe.PaymentIntent{LastPaymentError: &stripe.Error{Code: "insufficient_funds"}},
			Return{Code: R01, StripeCode: "insufficient_funds"}, true},
		{"account closed", &stripe.PaymentIntent{LastPaymentError: &stripe.Error{Code: "account_closed"}},
			Return{Code: R02, StripeCode: "account_closed"}, true},
		{"not authorized, inexact", &stripe.PaymentIntent{LastPaymentError: &stripe.Error{Code: "debit_not_authorized"}},
			Return{Code: R10, StripeCode: "debit_not_authorized"}, true},
		{"not authorized, blocked R07", &stripe.PaymentIntent{LastPaymentError: &stripe.Error{Code: "debit_not_authorized", PaymentMethod: blockedPM("R07")}},
			Return{Code: R07, Exact: true, StripeCode: "debit_not_authorized"}, true},
		{"blocked with an unknown network code", &stripe.PaymentIntent{LastPaymentError: &stripe.Error{Code: "bank_account_restricted", PaymentMethod: blockedPM("R99")}},
			Return{Code: R20, StripeCode: "bank_account_restricted"}, true},
		{"charge outcome wins", &stripe.PaymentIntent{
			LastPaymentError: &stripe.Error{Code: "insufficient_funds"},
			LatestCharge:     &stripe.Charge{FailureCode: "insufficient_funds", Outcome: &stripe.ChargeOutcome{NetworkDeclineCode: "R09"}},
		}, Return{Code: R09, Exact: true, StripeCode: "insufficient_funds"}, true},
		{"charge failure code", &stripe.PaymentIntent{LatestCharge: &stripe.Charge{FailureCode: "no_account", Outcome: &stripe.ChargeOutcome{}}},
			Return{Code: R03, StripeCode: "no_account"}, true},
		{"unexpanded charge falls back to the error", &stripe.PaymentIntent{
			LatestCharge: &stripe.Charge{ID: "py_1"}, LastPaymentError: &stripe.Error{Code: "insufficient_funds"},
		}, Return{Code: R01, StripeCode: "insufficient_funds"}, true},
	}
	for _, tt := range tests {
		got, ok := ReturnFromPaymentIntent(tt.pi)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: ReturnFromPaymentIntent = %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	// Every Stripe code a ReturnCode reports reads back as a code with the
	// same rules.
	for _, c := range ReturnCodes() {
		r, ok := ReturnFromStripeCode(string(c.StripeErrorCode()))
		if !ok || r.MayRepresent() != c.MayRepresent() || r.StopDebits() != c.StopDebits() || r.Exact {
			t.Errorf("%s: its Stripe code %q reads as %+v, %v", c, c.StripeErrorCode(), r, ok)
		}
	}
	if got := (Return{Code: R01}).String(); got != "R01 (insufficient funds)" {
		t.Errorf("String() = %q", got)
	}
	if got := (Return{}).String(); got != "unknown return" {
		t.Errorf("zero String() = %q", got)
	}
}
