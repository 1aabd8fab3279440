package permissions

import (
	"errors"
	"reflect"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func TestFeatureMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		perm     Permission
		prefetch PrefetchFeature
		refresh  RefreshFeature
		sub      SubscriptionFeature
	}{
		{PaymentMethod, "", "", ""},
		{Balances, PrefetchBalances, RefreshBalance, ""},
		{Ownership, PrefetchOwnership, RefreshOwnership, ""},
		{Transactions, PrefetchTransactions, RefreshTransactions, SubscribeTransactions},
		{"bogus", "", "", ""},
	}
	for _, tt := range tests {
		pf, ok := PrefetchFeatureFor(tt.perm)
		if pf != tt.prefetch || ok != (tt.prefetch != "") {
			t.Errorf("PrefetchFeatureFor(%q) = %q, %v", tt.perm, pf, ok)
		}
		rf, ok := RefreshFeatureFor(tt.perm)
		if rf != tt.refresh || ok != (tt.refresh != "") {
			t.Errorf("RefreshFeatureFor(%q) = %q, %v", tt.perm, rf, ok)
		}
		sf, ok := SubscriptionFeatureFor(tt.perm)
		if sf != tt.sub || ok != (tt.sub != "") {
			t.Errorf("SubscriptionFeatureFor(%q) = %q, %v", tt.perm, sf, ok)
		}
		if tt.prefetch != "" && (tt.prefetch.Permission() != tt.perm || tt.refresh.Permission() != tt.perm) {
			t.Errorf("feature of %q does not map back", tt.perm)
		}
		if tt.sub != "" && tt.sub.Permission() != tt.perm {
			t.Errorf("subscription feature of %q does not map back", tt.perm)
		}
	}
}

// The feature names must be exactly stripe-go's.
func TestFeatureNamesMatchStripe(t *testing.T) {
	t.Parallel()
	if string(PrefetchBalances) != string(stripe.FinancialConnectionsSessionPrefetchBalances) ||
		string(PrefetchOwnership) != string(stripe.FinancialConnectionsSessionPrefetchOwnership) ||
		string(PrefetchTransactions) != string(stripe.FinancialConnectionsSessionPrefetchTransactions) ||
		string(SubscribeTransactions) != string(stripe.FinancialConnectionsAccountSubscriptionTransactions) ||
		string(PaymentMethod) != string(stripe.FinancialConnectionsAccountPermissionPaymentMethod) ||
		string(Balances) != string(stripe.FinancialConnectionsAccountPermissionBalances) {
		t.Error("names differ from stripe-go")
	}
}

func TestParseFeatures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in                     string
		prefetch, refresh, sub bool
	}{
		{"balances", true, false, false},
		{"balance", false, true, false},
		{"ownership", true, true, false},
		{"transactions", true, true, true},
		{"payment_method", false, false, false},
		{"", false, false, false},
	}
	for _, tt := range tests {
		_, err := ParsePrefetchFeature(tt.in)
		if (err == nil) != tt.prefetch || (err != nil && !errors.Is(err, ErrUnknown)) {
			t.Errorf("ParsePrefetchFeature(%q) err = %v", tt.in, err)
		}
		_, err = ParseRefreshFeature(tt.in)
		if (err == nil) != tt.refresh || (err != nil && !errors.Is(err, ErrUnknown)) {
			t.Errorf("ParseRefreshFeature(%q) err = %v", tt.in, err)
		}
		if err != nil && !isUnknown(err, kindRefreshFeature, tt.in) {
			t.Errorf("ParseRefreshFeature(%q) err = %v, want an unknown refresh feature", tt.in, err)
		}
		_, err = ParseSubscriptionFeature(tt.in)
		if (err == nil) != tt.sub || (err != nil && !errors.Is(err, ErrUnknown)) {
			t.Errorf("ParseSubscriptionFeature(%q) err = %v", tt.in, err)
		}
		if PrefetchFeature(tt.in).Valid() != tt.prefetch || RefreshFeature(tt.in).Valid() != tt.refresh || SubscriptionFeature(tt.in).Valid() != tt.sub {
			t.Errorf("Valid mismatch for %q", tt.in)
		}
	}
}

func TestValidatePrefetch(t *testing.T) {
	t.Parallel()
	pmBal, _ := NewSet(PaymentMethod, Balances)
	tests := []struct {
		name        string
		perms       Set
		prefetch    []PrefetchFeature
		wantErr     error
		wantFeature string
	}{
		{"none", pmBal, nil, nil, ""},
		{"granted", pmBal, []PrefetchFeature{PrefetchBalances}, nil, ""},
		{"not granted", pmBal, []PrefetchFeature{PrefetchBalances, PrefetchTransactions}, ErrNotGranted, "transactions"},
		{"empty set", Set{}, []PrefetchFeature{PrefetchOwnership}, ErrNotGranted, "ownership"},
		{"refresh spelling", pmBal, []PrefetchFeature{"balance"}, ErrUnknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePrefetch(tt.perms, tt.prefetch...)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			// The message names the kind, the feature and the permission it
			// needs.
			if errors.Is(err, ErrNotGranted) {
				want := `permissions: prefetch feature "` + tt.wantFeature + `" needs permission "` + tt.wantFeature + `", which is not granted`
				if err.Error() != want {
					t.Errorf("Error() = %q, want %q", err.Error(), want)
				}
			}
		})
	}
}

func TestValidateRefreshAndSubscription(t *testing.T) {
	t.Parallel()
	bal, _ := NewSet(Balances)
	if err := ValidateRefresh(bal, RefreshBalance); err != nil {
		t.Errorf("ValidateRefresh(balances, balance) = %v", err)
	}
	err := ValidateRefresh(bal, RefreshOwnership)
	if !errors.Is(err, ErrNotGranted) || err.Error() != `permissions: refresh feature "ownership" needs permission "ownership", which is not granted` {
		t.Errorf("ValidateRefresh(balances, ownership) = %v", err)
	}
	if err := ValidateRefresh(bal, "balances"); !errors.Is(err, ErrUnknown) {
		t.Errorf(`ValidateRefresh("balances") = %v, want ErrUnknown`, err)
	}
	if err := ValidateSubscription(bal, SubscribeTransactions); !errors.Is(err, ErrNotGranted) {
		t.Errorf("ValidateSubscription = %v, want ErrNotGranted", err)
	}
	tx, _ := NewSet(Transactions)
	if err := ValidateSubscription(tx, SubscribeTransactions); err != nil {
		t.Errorf("ValidateSubscription = %v", err)
	}
	if err := ValidateSubscription(tx, "balance"); !errors.Is(err, ErrUnknown) {
		t.Errorf("ValidateSubscription(balance) = %v", err)
	}
}

func TestParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  []*string
		want []string
	}{
		{"prefetch order+dedup", PrefetchParams(PrefetchTransactions, PrefetchBalances, PrefetchTransactions), []string{"balances", "transactions"}},
		{"prefetch drops invalid", PrefetchParams("balance", PrefetchOwnership), []string{"ownership"}},
		{"prefetch none", PrefetchParams(), nil},
		{"refresh", RefreshParams(RefreshTransactions, RefreshBalance, RefreshOwnership), []string{"balance", "ownership", "transactions"}},
		{"refresh drops balances", RefreshParams("balances"), nil},
		{"subscription", SubscriptionParams(SubscribeTransactions, SubscribeTransactions), []string{"transactions"}},
		{"subscription drops invalid", SubscriptionParams("balance"), nil},
	}
	for _, tt := range tests {
		if got := strs(tt.got); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
