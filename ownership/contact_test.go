package ownership

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"(415) 555-0123", "+14155550123", false},
		{"415.555.0123", "+14155550123", false},
		{"4155550123", "+14155550123", false},
		{"1-415-555-0123", "+14155550123", false},
		{"+1 415 555 0123", "+14155550123", false},
		{"+14155550123", "+14155550123", false},
		{"tel:+1-415-555-0123", "+14155550123", false},
		{"415-555-0123 x204", "+14155550123", false},
		{"415-555-0123 ext. 204", "+14155550123", false},
		{"415-555-0123;ext=204", "+14155550123", false},
		{"415-555-0123 #204", "+14155550123", false},
		{"+1 555-555-5555", "+15555555555", false},
		{"+44 20 7946 0958", "+442079460958", false},
		{"0044 20 7946 0958", "+442079460958", false},
		{"011 44 20 7946 0958", "+442079460958", false},
		{"\u00a0415\u00a0555\u00a00123", "+14155550123", false},
		{"", "", true},
		{"   ", "", true},
		{"abc", "", true},
		{"555-0123", "", true},          // no area code
		{"115-555-0123", "", true},      // area code starts with 1
		{"415-155-0123", "", true},      // exchange starts with 1
		{"415-555-01234", "", true},     // 11 digits not starting with 1
		{"1-800-FLOWERS", "", true},     // letters end the number
		{"+0 123 456 789", "", true},    // country code 0
		{"+123", "", true},              // too short
		{"+1234567890123456", "", true}, // 16 digits
		{"++14155550123", "", true},
		{"+1 115 555 0123", "", true}, // NANP check on +1
		{strings.Repeat("9", 40), "", true},
		{"٤١٥٥٥٥٠١٢٣", "", true}, // non-ASCII digits are not digits here
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		if tt.bad {
			if err == nil || !errors.Is(err, ErrInvalidPhone) {
				t.Errorf("NormalizePhone(%q) = %q, %v; want ErrInvalidPhone", tt.in, got, err)
				continue
			}
			if reason, ok := strings.CutPrefix(err.Error(), "ownership: invalid phone number: "); !ok || reason == "" {
				t.Errorf("NormalizePhone(%q) error %v gives no reason", tt.in, err)
			}
			if strings.Contains(err.Error(), "555") || strings.Contains(err.Error(), "999") {
				t.Errorf("error for %q leaks digits: %v", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if again, err := NormalizePhone(got); err != nil || again != got {
			t.Errorf("NormalizePhone not idempotent on %q: %q, %v", got, again, err)
		}
	}
}

func TestComparePhones(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b  string
		score int
	}{
		{"+14155550123", "+14155550123", 100},
		{"+14155550123", "+16505550123", 40},
		{"+14155550123", "+14155550124", 0},
	}
	for _, tt := range tests {
		if got, _ := comparePhones(tt.a, tt.b); got != tt.score {
			t.Errorf("comparePhones(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.score)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"Jane.Doe@Example.COM", "jane.doe@example.com", false},
		{"  jane@example.com \n", "jane@example.com", false},
		{"mailto:Jane@Example.com", "jane@example.com", false},
		{"<jane@example.com>", "jane@example.com", false},
		{"jane@example.com.", "jane@example.com", false},
		{"j.a.n.e@gmail.com", "j.a.n.e@gmail.com", false}, // no Gmail dot rewriting
		{"jane+bank@example.com", "jane+bank@example.com", false},
		{`"a@b"@example.com`, `"a@b"@example.com`, false},
		{"ÉLODIE@EXAMPLE.FR", "élodie@example.fr", false},
		{"", "", true},
		{"jane", "", true},
		{"@example.com", "", true},
		{"jane@", "", true},
		{"jane@.", "", true},
		{"jane doe@example.com", "", true},
		{"jane@exa..mple.com", "", true},
		{"jane@.example.com", "", true},
		{"jane@exa\x00mple.com", "", true},
		{"jane\xff@example.com", "", true},
		{"jane\u200b@example.com", "", true},
		{strings.Repeat("a", 250) + "@example.com", "", true},
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		if tt.bad {
			if !errors.Is(err, ErrInvalidEmail) {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want ErrInvalidEmail", tt.in, got, err)
				continue
			}
			if reason, ok := strings.CutPrefix(err.Error(), "ownership: invalid email address: "); !ok || reason == "" || strings.Contains(err.Error(), "jane") {
				t.Errorf("NormalizeEmail(%q) error %v: gives no reason or leaks input", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if again, err := NormalizeEmail(got); err != nil || again != got {
			t.Errorf("NormalizeEmail not idempotent on %q: %q, %v", got, again, err)
		}
	}
}

func TestCompareEmails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b   string
		score  int
		reason string
	}{
		{"jane@example.com", "jane@example.com", 100, ReasonExact},
		{"jane+bank@example.com", "jane@example.com", 90, ReasonSubaddr},
		{"jane@example.com", "jane@other.com", 30, ReasonPartial},
		{"jane+x@example.com", "jane@other.com", 30, ReasonPartial},
		{"jane@example.com", "john@example.com", 0, ReasonDifferent},
		{"j.ane@gmail.com", "jane@gmail.com", 0, ReasonDifferent},
	}
	for _, tt := range tests {
		s, r := compareEmails(tt.a, tt.b)
		if s != tt.score || r != tt.reason {
			t.Errorf("compareEmails(%s, %s) = %d %s, want %d %s", tt.a, tt.b, s, r, tt.score, tt.reason)
		}
	}
}
