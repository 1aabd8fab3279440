package ach

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func TestVerificationMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v                            VerificationMethod
		valid, manual, fc, data, all bool
		str                          string
	}{
		{"", true, true, true, true, false, "automatic"},
		{Automatic, true, true, true, true, false, "automatic"},
		{Instant, true, false, true, true, true, "instant"},
		{Microdeposits, true, true, false, false, false, "microdeposits"},
		{"Instant", false, false, false, false, false, "Instant"},
		{"manual", false, false, false, false, false, "manual"},
	}
	for _, tt := range tests {
		if got := tt.v.Valid(); got != tt.valid {
			t.Errorf("%q.Valid() = %v", tt.v, got)
		}
		if got := tt.v.AllowsManualEntry(); got != tt.manual {
			t.Errorf("%q.AllowsManualEntry() = %v", tt.v, got)
		}
		if got := tt.v.UsesFinancialConnections(); got != tt.fc {
			t.Errorf("%q.UsesFinancialConnections() = %v", tt.v, got)
		}
		if got := tt.v.ProvidesAccountData(); got != tt.data {
			t.Errorf("%q.ProvidesAccountData() = %v", tt.v, got)
		}
		if got := tt.v.GuaranteesAccountData(); got != tt.all {
			t.Errorf("%q.GuaranteesAccountData() = %v", tt.v, got)
		}
		if got := *tt.v.StripeParam(); got != tt.str || tt.v.String() != tt.str {
			t.Errorf("%q.StripeParam() = %q, String() = %q, want %q", tt.v, got, tt.v.String(), tt.str)
		}
	}
}

func TestVerificationMethodStripeTypes(t *testing.T) {
	t.Parallel()
	if Instant.PaymentIntent() != stripe.PaymentIntentPaymentMethodOptionsUSBankAccountVerificationMethodInstant ||
		Microdeposits.PaymentIntent() != stripe.PaymentIntentPaymentMethodOptionsUSBankAccountVerificationMethodMicrodeposits ||
		VerificationMethod("").PaymentIntent() != stripe.PaymentIntentPaymentMethodOptionsUSBankAccountVerificationMethodAutomatic ||
		Instant.SetupIntent() != stripe.SetupIntentPaymentMethodOptionsUSBankAccountVerificationMethodInstant ||
		Automatic.SetupIntent() != stripe.SetupIntentPaymentMethodOptionsUSBankAccountVerificationMethodAutomatic {
		t.Error("stripe enum conversion wrong")
	}
}

func TestParseVerificationMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want VerificationMethod
		ok   bool
	}{
		{"", Automatic, true},
		{"automatic", Automatic, true},
		{"instant", Instant, true},
		{"microdeposits", Microdeposits, true},
		{"AUTOMATIC", "", false},
		{"micro_deposits", "", false},
		{" instant", "", false},
	}
	for _, tt := range tests {
		got, err := ParseVerificationMethod(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseVerificationMethod(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrInvalidVerificationMethod) {
			t.Errorf("error %v does not match ErrInvalidVerificationMethod", err)
		}
		// A refused name is quoted and the valid ones are listed, so a
		// typo is never silently taken for the zero value (Automatic).
		if err != nil && (!strings.Contains(err.Error(), strconv.Quote(tt.in)) || !strings.Contains(err.Error(), "automatic, instant, microdeposits")) {
			t.Errorf("error %q should quote %q and list the valid methods", err, tt.in)
		}
	}
}
