package ach

import (
	"errors"
	"reflect"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func eligibleAccount() *stripe.FinancialConnectionsAccount {
	return &stripe.FinancialConnectionsAccount{
		ID:                          "fca_123",
		Category:                    stripe.FinancialConnectionsAccountCategoryCash,
		Subcategory:                 stripe.FinancialConnectionsAccountSubcategoryChecking,
		Status:                      stripe.FinancialConnectionsAccountStatusActive,
		Permissions:                 []stripe.FinancialConnectionsAccountPermission{stripe.FinancialConnectionsAccountPermissionBalances, stripe.FinancialConnectionsAccountPermissionPaymentMethod},
		SupportedPaymentMethodTypes: []stripe.FinancialConnectionsAccountSupportedPaymentMethodType{stripe.FinancialConnectionsAccountSupportedPaymentMethodTypeLink, stripe.FinancialConnectionsAccountSupportedPaymentMethodTypeUSBankAccount},
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(a *stripe.FinancialConnectionsAccount)
		want   []Reason
	}{
		{"eligible checking", func(*stripe.FinancialConnectionsAccount) {}, nil},
		{"eligible savings", func(a *stripe.FinancialConnectionsAccount) {
			a.Subcategory = stripe.FinancialConnectionsAccountSubcategorySavings
		}, nil},
		{"no us_bank_account", func(a *stripe.FinancialConnectionsAccount) {
			a.SupportedPaymentMethodTypes = []stripe.FinancialConnectionsAccountSupportedPaymentMethodType{stripe.FinancialConnectionsAccountSupportedPaymentMethodTypeLink}
		}, []Reason{ReasonUSBankAccountNotSupported}},
		{"nil supported types", func(a *stripe.FinancialConnectionsAccount) { a.SupportedPaymentMethodTypes = nil },
			[]Reason{ReasonUSBankAccountNotSupported}},
		{"cash other", func(a *stripe.FinancialConnectionsAccount) {
			a.Subcategory = stripe.FinancialConnectionsAccountSubcategoryOther
		}, []Reason{ReasonNotCheckingOrSavings}},
		{"credit card", func(a *stripe.FinancialConnectionsAccount) {
			a.Category = stripe.FinancialConnectionsAccountCategoryCredit
			a.Subcategory = stripe.FinancialConnectionsAccountSubcategoryCreditCard
			a.SupportedPaymentMethodTypes = nil
		}, []Reason{ReasonUSBankAccountNotSupported, ReasonNotCash, ReasonNotCheckingOrSavings}},
		{"investment checking (inconsistent)", func(a *stripe.FinancialConnectionsAccount) {
			a.Category = stripe.FinancialConnectionsAccountCategoryInvestment
		}, []Reason{ReasonNotCash}},
		{"inactive", func(a *stripe.FinancialConnectionsAccount) {
			a.Status = stripe.FinancialConnectionsAccountStatusInactive
		},
			[]Reason{ReasonInactive}},
		{"disconnected", func(a *stripe.FinancialConnectionsAccount) {
			a.Status = stripe.FinancialConnectionsAccountStatusDisconnected
		}, []Reason{ReasonDisconnected}},
		{"empty status", func(a *stripe.FinancialConnectionsAccount) { a.Status = "" }, []Reason{ReasonStatusUnknown}},
		{"no payment_method", func(a *stripe.FinancialConnectionsAccount) {
			a.Permissions = []stripe.FinancialConnectionsAccountPermission{stripe.FinancialConnectionsAccountPermissionBalances}
		}, []Reason{ReasonPaymentMethodPermissionMissing}},
		{"everything wrong", func(a *stripe.FinancialConnectionsAccount) {
			*a = stripe.FinancialConnectionsAccount{ID: "fca_bad", Status: stripe.FinancialConnectionsAccountStatusDisconnected}
		}, []Reason{ReasonUSBankAccountNotSupported, ReasonNotCash, ReasonNotCheckingOrSavings, ReasonDisconnected, ReasonPaymentMethodPermissionMissing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := eligibleAccount()
			tt.mutate(a)
			e := Check(a)
			if !reflect.DeepEqual(e.Reasons, tt.want) {
				t.Fatalf("Reasons = %v, want %v", e.Reasons, tt.want)
			}
			if e.AccountID != a.ID {
				t.Errorf("AccountID = %q", e.AccountID)
			}
			if e.OK() != (len(tt.want) == 0) {
				t.Errorf("OK() = %v", e.OK())
			}
			for _, r := range tt.want {
				if !e.Has(r) {
					t.Errorf("Has(%q) = false", r)
				}
			}
			err := e.Err()
			if len(tt.want) == 0 {
				if err != nil {
					t.Errorf("Err() = %v", err)
				}
				return
			}
			var ie *IneligibleError
			if !errors.Is(err, ErrIneligible) || !errors.As(err, &ie) || !reflect.DeepEqual(ie.Reasons, tt.want) {
				t.Errorf("Err() = %#v", err)
			}
		})
	}
}

func TestCheckNil(t *testing.T) {
	t.Parallel()
	e := Check(nil)
	if e.OK() || !reflect.DeepEqual(e.Reasons, []Reason{ReasonNilAccount}) || e.AccountID != "" {
		t.Fatalf("Check(nil) = %+v", e)
	}
	if got, want := e.Err().Error(), "ach: account not eligible for ach debits: nil_account"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestIneligibleErrorMessage(t *testing.T) {
	t.Parallel()
	a := eligibleAccount()
	a.Category = stripe.FinancialConnectionsAccountCategoryCredit
	a.Status = stripe.FinancialConnectionsAccountStatusInactive
	err := Check(a).Err()
	if got, want := err.Error(), "ach: account fca_123 not eligible for ach debits: category_not_cash, account_inactive"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// Err copies: mutating the error's reasons does not affect the result.
	e := Check(a)
	var ie *IneligibleError
	errors.As(e.Err(), &ie)
	ie.Reasons[0] = "x"
	if e.Reasons[0] != ReasonNotCash {
		t.Error("Err shares the Reasons slice")
	}
}

func TestReasonDescription(t *testing.T) {
	t.Parallel()
	for _, r := range []Reason{ReasonNilAccount, ReasonUSBankAccountNotSupported, ReasonNotCash, ReasonNotCheckingOrSavings, ReasonInactive, ReasonDisconnected, ReasonStatusUnknown, ReasonPaymentMethodPermissionMissing} {
		if d := r.Description(); d == "" || d == string(r) {
			t.Errorf("%q has no description", r)
		}
	}
	if Reason("other").Description() != "other" {
		t.Error("unknown reason description")
	}
}
