package permissions

import (
	"errors"
	"testing"
)

func TestRecommend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		uc       UseCase
		perms    string
		prefetch []PrefetchFeature
	}{
		{UseCaseACHDebit, "payment_method", nil},
		{UseCaseACHDebitNSF, "payment_method,balances", []PrefetchFeature{PrefetchBalances}},
		{UseCaseConnectPayouts, "payment_method", nil},
		{UseCaseConnectPayoutsOwnership, "payment_method,ownership", []PrefetchFeature{PrefetchOwnership}},
		{UseCaseDataProducts, "balances,ownership,transactions", []PrefetchFeature{PrefetchBalances, PrefetchOwnership, PrefetchTransactions}},
		{UseCaseExpenseTracking, "transactions", []PrefetchFeature{PrefetchTransactions}},
		{UseCaseUnderwriting, "balances,transactions", []PrefetchFeature{PrefetchBalances, PrefetchTransactions}},
		{UseCaseFraudOwnership, "ownership", []PrefetchFeature{PrefetchOwnership}},
	}
	if len(tests) != len(UseCases()) {
		t.Fatalf("test covers %d use cases, package has %d", len(tests), len(UseCases()))
	}
	for _, tt := range tests {
		r, err := Recommend(tt.uc)
		if err != nil {
			t.Fatalf("Recommend(%q): %v", tt.uc, err)
		}
		if r.Permissions.String() != tt.perms {
			t.Errorf("%s: permissions %q, want %q", tt.uc, r.Permissions, tt.perms)
		}
		if len(r.Prefetch) != len(tt.prefetch) {
			t.Errorf("%s: prefetch %v, want %v", tt.uc, r.Prefetch, tt.prefetch)
		}
		for i := range tt.prefetch {
			if i < len(r.Prefetch) && r.Prefetch[i] != tt.prefetch[i] {
				t.Errorf("%s: prefetch %v, want %v", tt.uc, r.Prefetch, tt.prefetch)
			}
		}
		if err := r.Permissions.Validate(); err != nil {
			t.Errorf("%s: %v", tt.uc, err)
		}
		if err := ValidatePrefetch(r.Permissions, r.Prefetch...); err != nil {
			t.Errorf("%s: recommendation inconsistent: %v", tt.uc, err)
		}
		if len(r.Why) < 40 {
			t.Errorf("%s: Why too short: %q", tt.uc, r.Why)
		}
		if _, err := ParseUseCase(string(tt.uc)); err != nil {
			t.Errorf("ParseUseCase(%q) = %v", tt.uc, err)
		}
	}
}

func TestRecommendCopies(t *testing.T) {
	t.Parallel()
	r, _ := Recommend(UseCaseDataProducts)
	r.Prefetch[0] = "mutated"
	r2, _ := Recommend(UseCaseDataProducts)
	if r2.Prefetch[0] != PrefetchBalances {
		t.Errorf("Recommend shares its slice: %v", r2.Prefetch)
	}
}

func TestRecommendUnknown(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "ach", "ACH_DEBIT"} {
		_, err := Recommend(UseCase(in))
		if !isUnknown(err, kindUseCase, in) {
			t.Errorf("Recommend(%q) = %v", in, err)
		}
		if _, err := ParseUseCase(in); !errors.Is(err, ErrUnknown) {
			t.Errorf("ParseUseCase(%q) = %v", in, err)
		}
	}
}
