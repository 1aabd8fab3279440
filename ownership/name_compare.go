package ownership

import "strings"

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
