package ownership

import "strings"

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
	var tb [32]string
	var pb [8][]string
	parts := appendAddrParts(pb[:0], tb[:0], raw)
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
	var lb [8]string
	line2 := lb[:0]
	var city []string // the last part that is not a unit
	for _, p := range parts[si+1:] {
		if _, ok := unitDesignators[p[0]]; ok && city == nil {
			line2 = append(line2, p...)
			continue
		}
		if _, ok := bareDesignators[p[0]]; ok && city == nil && len(p) == 1 {
			line2 = append(line2, p...)
			continue
		}
		city = p
	}
	if city != nil {
		a.City = strings.Join(city, " ")
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
