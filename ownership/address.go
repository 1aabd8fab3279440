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

// addrTokens folds one address field and splits it into tokens. "#" is a
// token of its own; hyphens and slashes are kept inside tokens ("12-34",
// "1/2", "62701-1234") and dropped at their edges.
func addrTokens(s string) []string {
	return addrTokensFolded(foldUpper(s, "#-/"), false)
}

// addrTokensFolded splits folded text into address tokens; with commas,
// each ',' is a token of its own (for addrParts). The tokens are
// substrings of folded: ' ', '#' and ',' are ASCII, so a byte scan of valid
// UTF-8 finds them exactly as a rune scan would.
func addrTokensFolded(folded string, commas bool) []string {
	toks := make([]string, 0, strings.Count(folded, " ")+1)
	start := 0
	flush := func(end int) {
		w := strings.Trim(folded[start:end], "-/")
		if w == "" {
			return
		}
		for strings.Contains(w, "--") {
			w = strings.ReplaceAll(w, "--", "-")
		}
		toks = append(toks, w)
	}
	for i := 0; i < len(folded); i++ {
		switch folded[i] {
		case ' ':
			flush(i)
			start = i + 1
		case '#':
			flush(i)
			toks = append(toks, "#")
			start = i + 1
		case ',':
			if commas {
				flush(i)
				toks = append(toks, ",")
				start = i + 1
			}
		}
	}
	flush(len(folded))
	return toks
}

// addrParts splits raw at its commas into the address tokens of each
// part (see addrTokens), dropping parts without tokens. It folds raw once
// and slices every token out of one backing array: foldUpper keeps the
// commas, and folding never joins or splits text across one, so this is
// addrTokens applied to each comma-separated part.
func addrParts(raw string) [][]string {
	folded := foldUpper(raw, ",#-/")
	all := addrTokensFolded(folded, true)
	var parts [][]string
	start := 0
	for i, t := range all {
		if t != "," {
			continue
		}
		if i > start {
			parts = append(parts, all[start:i:i])
		}
		start = i + 1
	}
	if len(all) > start {
		parts = append(parts, all[start:])
	}
	return parts
}

// streetWord returns the standard form of one street-line word.
func streetWord(t string) string {
	if v, ok := directionals[t]; ok {
		return v
	}
	if v, ok := ordinals[t]; ok {
		return v
	}
	if v, ok := streetSuffixes[t]; ok {
		return v
	}
	if v, ok := nameWords[t]; ok {
		return v
	}
	return t
}

// isPOBox reports whether toks start with a post-office-box marker and
// returns how many tokens the marker takes.
func isPOBox(toks []string) int {
	switch {
	case len(toks) >= 3 && toks[0] == "P" && toks[1] == "O" && toks[2] == "BOX":
		return 3
	case len(toks) >= 3 && toks[0] == "POST" && toks[1] == "OFFICE" && toks[2] == "BOX":
		return 3
	case len(toks) >= 2 && toks[0] == "PO" && toks[1] == "BOX":
		return 2
	case len(toks) >= 1 && toks[0] == "POB":
		return 1
	}
	return 0
}

// unitStart reports whether toks[i] starts a secondary unit within a
// street line.
func unitStart(toks []string, i int) bool {
	if i < 2 {
		return false // "123 APT": too short to hold a street first
	}
	t := toks[i]
	if _, ok := unitDesignators[t]; ok {
		return i+1 < len(toks)
	}
	if _, ok := bareDesignators[t]; ok {
		return i+1 == len(toks)
	}
	return false
}

// normStreet standardizes a street line and splits off a trailing
// secondary unit ("123 Main Street Apt 4" → "123 MAIN ST", "APT 4").
func normStreet(toks []string) (street, unit []string) {
	if n := isPOBox(toks); n > 0 {
		out := append([]string{"PO", "BOX"}, toks[n:]...)
		return out, nil
	}
	cut := len(toks)
	for i := range toks {
		if unitStart(toks, i) {
			cut = i
			break
		}
	}
	street = make([]string, 0, cut)
	for _, t := range toks[:cut] {
		street = append(street, streetWord(t))
	}
	if cut < len(toks) {
		unit = normUnit(toks[cut:])
	}
	return street, unit
}

// normUnit standardizes a secondary-unit line ("Apartment #4B" → "APT 4B",
// "4B" → "# 4B"). Lines that do not look like a unit are kept as folded.
func normUnit(toks []string) []string {
	if len(toks) == 0 {
		return nil
	}
	if d, ok := unitDesignators[toks[0]]; ok {
		out := []string{d}
		for _, t := range toks[1:] {
			if t != "#" { // "APT # 4" → "APT 4"
				out = append(out, t)
			}
		}
		return out
	}
	if d, ok := bareDesignators[toks[0]]; ok {
		return append([]string{d}, toks[1:]...)
	}
	if len(toks) == 1 && strings.ContainsAny(toks[0], "0123456789") {
		return []string{"#", toks[0]}
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
	var sb strings.Builder
	if b {
		sb.WriteString(toks[0])
	}
	for _, t := range toks[1:] {
		if _, ok := unitDesignators[t]; ok {
			continue
		}
		for _, r := range t {
			if r != '-' && r != '/' {
				sb.WriteRune(r)
			}
		}
	}
	return sb.String()
}

func normCity(s string) string {
	toks := addrTokens(s)
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
	return strings.Join(out, " ")
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
	street, unit := normStreet(addrTokens(a.Line1))
	line2 := normUnit(addrTokens(a.Line2))
	if unit != nil {
		if len(line2) == 0 {
			line2 = unit
		} else {
			street = append(street, unit...)
		}
	}
	return Address{
		Line1:      strings.Join(street, " "),
		Line2:      strings.Join(line2, " "),
		City:       normCity(a.City),
		State:      normState(a.State),
		PostalCode: normPostal(a.PostalCode),
		Country:    normCountry(a.Country),
	}
}

// joinKey appends toks joined by single spaces to buf. Map lookups written
// as m[string(key)] do not copy the key, so looking up a run of tokens
// this way does not allocate (strings.Join would).
func joinKey(buf []byte, toks []string) []byte {
	for i, t := range toks {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, t...)
	}
	return buf
}

// isZipToken reports whether t is a ZIP or ZIP+4 code.
func isZipToken(t string) bool {
	c := t
	if strings.Contains(t, "-") {
		c = strings.ReplaceAll(t, "-", "")
	}
	return allDigits(c) && (len(c) == 5 || len(c) == 9) && (len(t) == len(c) || len(t) == 10 && t[5] == '-')
}

// ParseAddress splits a free-form address such as an owner's raw_address
// ("123 Main Street, Apt 4, Springfield, IL 62701-1234") into fields and
// normalizes them (see NormalizeAddress). Parsing is loose: commas, line
// breaks and semicolons separate parts; a trailing "US"/"USA"/"United
// States" is the country; a trailing ZIP or ZIP+4 is the postal code; a
// state code or name before it is the state; the first part starting with
// a digit (or a PO box) is the street line, unit parts after it are line
// 2, and the last remaining part is the city. Without commas the city is
// whatever follows the street suffix and unit. What cannot be placed is
// left out rather than guessed; an empty or unreadable string yields the
// zero Address. ParseAddress never fails.
func ParseAddress(raw string) Address {
	if strings.ContainsAny(raw, "\r\n;") {
		raw = partSeparators.Replace(raw)
	}
	parts := addrParts(raw)
	var a Address
	var kb [64]byte // joined tokens for map lookups; see joinKey
	dropEmptyLast := func() {
		if n := len(parts); n > 0 && len(parts[n-1]) == 0 {
			parts = parts[:n-1]
		}
	}
	// Country.
	if n := len(parts); n > 0 {
		last := parts[n-1]
		if _, ok := usAliases[string(joinKey(kb[:0], last))]; ok && (n > 1 || len(last) > 1) {
			a.Country = "US"
			parts = parts[:n-1]
		} else {
			for k := min(5, len(last)-1); k >= 1; k-- {
				tail := joinKey(kb[:0], last[len(last)-k:])
				if _, ok := usAliases[string(tail)]; ok && (string(tail) != "US" || isZipToken(last[len(last)-k-1])) {
					a.Country = "US"
					parts[n-1] = last[:len(last)-k]
					break
				}
			}
		}
	}
	// ZIP code.
	zip := false
	if n := len(parts); n > 0 {
		last := parts[n-1]
		m := len(last)
		switch {
		case m >= 2 && len(last[m-1]) == 4 && allDigits(last[m-1]) && len(last[m-2]) == 5 && allDigits(last[m-2]):
			a.PostalCode = last[m-2] + last[m-1]
			parts[n-1] = last[:m-2]
			zip = true
		case isZipToken(last[m-1]) && (m > 1 || n > 1):
			a.PostalCode = last[m-1]
			parts[n-1] = last[:m-1]
			zip = true
		}
		dropEmptyLast()
	}
	// State.
	if n := len(parts); n > 0 && (zip || n > 1) {
		last := parts[n-1]
		for k := min(4, len(last)); k >= 1; k-- {
			name := joinKey(kb[:0], last[len(last)-k:])
			code, ok := usStates[string(name)]
			if !ok && k == 1 {
				if _, isCode := stateCodes[string(name)]; isCode {
					code, ok = last[len(last)-1], true
				}
			}
			// Keep at least the house number and street name of a
			// one-part address.
			if ok && (n > 1 || len(last)-k >= 2) {
				a.State = code
				parts[n-1] = last[:len(last)-k]
				break
			}
		}
		dropEmptyLast()
	}
	// Street line.
	si := -1
	for i, p := range parts {
		if (p[0][0] >= '0' && p[0][0] <= '9') || isPOBox(p) > 0 {
			si = i
			break
		}
	}
	if si < 0 {
		switch len(parts) {
		case 0:
		case 1:
			a.Line1 = strings.Join(parts[0], " ")
		default:
			a.Line1 = strings.Join(parts[0], " ")
			a.City = strings.Join(parts[len(parts)-1], " ")
		}
		return NormalizeAddress(a)
	}
	street := parts[si]
	var line2 []string
	var cityParts [][]string
	for _, p := range parts[si+1:] {
		if _, ok := unitDesignators[p[0]]; ok && len(cityParts) == 0 {
			line2 = append(line2, p...)
			continue
		}
		if _, ok := bareDesignators[p[0]]; ok && len(cityParts) == 0 && len(p) == 1 {
			line2 = append(line2, p...)
			continue
		}
		cityParts = append(cityParts, p)
	}
	if len(cityParts) > 0 {
		a.City = strings.Join(cityParts[len(cityParts)-1], " ")
	} else if isPOBox(street) == 0 {
		street, line2, a.City = splitStreetCity(street, line2)
	}
	a.Line1 = strings.Join(street, " ")
	a.Line2 = strings.Join(line2, " ")
	return NormalizeAddress(a)
}

// splitStreetCity splits "123 MAIN ST APT 4 SPRINGFIELD" at the street
// suffix: the first suffix word after the street name whose next word is
// not a suffix too ends the street; an abbreviated directional and one
// unit may follow; the rest is the city. Without a suffix nothing is split.
func splitStreetCity(toks, line2 []string) (street, unit []string, city string) {
	k := -1
	for i := 2; i < len(toks); i++ {
		if _, ok := suffixAbbrevs[streetWord(toks[i])]; !ok {
			continue
		}
		if i+1 < len(toks) {
			if _, next := suffixAbbrevs[streetWord(toks[i+1])]; next {
				continue
			}
		}
		k = i
		break
	}
	if k < 0 || k == len(toks)-1 {
		return toks, line2, ""
	}
	end := k + 1
	if _, ok := directionalAbbrevs[toks[end]]; ok && end+1 < len(toks) {
		end++
	}
	street = toks[:end]
	if _, ok := unitDesignators[toks[end]]; ok && end+1 < len(toks) {
		j := end + 1
		if toks[j] == "#" && j+1 < len(toks) {
			j++
		}
		if len(line2) == 0 {
			line2 = toks[end : j+1]
		}
		end = j + 1
	} else if _, ok := bareDesignators[toks[end]]; ok {
		if len(line2) == 0 {
			line2 = toks[end : end+1]
		}
		end++
	}
	return street, line2, strings.Join(toks[end:], " ")
}

// addrKey holds the parts of a normalized address that are compared.
type addrKey struct {
	number string   // house number or PO box number
	name   []string // street name words (suffix and directionals included)
	core   string   // street name without suffix and directionals
	unit   string   // unit identifier
	city   string
	state  string
	zip5   string
}

func keyOf(a Address) addrKey {
	var k addrKey
	toks := strings.Fields(a.Line1)
	if len(toks) >= 3 && toks[0] == "PO" && toks[1] == "BOX" {
		k.number = toks[2]
		k.name = []string{"PO", "BOX"}
		k.core = "PO BOX"
	} else if len(toks) > 0 {
		if c := toks[0][0]; c >= '0' && c <= '9' {
			k.number = toks[0]
			toks = toks[1:]
		}
		k.name = toks
		var core []string
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
		k.core = strings.Join(core, " ")
	}
	k.unit = unitID(strings.Fields(a.Line2))
	k.city = a.City
	k.state = a.State
	if len(a.PostalCode) >= 5 && allDigits(a.PostalCode[:5]) {
		k.zip5 = a.PostalCode[:5]
	}
	return k
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
	streetCompared := len(a.name) > 0 && len(b.name) > 0
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
	case equalTokens(a.name, b.name):
		return 1
	case a.core == b.core:
		return 0.9
	case len(a.core) >= 4 && editDistance(a.core, b.core, 1) <= 1:
		return 0.8
	}
	// Shared words (Dice coefficient).
	if len(a.name) > maxCompareTokens || len(b.name) > maxCompareTokens {
		return 0
	}
	shared := 0
	for _, x := range a.name {
		for _, y := range b.name {
			if x == y {
				shared++
				break
			}
		}
	}
	if 2*shared*2 >= len(a.name)+len(b.name) && shared > 0 {
		return 0.5
	}
	return 0
}
