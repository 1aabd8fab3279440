package permissions

import "github.com/stripe/stripe-go/v82"

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
// names are lowercase ASCII); anything else yields an *UnknownError of kind
// KindPermission, which matches ErrUnknown.
func Parse(s string) (Permission, error) {
	p := Permission(s)
	if !p.Valid() {
		return "", newUnknown(KindPermission, s)
	}
	return p, nil
}

// fromStripe converts any of stripe-go's permission string types.
func fromStripe[T ~string](ps []T) (Set, error) {
	var s Set
	for _, p := range ps {
		q, err := Parse(string(p))
		if err != nil {
			return Set{}, err
		}
		s = s.Add(q)
	}
	return s, s.Validate()
}

// SetFromStripe converts the permissions of a *stripe.FinancialConnectionsAccount.
// An unknown permission yields an *UnknownError; an empty list yields
// ErrEmptySet (Stripe never grants an account zero permissions).
func SetFromStripe(ps []stripe.FinancialConnectionsAccountPermission) (Set, error) {
	return fromStripe(ps)
}

// SetFromStripeSession converts the permissions of a
// *stripe.FinancialConnectionsSession, with the same errors as SetFromStripe.
func SetFromStripeSession(ps []stripe.FinancialConnectionsSessionPermission) (Set, error) {
	return fromStripe(ps)
}
