package ownership

import "strings"

// addrTokens folds one address field and splits it into tokens. "#" is a
// token of its own; hyphens and slashes are kept inside tokens ("12-34",
// "1/2", "62701-1234") and dropped at their edges.
func addrTokens(s string) []string {
	return appendAddrTokens(nil, s)
}

// appendAddrTokens appends the tokens of addrTokens(s) to toks.
func appendAddrTokens(toks []string, s string) []string {
	return addrTokensFolded(foldUpper(s, "#-/"), false, toks)
}

// addrTokensFolded splits folded text into address tokens and appends them
// to toks; with commas, each ',' is a token of its own (for addrParts). The
// tokens are substrings of folded: ' ', '#' and ',' are ASCII, so a byte
// scan of valid UTF-8 finds them exactly as a rune scan would.
func addrTokensFolded(folded string, commas bool, toks []string) []string {
	start := 0
	for i := 0; i <= len(folded); i++ {
		sep := "" // a separator that is a token of its own
		if i < len(folded) {
			switch c := folded[i]; {
			case c == ' ':
			case c == '#':
				sep = "#"
			case c == ',' && commas:
				sep = ","
			default:
				continue
			}
		}
		if w := addrWord(folded[start:i]); w != "" {
			toks = append(toks, w)
		}
		if sep != "" {
			toks = append(toks, sep)
		}
		start = i + 1
	}
	return toks
}

// addrWord trims hyphens and slashes from the edges of one word and
// collapses runs of hyphens inside it.
func addrWord(w string) string {
	if w == "" {
		return ""
	}
	if c, d := w[0], w[len(w)-1]; c == '-' || c == '/' || d == '-' || d == '/' {
		w = strings.Trim(w, "-/")
	}
	for strings.Contains(w, "--") {
		w = strings.ReplaceAll(w, "--", "-")
	}
	return w
}

// addrParts splits raw at its commas into the address tokens of each
// part (see addrTokens), dropping parts without tokens.
func addrParts(raw string) [][]string {
	return appendAddrParts(nil, nil, raw)
}

// appendAddrParts appends the parts of addrParts(raw) to parts, slicing
// every token out of toks (appended to). It folds raw once: foldUpper
// keeps the commas, and folding never joins or splits text across one, so
// this is addrTokens applied to each comma-separated part.
func appendAddrParts(parts [][]string, toks []string, raw string) [][]string {
	folded := foldUpper(raw, ",#-/")
	all := addrTokensFolded(folded, true, toks)
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
	if v, ok := streetWords[t]; ok {
		return v
	}
	return t
}

// streetWords is the table streetWord reads, built once: directionals,
// then ordinals, then street suffixes, then name words, the first table
// that has a word giving its form.
var streetWords = func() map[string]string {
	m := make(map[string]string)
	for _, table := range []map[string]string{directionals, ordinals, streetSuffixes, nameWords} {
		for k, v := range table {
			if _, ok := m[k]; !ok {
				m[k] = v
			}
		}
	}
	return m
}()

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
