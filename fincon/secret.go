package fincon

import (
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
)

// Secret is a credential such as a session's client secret. fmt (every
// verb, including %+v and %#v inside structs), log/slog and encoding/json
// print it as "[redacted]"; Reveal returns the value, for instance to hand a
// client secret to the browser.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String returns "[redacted]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return `fincon.Secret("` + s.String() + `")` }

// Format implements fmt.Formatter so that no verb prints the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON encodes the redacted form; use Reveal to send the value.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

var (
	reAPIKey       = regexp.MustCompile(`\b(?:sk|rk|pk)_(?:test|live)_[*A-Za-z0-9]+`)
	reClientSecret = regexp.MustCompile(`\b[A-Za-z0-9]+_[A-Za-z0-9]+_secret_[A-Za-z0-9]+`)
	reLongDigits   = regexp.MustCompile(`\b\d{6,}\b`)
)

// redact removes API keys, client secrets and long digit runs (account and
// routing numbers) from s.
func redact(s string) string {
	if !strings.ContainsAny(s, "_0123456789") {
		return s
	}
	s = reAPIKey.ReplaceAllString(s, redacted)
	s = reClientSecret.ReplaceAllString(s, redacted)
	return reLongDigits.ReplaceAllString(s, redacted)
}
