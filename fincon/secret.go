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

// What redact removes, by what a value is (each pattern takes the value
// whole, underscores included, so that no tail of it is left):
//   - reAPIKey: API keys of every kind Stripe issues — secret (sk_),
//     restricted (rk_), publishable (pk_) and ephemeral (ek_) keys, in any
//     mode (test_, live_, org_…), and masked forms such as sk_test_****1234
//     (https://docs.stripe.com/keys);
//   - reBearer: whatever follows "Bearer " or "Basic " (an Authorization
//     header echoed by a proxy);
//   - reWebhookSecret: webhook signing secrets (whsec_…);
//   - reClientSecret: client secrets of PaymentIntents, SetupIntents and
//     sessions (pi_…_secret_…, seti_…_secret_…, fcsess_…_secret_…);
//   - reLongDigits: runs of 6 or more digits, the shape of account numbers
//     (US account numbers have 4 to 17 digits) — except a quantity: a
//     number followed by a unit (cents, bytes, KiB, MiB, ms, seconds,
//     characters, requests, days, …) or preceded by a currency sign is an
//     amount or a limit and stays readable. Object ids (fca_1234567) are
//     not digit runs and stay readable too.
var (
	reAPIKey        = regexp.MustCompile(`\b(?:sk|rk|pk|ek)_[*A-Za-z0-9_]+`)
	reBearer        = regexp.MustCompile(`\b(?:Bearer|Basic) +[^\s"',;)]+`)
	reWebhookSecret = regexp.MustCompile(`\bwhsec_[A-Za-z0-9_+/=]+`)
	reClientSecret  = regexp.MustCompile(`\b[A-Za-z0-9]+_[A-Za-z0-9]+_secret_[A-Za-z0-9_]+`)
	reLongDigits    = regexp.MustCompile(`(\$ ?)?\b\d{6,}\b( ?(?:(?:cents|cent|bytes|byte|KiB|MiB|GiB|ms|s|seconds|second|minutes|hours|days|characters|chars|requests|items|rows|attempts)\b|%))?`)
)

// redact removes API keys, client secrets, webhook secrets and account
// numbers from s, whole; amounts, limits and ids stay readable (see the
// patterns above).
func redact(s string) string {
	if !strings.ContainsAny(s, "_0123456789") && !strings.Contains(s, "Bearer") && !strings.Contains(s, "Basic") {
		return s
	}
	s = reBearer.ReplaceAllStringFunc(s, func(m string) string {
		return m[:strings.IndexByte(m, ' ')+1] + redacted
	})
	s = reAPIKey.ReplaceAllString(s, redacted)
	s = reWebhookSecret.ReplaceAllString(s, redacted)
	s = reClientSecret.ReplaceAllString(s, redacted)
	return reLongDigits.ReplaceAllStringFunc(s, func(m string) string {
		if m[0] == '$' || !isDigit(m[len(m)-1]) {
			return m // an amount or a limit
		}
		return redacted
	})
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
