package enum

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

type status string

func (s status) Valid() bool { return s == "pending" || s == "posted" }

var errUnknown = errors.New("pkg: unknown name")

func TestParse(t *testing.T) {
	t.Parallel()
	k := Kind{Pkg: "pkg", Name: "status", Err: errUnknown}
	if v, err := Parse(k, "posted", status.Valid); v != "posted" || err != nil {
		t.Errorf(`Parse("posted") = %q, %v`, v, err)
	}
	tests := []struct{ in, want string }{
		{"settled", `pkg: unknown status "settled"`},
		{"", `pkg: unknown status ""`},
		{"Posted ", `pkg: unknown status "Posted "`},
		{"\xff\n", `pkg: unknown status "\xff\n"`},
	}
	for _, tt := range tests {
		v, err := Parse(k, tt.in, status.Valid)
		if v != "" || !errors.Is(err, errUnknown) || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %q, %v; want %s matching the sentinel", tt.in, v, err, tt.want)
		}
	}
	if err := k.Unknown("x"); errors.Is(err, errors.New("pkg: unknown name")) || errors.Is(err, nil) {
		t.Errorf("%v matches another sentinel", err)
	}
}

func TestUnknownSeveralNames(t *testing.T) {
	t.Parallel()
	k := Kind{Pkg: "pkg", Name: "permission", Err: errUnknown, Detail: func(names []string) string {
		return "valid: a, b; " + strings.Join(names, "+")
	}}
	tests := []struct {
		names []string
		want  string
	}{
		{nil, `pkg: unknown permission "" (valid: a, b; )`},
		{[]string{"x"}, `pkg: unknown permission "x" (valid: a, b; x)`},
		{[]string{"x", "y"}, `pkg: unknown permissions "x", "y" (valid: a, b; x+y)`},
		{[]string{"w", "x", "y", "z", "v"}, `pkg: unknown permissions "w", "x", "y" and 2 more (valid: a, b; w+x+y+z+v)`},
	}
	for _, tt := range tests {
		if got := k.Unknown(tt.names...).Error(); got != tt.want {
			t.Errorf("Unknown(%q) = %s, want %s", tt.names, got, tt.want)
		}
	}
}

func TestMessageIsBounded(t *testing.T) {
	t.Parallel()
	k := Kind{Pkg: "pkg", Name: "status", Err: errUnknown}
	long := strings.Repeat("é", 1000)
	msg := k.Unknown(long).Error()
	if len(msg) > len(`pkg: unknown status `)+64 || !strings.HasSuffix(msg, `…"`) || !utf8.ValidString(msg) {
		t.Errorf("one long name: %d bytes: %s", len(msg), msg)
	}
	msg = k.Unknown(long, long, long, long).Error()
	if len(msg) > len(`pkg: unknown statuses `)+3*(32+2)+len(" and 1 more") || !strings.HasPrefix(msg, `pkg: unknown statuses "éé`) || !utf8.ValidString(msg) {
		t.Errorf("several long names: %d bytes: %s", len(msg), msg)
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	k := Kind{Pkg: "pkg", Name: "status", Err: errUnknown, Redact: func(s string) string { return strings.ReplaceAll(s, "sk_live_1", "[redacted]") }}
	if got, want := k.Unknown("sk_live_1").Error(), `pkg: unknown status "[redacted]"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
