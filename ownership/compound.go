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
	// The forms are built in fixed buffers: a match runs this for every
	// pair of people, and the token lists are short.
	var fa, fb, ra, rb [maxCompareTokens]string
	var best nameResult
	for xi, x := range particleForms(a, fa[:0]) {
		if x == nil {
			continue // no particle form
		}
		for yi, y := range particleForms(b, fb[:0]) {
			if y == nil {
				continue
			}
			rx, ry := rotate(x, ra[:0]), rotate(y, rb[:0])
			for i, p := range [...][2][]string{{x, y}, {rx, y}, {x, ry}} {
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
// particle before the family name joined to it (O BRIEN → OBRIEN), built
// in buf.
func particleForms(toks, buf []string) [2][]string {
	forms := [2][]string{toks}
	if n := len(toks); n >= 3 {
		if _, ok := apostropheParticles[toks[n-2]]; ok {
			forms[1] = append(append(buf[:0], toks[:n-2]...), toks[n-2]+toks[n-1])
		}
	}
	return forms
}

// rotate reads LAST FIRST … as FIRST … LAST into buf; nil for a single
// word.
func rotate(toks, buf []string) []string {
	if len(toks) < 2 {
		return nil
	}
	return append(append(buf[:0], toks[1:]...), toks[0])
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
	var bx, by [maxCompareTokens]string
	gx, gy := givenWords(x[:len(x)-1], bx[:0]), givenWords(y[:len(y)-1], by[:0])
	var score int
	switch {
	case equalTokens(gx, gy) && equalTokens(x, y) && !joined:
		return nameResult{} // not compound: the plain comparison applies
	case sameLetters(gx, gy):
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

// givenWords splits given-name tokens into words at hyphens, appending
// them to buf.
func givenWords(toks, buf []string) []string {
	w := buf[:0]
	for _, t := range toks {
		for t != "" {
			p, rest, _ := strings.Cut(t, "-")
			if p != "" {
				w = append(w, p)
			}
			t = rest
		}
	}
	return w
}

// sameLetters reports whether x and y spell the same text once joined
// without separators: strings.Join(x, "") == strings.Join(y, "").
func sameLetters(x, y []string) bool {
	i, j := 0, 0 // current word of x and y
	var sx, sy string
	for {
		for sx == "" && i < len(x) {
			sx, i = x[i], i+1
		}
		for sy == "" && j < len(y) {
			sy, j = y[j], j+1
		}
		if sx == "" || sy == "" {
			return sx == "" && sy == ""
		}
		n := min(len(sx), len(sy))
		if sx[:n] != sy[:n] {
			return false
		}
		sx, sy = sx[n:], sy[n:]
	}
}
