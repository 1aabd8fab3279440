package permissions

import (
	"errors"
	"strings"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// Sentinel errors. Every error returned by this package matches one of them
// with errors.Is.
var (
	// ErrUnknown is matched by every *UnknownError: a name that is not one of
	// the values Stripe defines for its kind.
	ErrUnknown = errors.New("permissions: unknown name")

	// ErrEmptySet is returned when a permission set would be empty. Stripe
	// requires at least one permission on every Financial Connections session.
	ErrEmptySet = errors.New("permissions: empty permission set: stripe requires at least one permission")

	// ErrNotGranted is matched by every *NotGrantedError: a data feature was
	// requested whose permission is not in the set.
	ErrNotGranted = errors.New("permissions: permission not granted")
)

// Kinds reported in UnknownError.Kind.
const (
	KindPermission          = "permission"
	KindPrefetchFeature     = "prefetch feature"
	KindRefreshFeature      = "refresh feature"
	KindSubscriptionFeature = "subscription feature"
	KindUseCase             = "use case"
)

// maxNameInError bounds how many bytes of a caller's input an error keeps,
// so that absurdly long input cannot produce absurdly long error strings.
const maxNameInError = 64

// UnknownError reports a name that is not a valid value of its kind. It
// matches ErrUnknown with errors.Is.
type UnknownError struct {
	// Kind is what was being parsed: one of the Kind… constants.
	Kind string
	// Name is the rejected input, cut to at most 64 bytes (on a UTF-8
	// boundary) followed by "…" when it was longer.
	Name string
}

func newUnknown(kind, name string) *UnknownError {
	return &UnknownError{Kind: kind, Name: quote.Cut(name, maxNameInError)}
}

// Error implements error. It names the valid values of the kind and, for
// the mix-up Stripe's names invite (the permission and prefetch feature
// are "balances", the refresh feature is "balance"), says which is which,
// e.g. `permissions: unknown permission "balance" (valid: payment_method,
// balances, ownership, transactions; "balance" is the refresh feature, the
// permission is "balances")`.
func (e *UnknownError) Error() string {
	s := "permissions: unknown " + e.Kind + " " + quote.Text(e.Name)
	valid := validNames(e.Kind)
	if len(valid) == 0 {
		return s
	}
	s += " (valid: " + strings.Join(valid, ", ")
	switch {
	case e.Name == string(RefreshBalance) && e.Kind != KindRefreshFeature:
		s += `; "balance" is the refresh feature, the ` + e.Kind + ` is "balances"`
	case e.Name == string(Balances) && e.Kind == KindRefreshFeature:
		s += `; "balances" is the permission and prefetch feature, the refresh feature is "balance"`
	}
	return s + ")"
}

// validNames lists the values of kind in Stripe's spelling, or nil for a
// kind whose values are not listed in errors.
func validNames(kind string) []string {
	switch kind {
	case KindPermission:
		return names(all[:])
	case KindPrefetchFeature:
		return names(allPrefetch[:])
	case KindRefreshFeature:
		return names(allRefresh[:])
	case KindSubscriptionFeature:
		return []string{string(SubscribeTransactions)}
	}
	return nil // use cases: too many to list; see UseCases
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Is reports whether target is ErrUnknown.
func (e *UnknownError) Is(target error) bool { return target == ErrUnknown }

// NotGrantedError reports a data feature whose permission is missing from a
// permission set. It matches ErrNotGranted with errors.Is.
type NotGrantedError struct {
	// Kind is the kind of feature: KindPrefetchFeature, KindRefreshFeature
	// or KindSubscriptionFeature.
	Kind string
	// Feature is the feature name as Stripe spells it for that kind.
	Feature string
	// Permission is the permission the feature needs.
	Permission Permission
}

// Error implements error, e.g.
// `permissions: prefetch feature "transactions" needs permission "transactions", which is not granted`.
func (e *NotGrantedError) Error() string {
	return "permissions: " + e.Kind + " " + quote.Text(e.Feature) + " needs permission " + quote.Text(string(e.Permission)) + ", which is not granted"
}

// Is reports whether target is ErrNotGranted.
func (e *NotGrantedError) Is(target error) bool { return target == ErrNotGranted }
