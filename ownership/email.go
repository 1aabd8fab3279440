package ownership

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidEmail is returned (wrapped in an *EmailError) by NormalizeEmail
// for input that is not a usable e-mail address.
var ErrInvalidEmail = errors.New("ownership: invalid email address")

// EmailError describes why an e-mail address was rejected. It never
// contains the address itself.
type EmailError struct {
	// Reason is a short fixed description such as "missing @".
	Reason string
}

// Error implements error.
func (e *EmailError) Error() string { return "ownership: invalid email address: " + e.Reason }

// Unwrap returns ErrInvalidEmail.
func (e *EmailError) Unwrap() error { return ErrInvalidEmail }

// NormalizeEmail trims surrounding space, a "mailto:" prefix and angle
// brackets, lower-cases the whole address and removes a trailing dot from
// the domain. It checks the shape loosely: one local part and one domain
// separated by the last "@", no spaces or control characters, valid UTF-8,
// a domain with no empty labels, at most 254 bytes.
//
// Provider-specific rewriting (Gmail ignoring dots, plus-addressing) is not
// applied: "j.doe@gmail.com" and "jdoe@gmail.com" stay different. Matching
// gives a "+tag" difference partial credit instead (see Match).
//
// The error is an *EmailError wrapping ErrInvalidEmail. NormalizeEmail is
// idempotent on its own output.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = strings.TrimSpace(s[7:])
	}
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return "", &EmailError{"empty"}
	}
	if !utf8.ValidString(s) {
		return "", &EmailError{"invalid utf-8"}
	}
	for _, r := range s {
		if r < utf8.RuneSelf { // the same test, without the Unicode tables
			if r <= ' ' || r == 0x7f || r == '<' || r == '>' {
				return "", &EmailError{"invalid character"}
			}
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '<' || r == '>' || unicode.Is(unicode.Cf, r) {
			return "", &EmailError{"invalid character"}
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", &EmailError{"missing @"}
	}
	local, domain := s[:at], strings.TrimSuffix(s[at+1:], ".")
	if local == "" {
		return "", &EmailError{"empty local part"}
	}
	if domain == "" {
		return "", &EmailError{"empty domain"}
	}
	if strings.Contains(domain, "..") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.ContainsAny(domain, "@\"") {
		return "", &EmailError{"invalid domain"}
	}
	l, d := lowerStable(local), lowerStable(domain)
	out := s // already normalized: no copy
	if l != local || d != domain || len(s) != len(local)+1+len(domain) {
		out = l + "@" + d
	}
	if len(out) > 254 {
		return "", &EmailError{"too long"}
	}
	return out, nil
}

// lowerStable lower-cases s so that lowering the result again changes
// nothing.
func lowerStable(s string) string {
	for {
		l := strings.ToLower(s)
		if l == s {
			return l
		}
		s = l
	}
}

// compareEmails scores two normalized addresses.
func compareEmails(a, b string) (int, string) {
	if a == b {
		return 100, ReasonExact
	}
	la, da := splitEmail(a)
	lb, db := splitEmail(b)
	if da == db && stripTag(la) == stripTag(lb) {
		return 90, ReasonSubaddr
	}
	if la == lb || stripTag(la) == stripTag(lb) {
		// Same mailbox name at another provider: weak evidence.
		return 30, ReasonPartial
	}
	return 0, ReasonDifferent
}

func splitEmail(e string) (local, domain string) {
	at := strings.LastIndexByte(e, '@')
	if at < 0 {
		return e, ""
	}
	return e[:at], e[at+1:]
}

func stripTag(local string) string {
	if i := strings.IndexByte(local, '+'); i > 0 {
		return local[:i]
	}
	return local
}
