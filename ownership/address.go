package ownership

import (
	"strings"
)

// Address is a postal address split into the usual fields. The caller's
// own records use it directly; an owner's raw_address is turned into one
// by ParseAddress. The zero value is an empty address.
type Address struct {
	// Line1 is the street line: house number, street name, suffix.
	Line1 string
	// Line2 is the secondary unit: apartment, suite, floor, ….
	Line2 string
	// City is the city or town.
	City string
	// State is the state, preferably as its two-letter USPS code.
	State string
	// PostalCode is the ZIP code, five digits or ZIP+4.
	PostalCode string
	// Country is the country, preferably as its ISO 3166-1 alpha-2 code.
	Country string
}

// String formats the address on one line, empty fields left out:
// "123 MAIN ST, APT 4, SPRINGFIELD, IL 62701, US". ParseAddress reads that
// form back.
func (a Address) String() string {
	var parts []string
	for _, p := range []string{a.Line1, a.Line2, a.City, strings.TrimSpace(a.State + " " + a.PostalCode), a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// IsZero reports whether every field is empty.
func (a Address) IsZero() bool { return a == Address{} }

// normStreet standardizes a street line and splits off a trailing
// secondary unit ("123 Main Street Apt 4" → "123 MAIN ST", "APT 4"). The
// street words are appended to street and the unit's to unit (see
// normUnit); unit is nil when the line has none.
func normStreet(toks, street, unit []string) ([]string, []string) {
	if n := isPOBox(toks); n > 0 {
		return append(append(street, "PO", "BOX"), toks[n:]...), nil
	}
	cut := len(toks)
	for i := range toks {
		if unitStart(toks, i) {
			cut = i
			break
		}
	}
	for _, t := range toks[:cut] {
		street = append(street, streetWord(t))
	}
	if cut < len(toks) {
		return street, normUnit(toks[cut:], unit)
	}
	return street, nil
}

// normUnit standardizes a secondary-unit line ("Apartment #4B" → "APT 4B",
// "4B" → "# 4B"), appending the words to out. Lines that do not look like a
// unit are returned as folded (toks itself); no tokens yield nil.
func normUnit(toks, out []string) []string {
	if len(toks) == 0 {
		return nil
	}
	if d, ok := unitDesignators[toks[0]]; ok {
		out = append(out, d)
		for _, t := range toks[1:] {
			if t != "#" { // "APT # 4" → "APT 4"
				out = append(out, t)
			}
		}
		return out
	}
	if d, ok := bareDesignators[toks[0]]; ok {
		return append(append(out, d), toks[1:]...)
	}
	if len(toks) == 1 && strings.ContainsAny(toks[0], "0123456789") {
		return append(out, "#", toks[0])
	}
	return toks
}

// unitID returns the identifier of a normalized unit line for comparison
// ("APT 4-B" → "4B"), or "" if the line is not a recognizable unit.
func unitID(toks []string) string {
	if len(toks) == 0 {
		return ""
	}
	_, d := unitDesignators[toks[0]]
	_, b := bareDesignators[toks[0]]
	if !d && !b {
		return ""
	}
	var buf [32]byte
	id := buf[:0]
	if b {
		id = append(id, toks[0]...)
	}
	for _, t := range toks[1:] {
		if _, ok := unitDesignators[t]; ok {
			continue
		}
		for i := 0; i < len(t); i++ { // '-' and '/' are ASCII
			if t[i] != '-' && t[i] != '/' {
				id = append(id, t[i])
			}
		}
	}
	return sameString(id, toks)
}

// sameString returns string(b), reusing the token of toks equal to it
// rather than copying b when there is one.
func sameString(b []byte, toks []string) string {
	for _, t := range toks {
		if string(b) == t {
			return t
		}
	}
	return string(b)
}

// joinTokens returns strings.Join(toks, " "), or orig without copying when
// that is the result (fields normalized already, as ParseAddress passes
// them to NormalizeAddress).
func joinTokens(toks []string, orig string) string {
	var buf [64]byte
	j := joinKey(buf[:0], toks)
	if string(j) == orig {
		return orig
	}
	return string(j)
}

func normCity(s string) string {
	var buf [16]string
	toks := appendAddrTokens(buf[:0], s)
	out := toks[:0]
	for _, t := range toks {
		if t == "#" {
			continue
		}
		if v, ok := nameWords[t]; ok {
			t = v
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return joinTokens(out, s)
}

func normState(s string) string {
	f := foldUpper(s, "")
	if code, ok := usStates[f]; ok {
		return code
	}
	return f
}

// The replacers are built once: building one costs more than a match
// (strings.Replacer is safe for concurrent use).
var (
	// postalSeparators drops the spaces and hyphens of a postal code.
	postalSeparators = strings.NewReplacer(" ", "", "-", "")
	// partSeparators turns line breaks and semicolons into commas, the
	// separator ParseAddress splits on.
	partSeparators = strings.NewReplacer("\r\n", ",", "\n", ",", "\r", ",", ";", ",")
)

// normPostal returns "12345" or "12345-6789" for US ZIP codes and the
// folded input otherwise.
func normPostal(s string) string {
	f := foldUpper(s, "-")
	compact := postalSeparators.Replace(f)
	if allDigits(compact) {
		switch len(compact) {
		case 5:
			return compact
		case 9:
			return compact[:5] + "-" + compact[5:]
		}
	}
	return f
}

func normCountry(s string) string {
	f := foldUpper(s, "")
	if _, ok := usAliases[f]; ok {
		return "US"
	}
	return f
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NormalizeAddress standardizes every field of a: upper case, accents
// folded, punctuation dropped, USPS street suffixes ("STREET" → "ST",
// "AVENUE" → "AVE"), directionals ("NORTH" → "N"), spelled ordinals
// ("FIFTH" → "5TH"), unit designators ("APARTMENT" → "APT", "SUITE" →
// "STE", "#4" → "# 4"), "SAINT"/"FORT"/"MOUNT" → "ST"/"FT"/"MT", state
// names to their two-letter codes, ZIP codes as "12345" or "12345-6789",
// and spellings of the United States to "US". A unit written on line 1
// ("123 MAIN ST APT 4") moves to an empty line 2. NormalizeAddress is
// idempotent; it never fails, leaving fields it does not understand folded
// but otherwise as they are.
func NormalizeAddress(a Address) Address {
	var t1, t2, s1, u1, u2 [16]string // token buffers: addresses are short
	street, unit := normStreet(appendAddrTokens(t1[:0], a.Line1), s1[:0], u1[:0])
	line2 := normUnit(appendAddrTokens(t2[:0], a.Line2), u2[:0])
	if unit != nil {
		if len(line2) == 0 {
			line2 = unit
		} else {
			street = append(street, unit...)
		}
	}
	return Address{
		Line1:      joinTokens(street, a.Line1),
		Line2:      joinTokens(line2, a.Line2),
		City:       normCity(a.City),
		State:      normState(a.State),
		PostalCode: normPostal(a.PostalCode),
		Country:    normCountry(a.Country),
	}
}
