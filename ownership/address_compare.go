package ownership

import (
	"strings"
	"unicode"
)

// addrKey holds the parts of a normalized address that are compared.
type addrKey struct {
	number string // house number or PO box number
	name   string // street name words (suffix and directionals included), single-spaced
	core   string // street name without suffix and directionals
	unit   string // unit identifier
	city   string
	state  string
	zip5   string
}

func keyOf(a Address) addrKey {
	var k addrKey
	var buf [16]string
	toks := appendFields(buf[:0], a.Line1)
	if len(toks) >= 3 && toks[0] == "PO" && toks[1] == "BOX" {
		k.number = toks[2]
		k.name = "PO BOX"
		k.core = "PO BOX"
	} else if len(toks) > 0 {
		if c := toks[0][0]; c >= '0' && c <= '9' {
			k.number = toks[0]
			toks = toks[1:]
		}
		k.name = joinFrom(toks, a.Line1)
		var cb [16]string
		core := cb[:0]
		for _, t := range toks {
			_, s := suffixAbbrevs[t]
			_, d := directionalAbbrevs[t]
			if !s && !d {
				core = append(core, t)
			}
		}
		if len(core) == 0 {
			core = toks
		}
		k.core = joinFrom(core, a.Line1)
	}
	k.unit = unitID(appendFields(buf[:0], a.Line2))
	k.city = a.City
	k.state = a.State
	if len(a.PostalCode) >= 5 && allDigits(a.PostalCode[:5]) {
		k.zip5 = a.PostalCode[:5]
	}
	return k
}

// appendFields appends the words of s (strings.Fields(s)) to toks.
func appendFields(toks []string, s string) []string {
	start := -1 // start of the current word
	for i, r := range s {
		switch {
		case !unicode.IsSpace(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

// joinFrom returns strings.Join(toks, " "), taken from within s without
// copying when s holds it (the street line usually does).
func joinFrom(toks []string, s string) string {
	var buf [64]byte
	j := joinKey(buf[:0], toks)
	if i := strings.Index(s, string(j)); i >= 0 {
		return s[i : i+len(j)]
	}
	return string(j)
}

// Address component weights; see doc.go.
const (
	wStreet = 45
	wUnit   = 10
	wCity   = 15
	wState  = 10
	wZip    = 20
)

// compareAddresses scores two normalized addresses. ok is false when they
// share neither a street line nor a ZIP code to compare.
func compareAddresses(a, b addrKey) (score int, reason string, ok bool) {
	var sum, weight float64
	add := func(w int, s float64) {
		sum += float64(w) * s
		weight += float64(w)
	}
	streetCompared := a.name != "" && b.name != ""
	numberDiffers := false
	if streetCompared {
		s := streetSim(a, b)
		switch {
		case a.number != "" && b.number != "" && a.number != b.number:
			s = 0
			numberDiffers = true
		case a.number == "" || b.number == "":
			s *= 0.5
		}
		add(wStreet, s)
	}
	if a.unit != "" && b.unit != "" {
		if a.unit == b.unit {
			add(wUnit, 1)
		} else {
			add(wUnit, 0)
		}
	}
	if a.city != "" && b.city != "" {
		switch {
		case a.city == b.city:
			add(wCity, 1)
		case editDistance(a.city, b.city, 1) <= 1 && len(a.city) >= 5:
			add(wCity, 0.8)
		default:
			add(wCity, 0)
		}
	}
	if a.state != "" && b.state != "" {
		if a.state == b.state {
			add(wState, 1)
		} else {
			add(wState, 0)
		}
	}
	zipCompared := a.zip5 != "" && b.zip5 != ""
	if zipCompared {
		switch {
		case a.zip5 == b.zip5:
			add(wZip, 1)
		case a.zip5[:3] == b.zip5[:3]:
			add(wZip, 0.5)
		default:
			add(wZip, 0)
		}
	}
	if !streetCompared && !zipCompared {
		return 0, ReasonMissing, false
	}
	score = int(100*sum/weight + 0.5)
	if numberDiffers && score > 40 {
		score = 40
	}
	switch {
	case score == 100:
		reason = ReasonExact
	case numberDiffers || score < 50:
		reason = ReasonDifferent
	default:
		reason = ReasonPartial
	}
	return score, reason, true
}

// streetSim compares street names (not numbers) in [0, 1].
func streetSim(a, b addrKey) float64 {
	switch {
	case a.name == b.name:
		return 1
	case a.core == b.core:
		return 0.9
	case len(a.core) >= 4 && editDistance(a.core, b.core, 1) <= 1:
		return 0.8
	}
	// Shared words (Dice coefficient).
	var ba, bb [maxCompareTokens]string
	an, bn := appendFields(ba[:0], a.name), appendFields(bb[:0], b.name)
	if len(an) > maxCompareTokens || len(bn) > maxCompareTokens {
		return 0
	}
	shared := 0
	for _, x := range an {
		for _, y := range bn {
			if x == y {
				shared++
				break
			}
		}
	}
	if 2*shared*2 >= len(an)+len(bn) && shared > 0 {
		return 0.5
	}
	return 0
}
