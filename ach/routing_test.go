package ach

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestValidateRoutingNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		problem string // "" = valid
	}{
		{TestRoutingNumber, ""},
		{"011000015", ""}, // Federal Reserve Bank of Boston
		{"021000021", ""}, // JPMorgan Chase, New York
		{"026009593", ""}, // Bank of America, New York
		{"121000358", ""}, // Bank of America, California
		{"322271627", ""}, // JPMorgan Chase, California (thrift range)
		{"000000000", "all zeros"},
		{"110000001", "checksum mismatch"},
		{"021000012", "checksum mismatch"},
		{"131000000", "prefix 13"},
		{"200000000", "prefix 20"},
		{"330000000", "prefix 33"},
		{"730000000", "prefix 73"},
		{"810000000", "prefix 81"},
		{"", "9 digits"},
		{"11000000", "9 digits"},
		{"1100000000", "9 digits"},
		{"11000000a", "9 digits"},
		{"110 00000", "9 digits"},
		{"-11000000", "9 digits"},
		{"１10000000", "9 digits"}, // full-width digit
	}
	for _, tt := range tests {
		err := ValidateRoutingNumber(tt.in)
		if tt.problem == "" {
			if err != nil {
				t.Errorf("ValidateRoutingNumber(%q) = %v", tt.in, err)
			}
			continue
		}
		if !errors.Is(err, ErrInvalidRoutingNumber) {
			t.Errorf("ValidateRoutingNumber(%q) = %v, want ErrInvalidRoutingNumber", tt.in, err)
			continue
		}
		// The error quotes the input, then says what is wrong.
		if problem, ok := strings.CutPrefix(err.Error(), "ach: invalid routing number "+strconv.Quote(tt.in)+": "); !ok || !strings.Contains(problem, tt.problem) {
			t.Errorf("ValidateRoutingNumber(%q) error %q, want the input quoted and problem %q", tt.in, err, tt.problem)
		}
	}
}

func TestRoutingNumberPrefixRanges(t *testing.T) {
	t.Parallel()
	// For each prefix build a number with a valid checksum and check that
	// only the assigned ranges pass.
	for p := range 100 {
		s := []byte{byte('0' + p/10), byte('0' + p%10), '1', '0', '0', '0', '0', '0', '0'}
		w := [9]int{3, 7, 1, 3, 7, 1, 3, 7, 1}
		sum := 0
		for i := range 8 {
			sum += w[i] * int(s[i]-'0')
		}
		s[8] = byte('0' + (10-sum%10)%10)
		want := p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80
		if got := ValidateRoutingNumber(string(s)) == nil; got != want {
			t.Errorf("ValidateRoutingNumber(%s) ok = %v, want %v", s, got, want)
		}
	}
}

func TestRoutingNumberErrorBounded(t *testing.T) {
	t.Parallel()
	err := ValidateRoutingNumber(strings.Repeat("9", 10000))
	if len(err.Error()) > 120 {
		t.Errorf("error too long: %d bytes", len(err.Error()))
	}
	if got, want := ValidateRoutingNumber("110000001").Error(), `ach: invalid routing number "110000001": checksum mismatch`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestValidateAccountNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{TestAccountNumberSuccess, true},
		{TestAccountNumberInsufficientFunds, true},
		{"1234", true},
		{"12345678901234567", true},
		{"123", false},
		{"123456789012345678", false},
		{"12345a", false},
		{"", false},
		{"0001 2345", false},
	}
	for _, tt := range tests {
		err := ValidateAccountNumber(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateAccountNumber(%q) = %v", tt.in, err)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidAccountNumber) {
				t.Errorf("error %v does not match ErrInvalidAccountNumber", err)
			}
			if tt.in != "" && strings.Contains(err.Error(), tt.in) {
				t.Errorf("error leaks the account number: %v", err)
			}
		}
	}
}

func TestTestNumbers(t *testing.T) {
	t.Parallel()
	for _, n := range []string{TestAccountNumberSuccess, TestAccountNumberAccountClosed, TestAccountNumberNoAccount, TestAccountNumberInsufficientFunds, TestAccountNumberDebitNotAuthorized} {
		if err := ValidateAccountNumber(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if len(TestDescriptorCode) != 6 || !strings.HasPrefix(TestDescriptorCode, "SM") {
		t.Errorf("TestDescriptorCode = %q", TestDescriptorCode)
	}
}
