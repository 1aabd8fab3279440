package ach_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
)

func bankPM(id string, blocked *stripe.PaymentMethodUSBankAccountStatusDetailsBlocked) *stripe.PaymentMethod {
	pm := &stripe.PaymentMethod{ID: id, Type: stripe.PaymentMethodTypeUSBankAccount, USBankAccount: &stripe.PaymentMethodUSBankAccount{Last4: "6789"}}
	if blocked != nil {
		pm.USBankAccount.StatusDetails = &stripe.PaymentMethodUSBankAccountStatusDetails{Blocked: blocked}
	}
	return pm
}

func mandateOf(id, pm string, st stripe.MandateStatus, typ stripe.MandateType) *stripe.Mandate {
	return &stripe.Mandate{ID: id, Status: st, Type: typ, PaymentMethod: &stripe.PaymentMethod{ID: pm}}
}

func TestCheckSaved(t *testing.T) {
	t.Parallel()
	closed := &stripe.PaymentMethodUSBankAccountStatusDetailsBlocked{NetworkCode: "R02", Reason: "bank_account_closed"}
	active := mandateOf("mandate_1", "pm_1", stripe.MandateStatusActive, stripe.MandateTypeMultiUse)
	tests := []struct {
		name    string
		pm      *stripe.PaymentMethod
		m       *stripe.Mandate
		want    []ach.Reason
		blocked *ach.Blocked
		is      []error
	}{
		{name: "eligible", pm: bankPM("pm_1", nil), m: active},
		{name: "nil both", want: []ach.Reason{ach.ReasonNilPaymentMethod, ach.ReasonNilMandate}, is: []error{ach.ErrIneligible}},
		{name: "card", pm: &stripe.PaymentMethod{ID: "pm_1", Type: stripe.PaymentMethodTypeCard}, m: active,
			want: []ach.Reason{ach.ReasonNotUSBankAccount}, is: []error{ach.ErrIneligible}},
		{name: "blocked", pm: bankPM("pm_1", closed), m: active, want: []ach.Reason{ach.ReasonPaymentMethodBlocked},
			blocked: &ach.Blocked{NetworkCode: "R02", Reason: ach.BlockedBankAccountClosed}, is: []error{ach.ErrIneligible, ach.ErrPaymentMethodBlocked}},
		{name: "inactive", pm: bankPM("pm_1", nil), m: mandateOf("mandate_1", "pm_1", stripe.MandateStatusInactive, stripe.MandateTypeMultiUse),
			want: []ach.Reason{ach.ReasonMandateInactive}, is: []error{ach.ErrIneligible, ach.ErrMandateInactive}},
		{name: "pending", pm: bankPM("pm_1", nil), m: mandateOf("mandate_1", "pm_1", stripe.MandateStatusPending, stripe.MandateTypeMultiUse),
			want: []ach.Reason{ach.ReasonMandatePending}, is: []error{ach.ErrIneligible}},
		{name: "unknown status", pm: bankPM("pm_1", nil), m: mandateOf("mandate_1", "pm_1", "revoked", stripe.MandateTypeMultiUse),
			want: []ach.Reason{ach.ReasonMandateStatusUnknown}, is: []error{ach.ErrIneligible}},
		{name: "single use", pm: bankPM("pm_1", nil), m: mandateOf("mandate_1", "pm_1", stripe.MandateStatusActive, stripe.MandateTypeSingleUse),
			want: []ach.Reason{ach.ReasonMandateSingleUse}, is: []error{ach.ErrIneligible}},
		{name: "other payment method", pm: bankPM("pm_1", nil), m: mandateOf("mandate_1", "pm_2", stripe.MandateStatusActive, stripe.MandateTypeMultiUse),
			want: []ach.Reason{ach.ReasonMandateOtherPaymentMethod}, is: []error{ach.ErrIneligible}},
		{name: "blocked and inactive", pm: bankPM("pm_1", closed), m: mandateOf("mandate_1", "pm_1", stripe.MandateStatusInactive, stripe.MandateTypeMultiUse),
			want: []ach.Reason{ach.ReasonPaymentMethodBlocked, ach.ReasonMandateInactive}, blocked: &ach.Blocked{NetworkCode: "R02", Reason: ach.BlockedBankAccountClosed},
			is: []error{ach.ErrIneligible, ach.ErrPaymentMethodBlocked, ach.ErrMandateInactive}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := ach.CheckSaved(tt.pm, tt.m)
			if !reflect.DeepEqual(e.Reasons, tt.want) || !reflect.DeepEqual(e.Blocked, tt.blocked) {
				t.Fatalf("CheckSaved = %+v (blocked %+v), want %v (blocked %+v)", e.Reasons, e.Blocked, tt.want, tt.blocked)
			}
			err := e.Err()
			if e.OK() != (len(tt.want) == 0) || (err == nil) != e.OK() {
				t.Fatalf("OK = %v, Err = %v", e.OK(), err)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("Err() = %v, want it to match %v", err, target)
				}
			}
			for _, other := range []error{ach.ErrMandateInactive, ach.ErrPaymentMethodBlocked} {
				if errors.Is(err, other) && !containsErr(tt.is, other) {
					t.Errorf("Err() = %v matches %v, which does not apply", err, other)
				}
			}
			for _, r := range tt.want {
				if !e.Has(r) || r.Description() == string(r) {
					t.Errorf("reason %s: Has = %v, description %q", r, e.Has(r), r.Description())
				}
			}
			if tt.blocked != nil && !strings.Contains(err.Error(), "R02 bank_account_closed") {
				t.Errorf("Error() = %q, want the network code and reason", err.Error())
			}
		})
	}
}

func containsErr(errs []error, e error) bool {
	for _, x := range errs {
		if x == e {
			return true
		}
	}
	return false
}

func TestBlockedOf(t *testing.T) {
	t.Parallel()
	if b := ach.BlockedOf(nil); b != nil {
		t.Errorf("BlockedOf(nil) = %+v", b)
	}
	if b := ach.BlockedOf(bankPM("pm_1", nil)); b != nil {
		t.Errorf("BlockedOf(unblocked) = %+v", b)
	}
	b := ach.BlockedOf(bankPM("pm_1", &stripe.PaymentMethodUSBankAccountStatusDetailsBlocked{NetworkCode: "R10", Reason: "debit_not_authorized"}))
	if b == nil || *b != (ach.Blocked{NetworkCode: "R10", Reason: ach.BlockedDebitNotAuthorized}) {
		t.Errorf("BlockedOf(R10) = %+v", b)
	}
}

// TestSavedErrIsIneligibleError: the error of CheckSaved is the one
// *IneligibleError type, carrying the saved pair's ids, reasons and block,
// and says it is about a payment method even when both inputs are nil.
func TestSavedErrIsIneligibleError(t *testing.T) {
	t.Parallel()
	pm := bankPM("pm_1", &stripe.PaymentMethodUSBankAccountStatusDetailsBlocked{NetworkCode: "R02", Reason: "bank_account_closed"})
	err := ach.CheckSaved(pm, nil).Err()
	var ie *ach.IneligibleError
	if !errors.As(err, &ie) || ie.PaymentMethodID != "pm_1" || ie.MandateID != "" || ie.AccountID != "" ||
		!ie.Has(ach.ReasonPaymentMethodBlocked) || !ie.Has(ach.ReasonNilMandate) || ie.Blocked == nil || ie.Blocked.NetworkCode != ach.R02 {
		t.Fatalf("err = %#v, want an *IneligibleError for pm_1, blocked by R02, without mandate", err)
	}
	if got, want := err.Error(), "ach: payment method pm_1 cannot be debited: payment_method_blocked (R02 bank_account_closed), nil_mandate"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := ach.CheckSaved(nil, nil).Err().Error(), "ach: payment method cannot be debited: nil_payment_method, nil_mandate"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if errors.Is(ach.Check(nil).Err(), ach.ErrMandateInactive) || errors.Is(ach.Check(nil).Err(), ach.ErrPaymentMethodBlocked) {
		t.Errorf("an account's error matches a saved payment method's sentinel")
	}
}
