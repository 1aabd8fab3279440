package ownership

import (
	"slices"
	"strings"
)

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
