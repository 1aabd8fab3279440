package permissions

import (
	"errors"
	"strings"

	"github.com/fcsdk/fcsdk/internal/enum"
	"github.com/fcsdk/fcsdk/internal/quote"
)

// Sentinel errors. Every error returned by this package matches one of them
// with errors.Is.
var (
	// ErrUnknown is matched by the error for a name that is not one of the
	// values Stripe defines for its kind (a permission, a prefetch, refresh
	// or subscription feature, a use case). Its message quotes the name
	// (bounded), lists the valid values and, for the mix-up Stripe's names
	// invite (the permission and prefetch feature are "balances", the
	// refresh feature is "balance"), says which is which, e.g.
	// `permissions: unknown permission "balance" (valid: payment_method,
	// balances, ownership, transactions; "balance" is the refresh feature,
	// the permission is "balances")`. A list of permission names reports
	// every unknown name in one error; see [SetFromStripe] for the rule.
	ErrUnknown = errors.New("permissions: unknown name")

	// ErrEmptySet is returned when a permission set would be empty. Stripe
	// requires at least one permission on every Financial Connections session.
	ErrEmptySet = errors.New("permissions: empty permission set: stripe requires at least one permission")

	// ErrNotGranted is matched by the error of ValidatePrefetch,
	// ValidateRefresh and ValidateSubscription for a data feature whose
	// permission is not in the set. Its message names the feature and the
	// permission it needs, e.g. `permissions: prefetch feature
	// "transactions" needs permission "transactions", which is not granted`.
	ErrNotGranted = errors.New("permissions: permission not granted")
)

// The kinds of names this package parses, as its errors call them.
const (
	kindPermission          = "permission"
	kindPrefetchFeature     = "prefetch feature"
	kindRefreshFeature      = "refresh feature"
	kindSubscriptionFeature = "subscription feature"
	kindUseCase             = "use case"
)

// The enum kinds, declared once: every parse of this package reports an
// unknown name through one of them.
var (
	permissionKind          = unknownKind(kindPermission, names(all[:]))
	prefetchFeatureKind     = unknownKind(kindPrefetchFeature, names(allPrefetch[:]))
	refreshFeatureKind      = unknownKind(kindRefreshFeature, names(allRefresh[:]))
	subscriptionFeatureKind = unknownKind(kindSubscriptionFeature, []string{string(SubscribeTransactions)})
	useCaseKind             = unknownKind(kindUseCase, nil) // too many to list; see UseCases
)

// unknownKind returns the enum kind of name, whose error lists valid and,
// for a "balance"/"balances" mix-up, says which is which.
func unknownKind(kind string, valid []string) enum.Kind {
	k := enum.Kind{Pkg: "permissions", Name: kind, Err: ErrUnknown}
	if len(valid) == 0 {
		return k
	}
	list := "valid: " + strings.Join(valid, ", ")
	k.Detail = func(unknown []string) string {
		for _, n := range unknown {
			switch {
			case n == string(RefreshBalance) && kind != kindRefreshFeature:
				return list + `; "balance" is the refresh feature, the ` + kind + ` is "balances"`
			case n == string(Balances) && kind == kindRefreshFeature:
				return list + `; "balances" is the permission and prefetch feature, the refresh feature is "balance"`
			}
		}
		return list
	}
	return k
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// notGrantedError is the error of the Validate… functions: a data feature
// whose permission is missing from a permission set. It matches
// ErrNotGranted.
type notGrantedError struct {
	kind       string
	feature    string
	permission Permission
}

func (e *notGrantedError) Error() string {
	return "permissions: " + e.kind + " " + quote.Text(e.feature) + " needs permission " + quote.Text(string(e.permission)) + ", which is not granted"
}

func (e *notGrantedError) Is(target error) bool { return target == ErrNotGranted }
