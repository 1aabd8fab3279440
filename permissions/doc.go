// Package permissions models the data permissions of Stripe Financial
// Connections and the feature names that go with them.
//
// # Permissions
//
// A user who links an account agrees to share some of its data. Stripe
// calls each kind of data a permission:
//
//	payment_method  tokenized account and routing number (needed to move money)
//	balances        current and available balances
//	ownership       owner names and mailing addresses
//	transactions    pending and posted transactions
//
// Last four digits, category and display name are always available and
// need no permission. Every session must ask for at least one permission,
// and permissions cannot be widened later without sending the user through
// the authentication flow again, so ask for the least the use case needs:
// Recommend returns a suggested Set per UseCase, with the reasoning.
//
// A Set is a one-byte value: cheap to copy, comparable with ==, always
// deduplicated and always listed in the canonical order payment_method,
// balances, ownership, transactions. Build one with NewSet, ParseSet or
// ParseList; each rejects unknown names with an error matching ErrUnknown
// and an empty set with ErrEmptySet. Set.StripeParams gives the []*string
// stripe-go's params take; SetFromStripe reads an account's or a session's,
// keeping the names it knows when Stripe reports one it does not (the rule
// for lists of names is on SetFromStripe).
//
// # Features
//
// Stripe spells the data differently per endpoint, and this package gives
// each spelling its own type so that the compiler keeps them apart:
//
//	PrefetchFeature      session prefetch:         balances, ownership, transactions
//	RefreshFeature       account refresh:          balance, ownership, transactions
//	SubscriptionFeature  subscribe / unsubscribe:  transactions
//
// Each feature maps to the Permission it needs (Permission method) and each
// data permission maps to its features (PrefetchFeatureFor,
// RefreshFeatureFor, SubscriptionFeatureFor). ValidatePrefetch,
// ValidateRefresh and ValidateSubscription report, as an error matching
// ErrNotGranted, a feature whose permission is not in the set;
// PrefetchParams, RefreshParams and SubscriptionParams build stripe-go's
// []*string params.
//
// The package does no I/O, keeps no state and is safe for concurrent use.
package permissions
