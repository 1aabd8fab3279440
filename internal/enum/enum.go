package enum

import (
	"strconv"
	"strings"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// Kind is one enum type, as its errors name it. A Kind is a small value,
// declared once per type as a package variable or built at the call.
type Kind struct {
	// Pkg is the name of the package that declares the type; it starts the
	// message, e.g. "permissions".
	Pkg string
	// Name is what the type is called in messages, e.g. "refresh feature".
	// Several names are reported under its plural: Name + "s" ("es" after
	// an s).
	Name string
	// Err is the package's sentinel for unknown names: the error matches it
	// with errors.Is.
	Err error
	// Detail, when not nil, returns the text put in parentheses after the
	// unknown names: the valid values, a hint about a likely mix-up. It
	// must be short (the message stays bounded) and must not quote the
	// names unbounded.
	Detail func(names []string) string
	// Redact, when not nil, is applied to each name before it is quoted:
	// fincon removes anything that looks like a secret.
	Redact func(string) string
}

// maxListed bounds how many names one error quotes; the rest are counted.
const maxListed = 3

// listedBound is the quote bound of each name when several are listed, so
// that the message stays about as long as with one name.
const listedBound = 32

// Parse returns T(s) when valid reports that it is a value of the type,
// and otherwise the zero T and k.Unknown(s).
func Parse[T ~string](k Kind, s string, valid func(T) bool) (T, error) {
	if v := T(s); valid(v) {
		return v, nil
	}
	return "", k.Unknown(s)
}

// Unknown returns the error for names, which are not values of k (at least
// one; Unknown with no names reports the empty name). Its message is
// `<Pkg>: unknown <Name> "<name>"`, or for several names
// `<Pkg>: unknown <Name>s "<a>", "<b>"` (at most three quoted, the rest
// counted), followed by " (<Detail>)" when Detail gives text. It matches
// k.Err with errors.Is.
func (k Kind) Unknown(names ...string) error {
	if len(names) == 0 {
		names = []string{""}
	}
	return &unknownError{kind: k, names: names}
}

// unknownError is the error of Unknown. Its fields are never shown to
// callers except through Error.
type unknownError struct {
	kind  Kind
	names []string
}

func (e *unknownError) Error() string {
	k := e.kind
	var b strings.Builder
	b.WriteString(k.Pkg)
	b.WriteString(": unknown ")
	b.WriteString(k.Name)
	bound := quote.Max
	if len(e.names) > 1 {
		if strings.HasSuffix(k.Name, "s") {
			b.WriteString("es") // statuses
		} else {
			b.WriteByte('s')
		}
		bound = listedBound
	}
	for i, n := range e.names {
		if i == maxListed {
			b.WriteString(" and " + strconv.Itoa(len(e.names)-maxListed) + " more")
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		if k.Redact != nil {
			n = k.Redact(n)
		}
		b.WriteByte(' ')
		b.WriteString(quote.Bounded(n, bound))
	}
	if k.Detail != nil {
		if d := k.Detail(e.names); d != "" {
			b.WriteString(" (" + d + ")")
		}
	}
	return b.String()
}

// Is reports whether target is the kind's sentinel.
func (e *unknownError) Is(target error) bool { return target != nil && target == e.kind.Err }
