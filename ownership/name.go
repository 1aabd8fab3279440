package ownership

import (
	"slices"
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

// SplitNames splits an account title that may name several owners
// ("JOHN & JANE DOE", "John Doe and Jane Doe", "DOE, JOHN & JANE",
// "Mr and Mrs John Doe") into one normalized name per person (see
// NormalizeName). A given name on its own borrows the family name of the
// last person: "JOHN & JANE DOE" yields ["JOHN DOE", "JANE DOE"].
// Duplicates are removed; input without any name yields nil.
func SplitNames(s string) []string {
	people := splitPeople(nameTokens(s))
	if len(people) == 0 {
		return nil
	}
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = strings.Join(p, " ")
	}
	return out
}

// splitPeople is SplitNames on tokens.
func splitPeople(toks []string) [][]string {
	// "DOE, JOHN & JANE": a comma-separated family name in front of
	// several given names applies to all of them.
	if c := indexOf(toks, ","); c > 0 && c <= 4 && indexOf(toks[:c], nameSep) < 0 && indexOf(toks[c+1:], nameSep) >= 0 &&
		indexOf(toks[c+1:], ",") < 0 && stripAffixes(toks[:c]) != nil {
		family := toks[:c]
		var rewritten []string
		for _, part := range splitOn(toks[c+1:], nameSep) {
			if stripAffixes(part) == nil {
				continue
			}
			rewritten = append(rewritten, part...)
			rewritten = append(rewritten, family...)
			rewritten = append(rewritten, nameSep)
		}
		toks = rewritten
	}
	var people [][]string
	var pb [8][]string
	parts := appendSplit(pb[:0], toks, nameSep)
	for _, part := range parts {
		p := personTokens(part)
		if len(p) == 0 || stripAffixes(part) == nil && len(parts) > 1 {
			// "MR" in "MR AND MRS JOHN DOE" is not a person.
			continue
		}
		people = append(people, p)
	}
	// Borrow the family name of the last person for a lone given name
	// ("JOHN & JANE DOE") or a given name plus middle initial.
	if n := len(people); n > 1 {
		last := people[n-1]
		if len(last) >= 2 {
			family := last[len(last)-1]
			for i := 0; i < n-1; i++ {
				p := people[i]
				if len(p) == 1 || len(p[len(p)-1]) == 1 {
					people[i] = append(p[:len(p):len(p)], family)
				}
			}
		}
	}
	out := dedupePeople(people)
	if len(out) == 0 {
		return nil
	}
	return out
}

// dedupePeople removes repeated names from people in place, keeping the
// order. A few names (account titles name one to four) are compared
// pairwise; more go through a map so that huge input stays linear.
func dedupePeople(people [][]string) [][]string {
	out := people[:0]
	if len(people) <= maxPeople {
		for _, p := range people {
			if !slices.ContainsFunc(out, func(q []string) bool { return equalTokens(p, q) }) {
				out = append(out, p)
			}
		}
		return out
	}
	seen := make(map[string]struct{}, len(people))
	for _, p := range people {
		k := strings.Join(p, " ")
		if _, dup := seen[k]; !dup {
			seen[k] = struct{}{}
			out = append(out, p)
		}
	}
	return out
}

func indexOf(toks []string, t string) int {
	for i, x := range toks {
		if x == t {
			return i
		}
	}
	return -1
}

// splitOn splits toks on sep, dropping empty parts.
func splitOn(toks []string, sep string) [][]string {
	return appendSplit(nil, toks, sep)
}

// appendSplit appends the parts of splitOn(toks, sep) to parts.
func appendSplit(parts [][]string, toks []string, sep string) [][]string {
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i == len(toks) || toks[i] == sep {
			if i > start {
				parts = append(parts, toks[start:i])
			}
			start = i + 1
		}
	}
	return parts
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Name reasons reported in FieldScore.Reason.
const (
	ReasonExact     = "exact"      // identical after normalization
	ReasonNickname  = "nickname"   // given names are listed nicknames of each other
	ReasonInitial   = "initial"    // a given name matched by its initial only
	ReasonTypo      = "typo"       // one edit apart (names of 5+ letters)
	ReasonMiddle    = "middle"     // equal except a middle name present on one side only
	ReasonReordered = "reordered"  // same words in another order (LAST FIRST without comma)
	ReasonSurname   = "surname"    // family names agree, given names do not
	ReasonDifferent = "different"  // no meaningful agreement
	ReasonPartial   = "partial"    // some agreement, see the score
	ReasonSubaddr   = "subaddress" // e-mail equal once the +tag is removed
	ReasonMissing   = "missing"    // not compared: empty or unusable on one side
)

// maxCompareTokens bounds the quadratic parts of the comparison; real
// names and street lines are far shorter.
const maxCompareTokens = 32

// nameResult is the score of one pair of person names.
type nameResult struct {
	score  int
	reason string
}

// compareNames scores two canonical person names (FIRST … LAST tokens).
func compareNames(a, b []string) nameResult {
	if len(a) == 0 || len(b) == 0 {
		return nameResult{0, ReasonMissing}
	}
	if equalTokens(a, b) {
		return nameResult{100, ReasonExact}
	}
	best := structured(a, b)
	if len(a) >= 2 {
		// LAST FIRST [MIDDLE] without a comma.
		rot := make([]string, 0, len(a))
		rot = append(rot, a[1:]...)
		rot = append(rot, a[0])
		r := structured(rot, b)
		r.score = r.score * 9 / 10
		if equalTokens(rot, b) || sameMultiset(a, b) {
			r = nameResult{90, ReasonReordered}
		}
		if r.score > best.score {
			best = r
		}
	}
	if r := compoundNames(a, b); r.score > best.score {
		best = r
	}
	return best
}

func sameMultiset(a, b []string) bool {
	if len(a) != len(b) || len(a) > maxCompareTokens {
		return false
	}
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for j, y := range b {
			if !used[j] && x == y {
				used[j] = true
				continue outer
			}
		}
		return false
	}
	return true
}

// structured compares first, middle and last names.
func structured(a, b []string) nameResult {
	if len(a) == 1 || len(b) == 1 {
		// A single word: credit it only if it is the other side's family
		// name or given name; too weak to be more than a partial match.
		x, y := a, b
		if len(y) == 1 {
			x, y = y, x
		}
		if len(y) == 1 {
			if x[0] == y[0] {
				return nameResult{100, ReasonExact}
			}
			return nameResult{0, ReasonDifferent}
		}
		if x[0] == y[len(y)-1] || x[0] == y[0] {
			return nameResult{50, ReasonPartial}
		}
		return nameResult{0, ReasonDifferent}
	}
	lastF, lastR := lastFactor(a[len(a)-1], b[len(b)-1])
	firstF, firstR := firstFactor(a[0], b[0])
	midF, midR := middleFactor(a[1:len(a)-1], b[1:len(b)-1])
	score := int(100*lastF*firstF*midF + 0.5)
	reason := ReasonExact
	switch {
	case lastF < 0.5 && firstF < 0.5:
		reason = ReasonDifferent
	case lastF < 0.5:
		reason = ReasonPartial
	case firstF < 0.5:
		reason = ReasonSurname
	case firstR != ReasonExact:
		reason = firstR
	case lastR != ReasonExact:
		reason = lastR
	case midR != ReasonExact:
		reason = midR
	}
	return nameResult{score, reason}
}

func lastFactor(a, b string) (float64, string) {
	switch {
	case a == b:
		return 1, ReasonExact
	case compoundMatch(a, b):
		return 0.9, ReasonPartial
	case typo(a, b):
		return 0.85, ReasonTypo
	}
	return 0.25, ReasonDifferent
}

func firstFactor(a, b string) (float64, string) {
	switch {
	case a == b:
		return 1, ReasonExact
	case isNickname(a, b):
		return 0.9, ReasonNickname
	case initialOf(a, b) || initialOf(b, a):
		return 0.8, ReasonInitial
	case typo(a, b):
		// Given names one letter apart are often different people
		// (JOAN/JOHN is excluded by the length rule, but DANIEL/DANIELA
		// is not), so a typo is worth a partial match at most.
		return 0.7, ReasonTypo
	}
	return 0.3, ReasonDifferent
}

// middleFactor compares middle names; absence on one side costs a little,
// a conflict costs more.
func middleFactor(a, b []string) (float64, string) {
	switch {
	case len(a) == 0 && len(b) == 0:
		return 1, ReasonExact
	case len(a) == 0 || len(b) == 0:
		return 0.95, ReasonMiddle
	}
	// Compare the shorter list against the longer, in order.
	if len(a) > len(b) {
		a, b = b, a
	}
	j := 0
	matched := 0
	for _, x := range a {
		for j < len(b) {
			y := b[j]
			j++
			if x == y || initialOf(x, y) || initialOf(y, x) {
				matched++
				break
			}
		}
	}
	switch {
	case matched == len(a) && len(a) == len(b):
		return 1, ReasonExact
	case matched == len(a):
		return 0.95, ReasonMiddle
	}
	return 0.75, ReasonPartial
}

// initialOf reports whether a is the one-letter initial of b.
func initialOf(a, b string) bool {
	return len(a) == 1 && len(b) > 1 && a[0] == b[0]
}

// compoundMatch reports whether one family name is a part of the other's
// hyphenated form ("SMITH" vs "SMITH-JONES").
func compoundMatch(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if !strings.Contains(b, "-") {
		return strings.ReplaceAll(a, "-", "") == strings.ReplaceAll(b, "-", "")
	}
	for _, p := range strings.Split(b, "-") {
		if p == a {
			return true
		}
	}
	return strings.ReplaceAll(a, "-", "") == strings.ReplaceAll(b, "-", "")
}

// typo reports whether a and b, both at least 5 bytes, are one edit
// (insert, delete, substitute, or swap of adjacent letters) apart.
func typo(a, b string) bool {
	if len(a) < 5 || len(b) < 5 {
		return false
	}
	return editDistance(a, b, 1) <= 1
}

// editDistance returns the optimal-string-alignment distance between a and
// b (bytes), or max+1 as soon as it is known to exceed max.
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return max + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
