package permissions

import "github.com/fcsdk/fcsdk/internal/enum"

// The three feature types below are deliberately distinct named types.
// Stripe spells the same data differently per endpoint: a session's prefetch
// takes "balances", an account refresh takes "balance", and subscribe /
// unsubscribe take only "transactions". Because PrefetchParams,
// RefreshParams and SubscriptionParams accept only their own type, passing
// a Permission, a PrefetchFeature or a variable of another feature type
// where a RefreshFeature is expected does not compile. (An untyped string
// literal still converts implicitly; such a value is rejected by Valid, by
// the Validate… functions and dropped by the …Params builders.)

// PrefetchFeature is a value of a Financial Connections session's prefetch
// parameter: data Stripe retrieves right after the account is linked. Each
// prefetch feature needs the permission of the same name.
type PrefetchFeature string

// Prefetch features, in canonical order.
const (
	PrefetchBalances     PrefetchFeature = "balances"
	PrefetchOwnership    PrefetchFeature = "ownership"
	PrefetchTransactions PrefetchFeature = "transactions"
)

var allPrefetch = [...]PrefetchFeature{PrefetchBalances, PrefetchOwnership, PrefetchTransactions}

// Permission returns the permission f needs, or "" if f is not valid.
func (f PrefetchFeature) Permission() Permission {
	switch f {
	case PrefetchBalances:
		return Balances
	case PrefetchOwnership:
		return Ownership
	case PrefetchTransactions:
		return Transactions
	}
	return ""
}

// Valid reports whether f is a prefetch feature Stripe defines.
func (f PrefetchFeature) Valid() bool { return f.Permission() != "" }

// String returns the feature name as Stripe spells it.
func (f PrefetchFeature) String() string { return string(f) }

// ParsePrefetchFeature returns the prefetch feature named s, or an error
// matching [ErrUnknown].
func ParsePrefetchFeature(s string) (PrefetchFeature, error) {
	return enum.Parse(prefetchFeatureKind, s, PrefetchFeature.Valid)
}

// PrefetchFeatureFor returns the prefetch feature for permission p. It
// reports false for PaymentMethod (nothing to prefetch) and invalid p.
func PrefetchFeatureFor(p Permission) (PrefetchFeature, bool) {
	for _, f := range allPrefetch {
		if f.Permission() == p {
			return f, true
		}
	}
	return "", false
}

// RefreshFeature is a value of an account refresh's features parameter.
// Note the singular "balance": it is not the permission name "balances".
type RefreshFeature string

// Refresh features, in canonical order.
const (
	RefreshBalance      RefreshFeature = "balance"
	RefreshOwnership    RefreshFeature = "ownership"
	RefreshTransactions RefreshFeature = "transactions"
)

var allRefresh = [...]RefreshFeature{RefreshBalance, RefreshOwnership, RefreshTransactions}

// Permission returns the permission f needs, or "" if f is not valid.
func (f RefreshFeature) Permission() Permission {
	switch f {
	case RefreshBalance:
		return Balances
	case RefreshOwnership:
		return Ownership
	case RefreshTransactions:
		return Transactions
	}
	return ""
}

// Valid reports whether f is a refresh feature Stripe defines. In
// particular RefreshFeature("balances") is not valid.
func (f RefreshFeature) Valid() bool { return f.Permission() != "" }

// String returns the feature name as Stripe spells it.
func (f RefreshFeature) String() string { return string(f) }

// ParseRefreshFeature returns the refresh feature named s, or an error
// matching [ErrUnknown] (for example for "balances").
func ParseRefreshFeature(s string) (RefreshFeature, error) {
	return enum.Parse(refreshFeatureKind, s, RefreshFeature.Valid)
}

// RefreshFeatureFor returns the refresh feature for permission p:
// Balances → RefreshBalance, Ownership → RefreshOwnership,
// Transactions → RefreshTransactions. It reports false for PaymentMethod
// and invalid p.
func RefreshFeatureFor(p Permission) (RefreshFeature, bool) {
	for _, f := range allRefresh {
		if f.Permission() == p {
			return f, true
		}
	}
	return "", false
}

// SubscriptionFeature is a value of an account subscribe/unsubscribe
// features parameter. Stripe defines only "transactions".
type SubscriptionFeature string

// SubscribeTransactions subscribes to daily transaction refreshes.
const SubscribeTransactions SubscriptionFeature = "transactions"

// Permission returns the permission f needs, or "" if f is not valid.
func (f SubscriptionFeature) Permission() Permission {
	if f == SubscribeTransactions {
		return Transactions
	}
	return ""
}

// Valid reports whether f is a subscription feature Stripe defines.
func (f SubscriptionFeature) Valid() bool { return f.Permission() != "" }

// String returns the feature name as Stripe spells it.
func (f SubscriptionFeature) String() string { return string(f) }

// ParseSubscriptionFeature returns the subscription feature named s, or an
// error matching [ErrUnknown].
func ParseSubscriptionFeature(s string) (SubscriptionFeature, error) {
	return enum.Parse(subscriptionFeatureKind, s, SubscriptionFeature.Valid)
}

// SubscriptionFeatureFor returns the subscription feature for permission p;
// only Transactions has one.
func SubscriptionFeatureFor(p Permission) (SubscriptionFeature, bool) {
	if p == Transactions {
		return SubscribeTransactions, true
	}
	return "", false
}

// feature is the common shape of the three feature types.
type feature interface {
	~string
	Valid() bool
	Permission() Permission
}

// validate checks features of kind k against perms, returning the first
// error in argument order: [ErrUnknown] for an invalid feature,
// [ErrNotGranted] for one whose permission perms lacks.
func validate[F feature](k enum.Kind, perms Set, fs []F) error {
	for _, f := range fs {
		if !f.Valid() {
			return k.Unknown(string(f))
		}
		if !perms.Has(f.Permission()) {
			return &notGrantedError{kind: k.Name, feature: string(f), permission: f.Permission()}
		}
	}
	return nil
}

// params returns the valid features among fs, deduplicated, in the
// canonical order of order, as stripe-go params. It is nil when none is
// valid.
func params[F feature](order []F, fs []F) []*string {
	var out []*string
	for _, o := range order {
		for _, f := range fs {
			if f == o {
				v := string(f)
				out = append(out, &v)
				break
			}
		}
	}
	return out
}

// ValidatePrefetch checks that every prefetch feature is valid and that its
// permission is in perms (Stripe rejects a session that prefetches data it
// does not ask permission for). It returns nil for no features, an error
// matching [ErrUnknown] for the first invalid feature, or one matching
// [ErrNotGranted] naming the first feature whose permission is missing and
// that permission.
func ValidatePrefetch(perms Set, prefetch ...PrefetchFeature) error {
	return validate(prefetchFeatureKind, perms, prefetch)
}

// ValidateRefresh is ValidatePrefetch for refresh features, checked against
// the permissions granted on the account.
func ValidateRefresh(perms Set, features ...RefreshFeature) error {
	return validate(refreshFeatureKind, perms, features)
}

// ValidateSubscription is ValidatePrefetch for subscription features,
// checked against the permissions granted on the account.
func ValidateSubscription(perms Set, features ...SubscriptionFeature) error {
	return validate(subscriptionFeatureKind, perms, features)
}

// PrefetchParams returns the features as stripe-go's
// FinancialConnectionsSessionParams.Prefetch, deduplicated and in canonical
// order. Invalid values are dropped (validate with ValidatePrefetch first);
// the result is nil when nothing valid remains.
func PrefetchParams(fs ...PrefetchFeature) []*string { return params(allPrefetch[:], fs) }

// RefreshParams returns the features as stripe-go's
// FinancialConnectionsAccountRefreshParams.Features, deduplicated and in
// canonical order. Invalid values (such as "balances") are dropped; the
// result is nil when nothing valid remains.
func RefreshParams(fs ...RefreshFeature) []*string { return params(allRefresh[:], fs) }

// SubscriptionParams returns the features as stripe-go's
// FinancialConnectionsAccountSubscribeParams.Features (and Unsubscribe),
// deduplicated. Invalid values are dropped; the result is nil when nothing
// valid remains.
func SubscriptionParams(fs ...SubscriptionFeature) []*string {
	return params([]SubscriptionFeature{SubscribeTransactions}, fs)
}
