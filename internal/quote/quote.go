package quote

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Max is the default bound, in bytes, of a quoted text in an error or log
// message: [Bounded] never returns more.
const Max = 64

// ellipsis marks a cut.
const ellipsis = "…"

// Bounded returns s as a Go double-quoted string literal (the escaping of
// strconv.Quote: invalid UTF-8 and control bytes become \x.. escapes) of
// at most n bytes, quotes included. When the whole literal is longer it is
// cut after the last escape that fits, never inside one, and ends with
// `…"`. The bound holds after escaping: each invalid byte counts as the
// four bytes of its \xNN escape. n below 6 is taken as 6, room for `"…"`
// and one character.
func Bounded(s string, n int) string {
	n = max(n, 6)
	q := strconv.Quote(s)
	if len(q) <= n {
		return q
	}
	budget := n - len(`"`) - len(ellipsis) - len(`"`)
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('"')
	used := 0
	for s != "" {
		_, size := utf8.DecodeRuneInString(s)
		piece := strconv.Quote(s[:size])
		piece = piece[1 : len(piece)-1]
		if used+len(piece) > budget {
			break
		}
		b.WriteString(piece)
		used += len(piece)
		s = s[size:]
	}
	b.WriteString(ellipsis)
	b.WriteByte('"')
	return b.String()
}

// Text is [Bounded] with the default bound [Max].
func Text(s string) string { return Bounded(s, Max) }

// Cut returns s cut to at most n bytes without splitting a UTF-8
// sequence, the cut marked with "…" (which may add up to 3 bytes). It is
// for fields of error values that keep a caller's input; their text is
// then quoted with [Bounded] or [Text].
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := max(n, 0)
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + ellipsis
}
