package permissions

import (
	"math/bits"
	"strings"
)

// Set is a set of permissions. It is a small comparable value (one byte):
// copy it freely and compare sets with ==. The zero value is the empty set,
// which is usable but not valid for Stripe (see Validate). Iteration,
// String and StripeParams always use the canonical order payment_method,
// balances, ownership, transactions, and a permission is never present
// twice. A Set only ever holds valid permissions.
type Set struct {
	bits uint8
}

// NewSet returns the set of ps. Duplicates are allowed and collapse. An
// invalid permission is an error matching [ErrUnknown] that names every
// invalid one, and no permission at all is ErrEmptySet; either way the Set
// is empty (the rule for lists of names is on [SetFromStripe]).
func NewSet(ps ...Permission) (Set, error) { return parseSet(ps) }

// ParseSet returns the set of the named permissions, with the errors of
// NewSet: an error matching [ErrUnknown] that names every unknown name, or
// ErrEmptySet when no name is given.
func ParseSet(names ...string) (Set, error) { return parseSet(names) }

// ParseList parses a comma-separated list such as "payment_method, balances",
// the form String produces, with the errors of ParseSet. Spaces and tabs
// around each name are ignored; an empty element (as in "a,,b" or a
// trailing comma) is an unknown name "". An empty or blank list yields
// ErrEmptySet.
func ParseList(csv string) (Set, error) {
	if strings.TrimSpace(csv) == "" {
		return Set{}, ErrEmptySet
	}
	var names []string
	for part := range strings.SplitSeq(csv, ",") {
		names = append(names, strings.Trim(part, " \t"))
	}
	return parseSet(names)
}

// parseSet reads names from the caller: any unknown name rejects the whole
// list (see SetFromStripe).
func parseSet[T ~string](names []T) (Set, error) {
	s, unknown := collect(names)
	if len(unknown) > 0 {
		return Set{}, permissionKind.Unknown(unknown...)
	}
	return s, s.Validate()
}

// Has reports whether p is in s. It is false for every invalid p.
func (s Set) Has(p Permission) bool {
	i := p.index()
	return i >= 0 && s.bits&(1<<i) != 0
}

// Add returns s with p added. An invalid p is ignored (s is returned
// unchanged); use NewSet or Parse to reject invalid input.
func (s Set) Add(p Permission) Set {
	if i := p.index(); i >= 0 {
		s.bits |= 1 << i
	}
	return s
}

// Remove returns s without p.
func (s Set) Remove(p Permission) Set {
	if i := p.index(); i >= 0 {
		s.bits &^= 1 << i
	}
	return s
}

// Union returns the permissions in s or t.
func (s Set) Union(t Set) Set { return Set{bits: s.bits | t.bits} }

// Contains reports whether every permission of t is in s.
func (s Set) Contains(t Set) bool { return s.bits&t.bits == t.bits }

// Missing returns the permissions of want that are not in s.
func (s Set) Missing(want Set) Set { return Set{bits: want.bits &^ s.bits} }

// Len returns the number of permissions in s.
func (s Set) Len() int { return bits.OnesCount8(s.bits) }

// IsEmpty reports whether s has no permissions.
func (s Set) IsEmpty() bool { return s.bits == 0 }

// Permissions returns the permissions of s in canonical order. The slice is
// freshly allocated; it is nil for the empty set.
func (s Set) Permissions() []Permission {
	if s.bits == 0 {
		return nil
	}
	out := make([]Permission, 0, s.Len())
	for i, p := range all {
		if s.bits&(1<<i) != 0 {
			out = append(out, p)
		}
	}
	return out
}

// String returns the permissions comma-separated in canonical order, e.g.
// "payment_method,balances"; "" for the empty set. ParseList reverses it.
func (s Set) String() string {
	var b strings.Builder
	for _, p := range s.Permissions() {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(string(p))
	}
	return b.String()
}

// Validate returns ErrEmptySet if s is empty and nil otherwise.
func (s Set) Validate() error {
	if s.bits == 0 {
		return ErrEmptySet
	}
	return nil
}

// StripeParams returns s as the []*string that stripe-go's Permissions
// params take (FinancialConnectionsSessionParams.Permissions and the
// us_bank_account financial_connections options of PaymentIntents,
// SetupIntents and Checkout Sessions), in canonical order. It is nil for the
// empty set; call Validate first.
func (s Set) StripeParams() []*string {
	ps := s.Permissions()
	if ps == nil {
		return nil
	}
	out := make([]*string, len(ps))
	for i, p := range ps {
		v := string(p)
		out[i] = &v
	}
	return out
}

// MarshalText implements encoding.TextMarshaler with the form of String.
func (s Set) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseList, so an
// empty text is ErrEmptySet.
func (s *Set) UnmarshalText(text []byte) error {
	t, err := ParseList(string(text))
	if err != nil {
		return err
	}
	*s = t
	return nil
}
