package quote

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 10, `"abc"`},
		{"abcdefghij", 10, `"abcde…"`},
		{"000000\"" + strings.Repeat("\xf7", 20), 20, `"000000\"\xf7…"`},
		{"ééééé", 9, `"éé…"`},
		{"", 1, `""`},
		{"abcdefgh", 1, `"a…"`},
	}
	for _, tt := range tests {
		if got := Bounded(tt.in, tt.n); got != tt.want {
			t.Errorf("Bounded(%q, %d) = %s, want %s", tt.in, tt.n, got, tt.want)
		}
	}
}

func FuzzBounded(f *testing.F) {
	f.Add("000000\"\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7\xf7", 40)
	f.Add("plain", 8)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n%200 + 6
		if n < 6 {
			n += 200
		}
		got := Bounded(s, n)
		if len(got) > n {
			t.Fatalf("Bounded(%q, %d) = %d bytes", s, n, len(got))
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Bounded(%q, %d) = %q is not valid UTF-8", s, n, got)
		}
		if q := strconv.Quote(s); len(q) <= n && got != q {
			t.Fatalf("Bounded(%q, %d) = %s, want %s", s, n, got, q)
		}
		if strings.HasSuffix(got, `…"`) {
			if _, err := strconv.Unquote(got); err != nil {
				t.Fatalf("cut literal %s does not unquote: %v", got, err)
			}
		}
	})
}

func TestCut(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"aé", 2, "a…"},
		{"abc", 0, "…"},
	}
	for _, tt := range tests {
		if got := Cut(tt.in, tt.n); got != tt.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
