package ownership

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidEmail is wrapped by the error of NormalizeEmail for input that
// is not a usable e-mail address. The error adds a short fixed reason, such
// as `ownership: invalid email address: missing @`; it never contains the
// address itself.
var ErrInvalidEmail = errors.New("ownership: invalid email address")

// invalidEmail returns ErrInvalidEmail wrapped with a fixed reason.
func invalidEmail(reason string) error { return fmt.Errorf("%w: %s", ErrInvalidEmail, reason) }

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
// The error wraps ErrInvalidEmail. NormalizeEmail is
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
		return "", invalidEmail("empty")
	}
	if !utf8.ValidString(s) {
		return "", invalidEmail("invalid utf-8")
	}
	for _, r := range s {
		if r < utf8.RuneSelf { // the same test, without the Unicode tables
			if r <= ' ' || r == 0x7f || r == '<' || r == '>' {
				return "", invalidEmail("invalid character")
			}
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '<' || r == '>' || unicode.Is(unicode.Cf, r) {
			return "", invalidEmail("invalid character")
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", invalidEmail("missing @")
	}
	local, domain := s[:at], strings.TrimSuffix(s[at+1:], ".")
	if local == "" {
		return "", invalidEmail("empty local part")
	}
	if domain == "" {
		return "", invalidEmail("empty domain")
	}
	if strings.Contains(domain, "..") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.ContainsAny(domain, "@\"") {
		return "", invalidEmail("invalid domain")
	}
	l, d := lowerStable(local), lowerStable(domain)
	out := s // already normalized: no copy
	if l != local || d != domain || len(s) != len(local)+1+len(domain) {
		out = l + "@" + d
	}
	if len(out) > 254 {
		return "", invalidEmail("too long")
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
