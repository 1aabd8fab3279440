package permissions

import "github.com/fcsdk/fcsdk/internal/enum"

// UseCase names a common reason to link accounts with Financial
// Connections. Recommend maps each to the smallest permission set that
// serves it, following Stripe's guidance to request only the data the use
// case needs: asking for more erodes users' trust, and widening permissions
// later requires the user to go through the authentication flow again.
type UseCase string

// Use cases with a recommendation.
const (
	// UseCaseACHDebit: collect a bank account to accept ACH Direct Debit
	// payments (PaymentIntents, SetupIntents, Checkout, Invoices).
	UseCaseACHDebit UseCase = "ach_debit"
	// UseCaseACHDebitNSF: ACH Direct Debit plus a balance check before each
	// debit to reduce insufficient-funds (R01) returns.
	UseCaseACHDebitNSF UseCase = "ach_debit_nsf"
	// UseCaseConnectPayouts: collect a connected account's bank account for
	// payouts.
	UseCaseConnectPayouts UseCase = "connect_payouts"
	// UseCaseConnectPayoutsOwnership: Connect payouts plus an ownership
	// check at onboarding to mitigate fraud.
	UseCaseConnectPayoutsOwnership UseCase = "connect_payouts_ownership"
	// UseCaseDataProducts: a financial data product that needs all account
	// data (balances, ownership and transactions), without money movement.
	UseCaseDataProducts UseCase = "data_products"
	// UseCaseExpenseTracking: personal finance management / expense
	// tracking from transactions.
	UseCaseExpenseTracking UseCase = "expense_tracking"
	// UseCaseUnderwriting: credit underwriting from balances and
	// transactions.
	UseCaseUnderwriting UseCase = "underwriting"
	// UseCaseFraudOwnership: account-takeover and fraud checks from account
	// ownership details.
	UseCaseFraudOwnership UseCase = "fraud_ownership"
)

// Recommendation is the permission set and prefetch list suggested for a
// use case, with the reasoning behind it.
type Recommendation struct {
	// Permissions is the least set of permissions the use case needs.
	Permissions Set
	// Prefetch lists the data worth fetching as soon as the account is
	// linked, saving a refresh call. Every feature's permission is in
	// Permissions. It may be empty.
	Prefetch []PrefetchFeature
	// Why explains the choice, citing Stripe's guidance.
	Why string
}

type recommendation struct {
	perms    []Permission
	prefetch []PrefetchFeature
	why      string
}

var useCases = [...]UseCase{
	UseCaseACHDebit, UseCaseACHDebitNSF, UseCaseConnectPayouts, UseCaseConnectPayoutsOwnership,
	UseCaseDataProducts, UseCaseExpenseTracking, UseCaseUnderwriting, UseCaseFraudOwnership,
}

var recommendations = map[UseCase]recommendation{
	UseCaseACHDebit: {
		perms: []Permission{PaymentMethod},
		why: "ACH debits need the tokenized account and routing number (payment_method), which is " +
			"always required for money movement; no other data is needed to charge the account.",
	},
	UseCaseACHDebitNSF: {
		perms:    []Permission{PaymentMethod, Balances},
		prefetch: []PrefetchFeature{PrefetchBalances},
		why: "payment_method is required to debit the account; Stripe recommends balances data to check " +
			"the balance before initiating the payment and so reduce insufficient-funds (R01) returns. " +
			"Prefetching balances makes the first check possible without a refresh.",
	},
	UseCaseConnectPayouts: {
		perms: []Permission{PaymentMethod},
		why: "payouts to a connected account need its tokenized account and routing number " +
			"(payment_method) and nothing else.",
	},
	UseCaseConnectPayoutsOwnership: {
		perms:    []Permission{PaymentMethod, Ownership},
		prefetch: []PrefetchFeature{PrefetchOwnership},
		why: "payment_method is required for payouts; Stripe suggests ownership details (account holder " +
			"name and address) during onboarding to verify the connected account and mitigate fraud. " +
			"Prefetching ownership makes the check possible right after linking.",
	},
	UseCaseDataProducts: {
		perms:    []Permission{Balances, Ownership, Transactions},
		prefetch: []PrefetchFeature{PrefetchBalances, PrefetchOwnership, PrefetchTransactions},
		why: "a data product uses the account's data rather than moving money, so it asks for balances, " +
			"ownership and transactions but not payment_method; add payment_method only to keep the " +
			"option of ACH debits open. Manual entry and microdeposits are not available for this use " +
			"case, so every account has data; prefetching it all avoids a refresh after linking.",
	},
	UseCaseExpenseTracking: {
		perms:    []Permission{Transactions},
		prefetch: []PrefetchFeature{PrefetchTransactions},
		why: "expense tracking and personal finance management run on transactions data; Stripe " +
			"suggests requesting transactions for such applications and nothing beyond.",
	},
	UseCaseUnderwriting: {
		perms:    []Permission{Balances, Transactions},
		prefetch: []PrefetchFeature{PrefetchBalances, PrefetchTransactions},
		why: "Stripe names transactions and balances data as what speeds up underwriting and improves " +
			"access to credit.",
	},
	UseCaseFraudOwnership: {
		perms:    []Permission{Ownership},
		prefetch: []PrefetchFeature{PrefetchOwnership},
		why: "for fraud such as account takeovers Stripe suggests ownership details, which let the " +
			"owners' names and addresses be compared with your own records.",
	},
}

// UseCases returns the use cases Recommend knows, in a fixed order.
func UseCases() []UseCase { return append([]UseCase(nil), useCases[:]...) }

// Valid reports whether u is a use case Recommend knows.
func (u UseCase) Valid() bool {
	_, ok := recommendations[u]
	return ok
}

// String returns the use case name.
func (u UseCase) String() string { return string(u) }

// ParseUseCase returns the use case named s, or an error matching
// [ErrUnknown].
func ParseUseCase(s string) (UseCase, error) { return enum.Parse(useCaseKind, s, UseCase.Valid) }

// Recommend returns the recommended permissions and prefetch features for
// u, or an error matching [ErrUnknown]. The returned Prefetch slice is
// the caller's to modify.
func Recommend(u UseCase) (Recommendation, error) {
	r, ok := recommendations[u]
	if !ok {
		return Recommendation{}, useCaseKind.Unknown(string(u))
	}
	var s Set
	for _, p := range r.perms {
		s = s.Add(p)
	}
	return Recommendation{
		Permissions: s,
		Prefetch:    append([]PrefetchFeature(nil), r.prefetch...),
		Why:         r.why,
	}, nil
}
