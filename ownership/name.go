package ownership

import (
	"strings"
)

// honorifics are dropped from the start of a name. SR is both an honorific
// (Señor, at the start) and a suffix (Senior, at the end).
var honorifics = toSet(
	"MR", "MRS", "MS", "MISS", "MX", "MSTR", "MASTER", "DR", "DOCTOR", "PROF", "PROFESSOR",
	"REV", "REVEREND", "FR", "FATHER", "SIR", "DAME", "LADY", "LORD", "HON", "HONORABLE",
	"CAPT", "CAPTAIN", "LT", "COL", "GEN", "SGT", "MAJ", "CMDR", "ADM", "ATTY",
	"MME", "MLLE", "MESSRS", "MMES", "SR", "SRA", "SRTA", "HERR", "FRAU",
)

// suffixes are dropped from the end of a name: generational suffixes,
// post-nominal letters and the fiduciary markers banks append to titles.
var suffixes = toSet(
	"JR", "JNR", "JUNIOR", "SR", "SNR", "SENIOR", "II", "III", "IV", "2ND", "3RD", "4TH",
	"ESQ", "ESQUIRE", "MD", "PHD", "DDS", "DMD", "DVM", "CPA", "RN", "JD", "MBA", "PE",
	"TTEE", "TRUSTEE", "CUST", "CUSTODIAN", "POA", "EXEC", "EXECUTOR", "DECD", "DECEASED",
)

func toSet(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}

func isHonorific(t string) bool { _, ok := honorifics[t]; return ok }
func isSuffix(t string) bool    { _, ok := suffixes[t]; return ok }

// nameSep is the token that separates the names of joint owners.
const nameSep = "&"

// nameTokens folds s and splits it into word tokens plus the punctuation
// tokens "," and "&" (the latter standing for &, +, / and the words AND and
// OR). Hyphens are kept inside words ("SMITH-JONES") and dropped elsewhere.
func nameTokens(s string) []string {
	folded := foldUpper(s, ",&-/+")
	// Tokens are substrings of folded; the separators are ASCII, so a byte
	// scan of valid UTF-8 finds them exactly as a rune scan would.
	toks := make([]string, 0, strings.Count(folded, " ")+1)
	start := 0
	for i := 0; i <= len(folded); i++ {
		sep := "" // a separator that is a token of its own
		if i < len(folded) {
			switch folded[i] {
			case ' ':
			case ',':
				sep = ","
			case '&', '+', '/':
				sep = nameSep
			default:
				continue
			}
		}
		if w := nameWord(folded[start:i]); w != "" {
			toks = append(toks, w)
		}
		if sep != "" {
			toks = append(toks, sep)
		}
		start = i + 1
	}
	return toks
}

// nameWord trims hyphens from the edges of one word, collapses runs of
// hyphens inside it, and turns the joiners AND and OR into nameSep.
func nameWord(w string) string {
	if strings.HasPrefix(w, "-") || strings.HasSuffix(w, "-") {
		w = strings.Trim(w, "-")
	}
	for strings.Contains(w, "--") {
		w = strings.ReplaceAll(w, "--", "-")
	}
	if w == "AND" || w == "OR" {
		return nameSep
	}
	return w
}

// stripAffixes removes a leading run of honorifics and a trailing run of
// suffixes. It returns nil when nothing else is left.
func stripAffixes(toks []string) []string {
	i, j := 0, len(toks)
	for i < j && isHonorific(toks[i]) {
		i++
	}
	for j > i && isSuffix(toks[j-1]) {
		j--
	}
	if i == j {
		return nil
	}
	return toks[i:j]
}

// personTokens turns the tokens of one person's name (no "&") into the
// canonical order FIRST MIDDLE… LAST: "LAST, FIRST" is reordered, and
// honorifics and suffixes are dropped. Names made only of honorifics and
// suffixes are kept as they are, minus any comma.
func personTokens(toks []string) []string {
	var gb, kb [4][]string // a name has one or two groups
	groups := gb[:0]
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i == len(toks) || toks[i] == "," || toks[i] == nameSep {
			if i > start {
				groups = append(groups, toks[start:i])
			}
			start = i + 1
		}
	}
	kept := kb[:0]
	for _, g := range groups {
		if s := stripAffixes(g); s != nil {
			kept = append(kept, s)
		}
	}
	// One group is returned as it is (capacity clipped), not copied: it
	// is already free of affixes, or made only of them.
	switch {
	case len(kept) == 1:
		return kept[0][:len(kept[0]):len(kept[0])]
	case len(kept) == 0 && len(groups) == 1:
		return groups[0][:len(groups[0]):len(groups[0])]
	}
	var out []string
	switch len(kept) {
	case 0:
		for _, g := range groups {
			out = append(out, g...)
		}
		if s := stripAffixes(out); s != nil {
			return s
		}
		return out
	case 2:
		// "DOE, JOHN" -> JOHN DOE
		out = append(out, kept[1]...)
		out = append(out, kept[0]...)
	default:
		for _, g := range kept {
			out = append(out, g...)
		}
	}
	if s := stripAffixes(out); s != nil {
		return s
	}
	return out
}

// NormalizeName returns the canonical form of one person's name: upper
// case, accents folded ("José" → "JOSE", "Strauß" → "STRAUSS"),
// punctuation removed (apostrophes join: "O'Brien" → "OBRIEN"; hyphens
// inside a word are kept), leading honorifics (MR, MRS, DR, …) and trailing
// suffixes (JR, SR, III, ESQ, …) dropped, and "LAST, FIRST" reordered to
// "FIRST LAST". Joiners (&, AND, OR) are treated as spaces; use SplitNames
// for account titles that name several people. A name made only of
// honorifics and suffixes is returned without them removed. The empty
// string and input with no letters or digits yield "".
//
// NormalizeName is idempotent: NormalizeName(NormalizeName(s)) ==
// NormalizeName(s).
func NormalizeName(s string) string {
	toks := nameTokens(s)
	// Joiners are just spaces in a single name.
	w := 0
	for _, t := range toks {
		if t != nameSep {
			toks[w] = t
			w++
		}
	}
	return strings.Join(personTokens(toks[:w]), " ")
}
