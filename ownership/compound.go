package ownership

import "strings"

// ReasonCompound: a compound given name written another way — hyphenated
// ("MARY-KATE"), spaced ("MARY KATE") or run together ("MARYKATE") — or
// against one of its words; or a family name with an apostrophe written
// with a space ("O BRIEN" for O'Brien).
const ReasonCompound = "compound"

// Scores of compound given names, before the family-name factor.
const (
	compoundSame  = 95 // the same words, joined another way
	compoundFirst = 90 // one side is the first word of the other's compound
	compoundOther = 80 // one side is another word of the other's compound
)

// apostropheParticles are the one-letter particles of Irish, Italian and
// French family names written with an apostrophe (O'Brien, D'Angelo,
// L'Amour); foldUpper drops the apostrophe, and some banks write a space
// instead ("O BRIEN").
var apostropheParticles = toSet("O", "D", "L")

// compoundNames scores a and b (canonical FIRST … LAST tokens) as a careful
// person reads compound given names and apostrophe family names, or
// returns a zero result when that reading does not apply. It tries each
// side as written and in LAST FIRST order (no comma), and with a
// one-letter particle joined to the family name.
func compoundNames(a, b []string) nameResult {
	if len(a) > maxCompareTokens || len(b) > maxCompareTokens {
		return nameResult{}
	}
	var best nameResult
	for xi, x := range particleForms(a) {
		for yi, y := range particleForms(b) {
			for i, p := range [][2][]string{{x, y}, {rotate(x), y}, {x, rotate(y)}} {
				r := compoundPair(p[0], p[1], xi+yi > 0)
				if i > 0 {
					r.score = min(r.score, 90) // read in LAST FIRST order
				}
				if r.score > best.score {
					best = r
				}
			}
		}
	}
	return best
}

// particleForms returns toks, and toks with a one-letter apostrophe
// particle before the family name joined to it (O BRIEN → OBRIEN).
func particleForms(toks []string) [][]string {
	forms := [][]string{toks}
	if n := len(toks); n >= 3 {
		if _, ok := apostropheParticles[toks[n-2]]; ok {
			j := append(append([]string(nil), toks[:n-2]...), toks[n-2]+toks[n-1])
			forms = append(forms, j)
		}
	}
	return forms
}

// rotate reads LAST FIRST … as FIRST … LAST; nil for a single word.
func rotate(toks []string) []string {
	if len(toks) < 2 {
		return nil
	}
	return append(append([]string(nil), toks[1:]...), toks[0])
}

// compoundPair compares x and y (FIRST … LAST) by their given names split
// into words at spaces and hyphens. joined says that an apostrophe
// particle was joined to a family name to get x or y.
func compoundPair(x, y []string, joined bool) nameResult {
	if len(x) < 2 || len(y) < 2 {
		return nameResult{}
	}
	lx, ly := x[len(x)-1], y[len(y)-1]
	lastF := 1.0
	switch {
	case lx == ly:
	case compoundMatch(lx, ly):
		lastF = 0.9
	default:
		return nameResult{}
	}
	gx, gy := givenWords(x[:len(x)-1]), givenWords(y[:len(y)-1])
	var score int
	switch {
	case equalTokens(gx, gy) && equalTokens(x, y) && !joined:
		return nameResult{} // not compound: the plain comparison applies
	case strings.Join(gx, "") == strings.Join(gy, ""):
		score = compoundSame
	default:
		if len(gx) > len(gy) {
			gx, gy = gy, gx
		}
		if len(gx) != 1 || len(gy) < 2 {
			return nameResult{}
		}
		switch {
		case gx[0] == gy[0]:
			score = compoundFirst
		case indexOf(gy, gx[0]) > 0:
			score = compoundOther
		default:
			return nameResult{}
		}
	}
	return nameResult{int(float64(score)*lastF + 0.5), ReasonCompound}
}

// givenWords splits given-name tokens into words at hyphens.
func givenWords(toks []string) []string {
	var w []string
	for _, t := range toks {
		for p := range strings.SplitSeq(t, "-") {
			if p != "" {
				w = append(w, p)
			}
		}
	}
	return w
}
