package ownership

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// specialFold maps letters that have no Unicode decomposition to their
// conventional ASCII spelling, so that "Øystein" and "OYSTEIN" or "Strauß"
// and "STRAUSS" compare equal. Letters with a canonical or compatibility
// decomposition (é, ñ, ﬁ, full-width forms, …) are handled by NFKD and need
// no entry here.
var specialFold = map[rune]string{
	'ß': "SS", 'ẞ': "SS",
	'Æ': "AE", 'æ': "AE",
	'Œ': "OE", 'œ': "OE",
	'Ø': "O", 'ø': "O",
	'Ł': "L", 'ł': "L",
	'Đ': "D", 'đ': "D",
	'Ð': "D", 'ð': "D",
	'Þ': "TH", 'þ': "TH",
	'Ħ': "H", 'ħ': "H",
	'ı': "I",
	'Ŋ': "NG", 'ŋ': "NG",
	'ĸ': "K",
	'ſ': "S",
}

// foldClass tells what a rune became after folding.
const (
	foldSpace = ' ' // separator
)

// foldUpper folds s to upper-case text in which every letter has been
// stripped of its diacritics (NFKD, then combining marks removed, then the
// specialFold table) and every rune that is not a letter, a digit or one of
// the runes in keep has been replaced by a single space. Apostrophes are
// removed without a space so that "O'Brien" folds to "OBRIEN". Runs of
// spaces are collapsed and the result is trimmed. Invalid UTF-8 is treated
// as a separator.
func foldUpper(s, keep string) string {
	if s == "" || alreadyFolded(s, keep) {
		return s
	}
	// Fast path: printable ASCII only.
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = strings.ToValidUTF8(s, " ")
		s = norm.NFKD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppress leading spaces
	emit := func(r rune) {
		if r == foldSpace {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			return
		}
		b.WriteRune(r)
		space = false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			emit(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			emit(r)
		case r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`' || r == '´':
			// dropped: O'Brien -> OBRIEN
		case r < utf8.RuneSelf && strings.ContainsRune(keep, r):
			emit(r)
		case r < utf8.RuneSelf || r == '\u200b': // ZERO WIDTH SPACE separates words
			emit(foldSpace)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
			// combining marks left by NFKD, and invisible format runes
			// (zero-width joiners, BOM, bidi controls, …) are dropped.
		default:
			if rep, ok := specialFold[r]; ok {
				for _, c := range rep {
					emit(c)
				}
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				// Other scripts are kept, upper-cased, so that two names
				// written in the same script can still be compared.
				for _, c := range foldOther(r) {
					emit(c)
				}
				continue
			}
			emit(foldSpace)
		}
	}
	out := b.String()
	return strings.TrimRight(out, " ")
}

// foldOther upper-cases a non-ASCII letter or digit and returns the runes to
// emit. The upper-case form is decomposed again and stripped of marks so that
// folding is idempotent; anything that would fold to ASCII punctuation is
// dropped.
func foldOther(r rune) []rune {
	u := unicode.ToUpper(r)
	if u == r {
		// Digits in other scripts are kept as they are; ASCII digits
		// are handled by the caller.
		return []rune{r}
	}
	var out []rune
	for _, c := range norm.NFKD.String(string(u)) {
		switch {
		case unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c) || unicode.Is(unicode.Cf, c):
		case c >= 'a' && c <= 'z':
			out = append(out, c-'a'+'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			out = append(out, c)
		case c < utf8.RuneSelf:
		default:
			if rep, ok := specialFold[c]; ok {
				out = append(out, []rune(rep)...)
			} else if unicode.IsLetter(c) || unicode.IsDigit(c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// alreadyFolded reports whether foldUpper(s, keep) == s: s is made only of
// A-Z, 0-9, the ASCII runes in keep and single spaces between them.
// Normalized fields are folded again on every Match, so this saves a copy.
func alreadyFolded(s, keep string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == ' ':
			if s[i-1] == ' ' {
				return false
			}
		case c < utf8.RuneSelf && c != '\'' && strings.IndexByte(keep, c) >= 0:
		default:
			return false
		}
	}
	return true
}
