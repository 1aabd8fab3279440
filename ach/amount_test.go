package ach

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    int64
		problem string // "" = valid
	}{
		{"12.34", 1234, ""},
		{"12.3", 1230, ""},
		{"12", 1200, ""},
		{"0.5", 50, ""},
		{"0.50", 50, ""},
		{"0", 0, ""},
		{"0.01", 1, ""},
		{"999999.99", 99999999, ""},
		{"92233720368547758.07", math.MaxInt64, ""},
		{"92233720368547758.08", 0, "too large"},
		{"92233720368547759", 0, "too large"},
		{"99999999999999999999999", 0, "too large"},
		{"", 0, "empty"},
		{"-1.00", 0, "not a plain"},
		{"+1.00", 0, "not a plain"},
		{"$12.34", 0, "not a plain"},
		{"1,234.00", 0, "not a plain"},
		{" 12.34", 0, "not a plain"},
		{"12.34 ", 0, "not a plain"},
		{"1e3", 0, "not a plain"},
		{"12.345", 0, "more than 2"},
		{"12.", 0, "after the decimal"},
		{".5", 0, "before the decimal"},
		{".", 0, "after the decimal"},
		{"012.00", 0, "leading zero"},
		{"00", 0, "leading zero"},
		{"1.2.3", 0, "not a plain"},
		{"NaN", 0, "not a plain"},
		{"١٢", 0, "not a plain"}, // Arabic-Indic digits
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if tt.problem == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseAmount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		if !errors.Is(err, ErrInvalidAmount) || got != 0 {
			t.Errorf("ParseAmount(%q) = %d, %v; want ErrInvalidAmount", tt.in, got, err)
			continue
		}
		// The error quotes the input, then says what is wrong.
		if problem, ok := strings.CutPrefix(err.Error(), "ach: invalid amount "+strconv.Quote(tt.in)+": "); !ok || !strings.Contains(problem, tt.problem) {
			t.Errorf("ParseAmount(%q) error %q, want the input quoted and problem %q", tt.in, err, tt.problem)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0.00"}, {1, "0.01"}, {50, "0.50"}, {1234, "12.34"}, {99999999, "999999.99"},
		{-1234, "-12.34"}, {math.MaxInt64, "92233720368547758.07"}, {math.MinInt64, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := FormatAmount(tt.in); got != tt.want {
			t.Errorf("FormatAmount(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidateAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount   int64
		currency string
		wantErr  error
	}{
		{50, "usd", nil},
		{1234, "usd", nil},
		{MaxAmount, "usd", nil},
		{49, "usd", ErrInvalidAmount},
		{0, "usd", ErrInvalidAmount},
		{-100, "usd", ErrInvalidAmount},
		{math.MinInt64, "usd", ErrInvalidAmount},
		{MaxAmount + 1, "usd", ErrInvalidAmount},
		{math.MaxInt64, "usd", ErrInvalidAmount},
		{1234, "USD", ErrUnsupportedCurrency},
		{1234, "eur", ErrUnsupportedCurrency},
		{1234, "", ErrUnsupportedCurrency},
		{0, "cad", ErrUnsupportedCurrency}, // currency checked first
	}
	for _, tt := range tests {
		err := ValidateAmount(tt.amount, tt.currency)
		if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
			t.Errorf("ValidateAmount(%d, %q) = %v, want %v", tt.amount, tt.currency, err, tt.wantErr)
		}
	}
	if got, want := ValidateAmount(49, "usd").Error(), `ach: invalid amount of 49 cents: below the minimum of 50 cents`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := ValidateAmount(100, "USD").Error(), `ach: unsupported currency "USD": ach debits take "usd" only (lowercase)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
