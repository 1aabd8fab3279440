package permissions

import "github.com/fcsdk/fcsdk/internal/enum"

// Permission is a Financial Connections data permission: what a user agrees
// to share when linking an account. Its values are exactly Stripe's
// permission names. The zero value is not a valid permission.
type Permission string

// The four permissions Stripe defines, in canonical order.
const (
	// PaymentMethod grants the tokenized account and routing number. It is
	// required for money movement (ACH debits, payouts).
	PaymentMethod Permission = "payment_method"
	// Balances grants current and available balances.
	Balances Permission = "balances"
	// Ownership grants account owner names and mailing addresses.
	Ownership Permission = "ownership"
	// Transactions grants pending and posted transactions.
	Transactions Permission = "transactions"
)

// all lists the permissions in canonical order; a permission's index is its
// bit in Set.
var all = [...]Permission{PaymentMethod, Balances, Ownership, Transactions}

// All returns the four permissions in canonical order.
func All() []Permission { return append([]Permission(nil), all[:]...) }

// index returns p's position in canonical order, or -1 if p is not valid.
func (p Permission) index() int {
	switch p {
	case PaymentMethod:
		return 0
	case Balances:
		return 1
	case Ownership:
		return 2
	case Transactions:
		return 3
	}
	return -1
}

// Valid reports whether p is one of the four permissions Stripe defines.
func (p Permission) Valid() bool { return p.index() >= 0 }

// String returns the permission name as Stripe spells it.
func (p Permission) String() string { return string(p) }

// Parse returns the permission named s. Names are matched exactly (Stripe's
// names are lowercase ASCII); anything else yields an error matching
// [ErrUnknown].
func Parse(s string) (Permission, error) { return enum.Parse(permissionKind, s, Permission.Valid) }

// SetFromStripe converts the permissions Stripe reports on a
// *stripe.FinancialConnectionsAccount or a *stripe.FinancialConnectionsSession
// (its Permissions field, of either stripe-go type).
//
// Every function of this package that reads a list of permission names
// (NewSet, ParseSet, ParseList, Set.UnmarshalText and SetFromStripe) reads it
// with one loop and one rule: an unknown name is never dropped silently,
// and every unknown name of the list is reported in one error matching
// [ErrUnknown]. What comes with that error depends on where the names come
// from, because the two callers need different things:
//
//   - Names from the caller (NewSet, ParseSet, ParseList) are a request: a
//     misspelt name would narrow the permissions a session asks for, and
//     widening them later sends the user through authentication again. The
//     whole list is rejected: the Set is empty.
//   - Names from Stripe (SetFromStripe) are a report of what the user
//     granted, and Stripe adds permission names over time. A Set can hold
//     only the four names this package knows, so SetFromStripe returns the
//     known ones with the error: an account that also grants a newer
//     permission keeps payment_method, balances and the rest. A caller that
//     reads accounts (fincon does) uses the Set and treats ErrUnknown as a
//     notice; a caller that checks Stripe's answer against its own (a
//     contract test) treats it as a failure.
//
// An empty list yields the empty Set and ErrEmptySet (Stripe never grants
// an account zero permissions).
func SetFromStripe[T ~string](ps []T) (Set, error) {
	s, unknown := collect(ps)
	if len(unknown) > 0 {
		return s, permissionKind.Unknown(unknown...)
	}
	return s, s.Validate()
}

// collect is the one loop over a list of permission names: the set of the
// names it knows and, in order, the names it does not.
func collect[T ~string](ps []T) (s Set, unknown []string) {
	for _, p := range ps {
		if q := Permission(p); q.Valid() {
			s = s.Add(q)
		} else {
			unknown = append(unknown, string(p))
		}
	}
	return s, unknown
}
