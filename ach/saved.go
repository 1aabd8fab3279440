package ach

import (
	"slices"

	"github.com/stripe/stripe-go/v82"
)

// Reasons a saved us_bank_account PaymentMethod and its Mandate cannot fund
// a new debit, in the order CheckSaved reports them (savedReasons). They extend the
// account Reasons of Check; Reason.Description describes them too.
const (
	// ReasonNilPaymentMethod: no payment method was given. It is always
	// the only payment-method reason.
	ReasonNilPaymentMethod Reason = "nil_payment_method"
	// ReasonNotUSBankAccount: the payment method's type is not
	// us_bank_account.
	ReasonNotUSBankAccount Reason = "payment_method_not_us_bank_account"
	// ReasonPaymentMethodBlocked: Stripe set
	// us_bank_account.status_details.blocked on the payment method, after
	// an ACH return that means the account is closed, frozen, invalid or
	// the debit unauthorized (network codes R02, R03, R04, R05, R07, R08,
	// R10, R11, R16, R20, R29, R31). Stripe refuses every new debit on it;
	// the customer must provide a new account. The network code and reason
	// are in SavedEligibility.Blocked.
	ReasonPaymentMethodBlocked Reason = "payment_method_blocked"
	// ReasonNilMandate: no mandate was given.
	ReasonNilMandate Reason = "nil_mandate"
	// ReasonMandateInactive: the mandate's status is inactive (revoked by
	// the customer, or ended after a return): it cannot authorize a debit
	// (Stripe's Mandate object, status).
	ReasonMandateInactive Reason = "mandate_inactive"
	// ReasonMandatePending: the mandate's status is pending; it cannot
	// authorize a debit until it becomes active.
	ReasonMandatePending Reason = "mandate_pending"
	// ReasonMandateStatusUnknown: the mandate's status is empty or a value
	// this package does not know, so it cannot be shown to be active.
	ReasonMandateStatusUnknown Reason = "mandate_status_unknown"
	// ReasonMandateSingleUse: the mandate is single_use; recurring debits
	// need a multi_use mandate, such as the one a SetupIntent leaves.
	ReasonMandateSingleUse Reason = "mandate_single_use"
	// ReasonMandateOtherPaymentMethod: the mandate was given for another
	// payment method (its payment_method is not the payment method's id).
	ReasonMandateOtherPaymentMethod Reason = "mandate_for_other_payment_method"
)

// savedReasons are the reasons only CheckSaved gives, in its order.
var savedReasons = [...]Reason{ReasonNilPaymentMethod, ReasonNotUSBankAccount, ReasonPaymentMethodBlocked,
	ReasonNilMandate, ReasonMandateInactive, ReasonMandatePending, ReasonMandateStatusUnknown,
	ReasonMandateSingleUse, ReasonMandateOtherPaymentMethod}

// BlockedReason is Stripe's us_bank_account.status_details.blocked.reason
// of a PaymentMethod, e.g. "bank_account_closed".
type BlockedReason string

// Blocked reasons Stripe documents (PaymentMethod object,
// us_bank_account.status_details.blocked.reason).
const (
	BlockedBankAccountClosed         BlockedReason = "bank_account_closed"
	BlockedBankAccountFrozen         BlockedReason = "bank_account_frozen"
	BlockedBankAccountInvalidDetails BlockedReason = "bank_account_invalid_details"
	BlockedBankAccountRestricted     BlockedReason = "bank_account_restricted"
	BlockedBankAccountUnusable       BlockedReason = "bank_account_unusable"
	BlockedDebitNotAuthorized        BlockedReason = "debit_not_authorized"
)

// Blocked is why Stripe blocked a payment method: the ACH return code that
// caused it and Stripe's reason. Both come from
// us_bank_account.status_details.blocked.
type Blocked struct {
	// NetworkCode is the NACHA return code, e.g. R02 (account closed);
	// its rules are ReturnCode's.
	NetworkCode ReturnCode
	// Reason is Stripe's reason, e.g. BlockedBankAccountClosed.
	Reason BlockedReason
}

// BlockedOf returns the block on a us_bank_account payment method, or nil
// when pm is nil, not a bank account, or not blocked.
func BlockedOf(pm *stripe.PaymentMethod) *Blocked {
	if pm == nil || pm.USBankAccount == nil || pm.USBankAccount.StatusDetails == nil || pm.USBankAccount.StatusDetails.Blocked == nil {
		return nil
	}
	b := pm.USBankAccount.StatusDetails.Blocked
	return &Blocked{NetworkCode: ReturnCode(b.NetworkCode), Reason: BlockedReason(b.Reason)}
}

// SavedEligibility is the result of CheckSaved: the ids checked and every
// reason the pair cannot fund a new debit. It is eligible when Reasons is
// empty.
type SavedEligibility struct {
	// PaymentMethodID (pm_…) and MandateID (mandate_…) are empty for nil
	// inputs.
	PaymentMethodID string
	MandateID       string
	// Reasons lists every failing rule, in the order of the constants;
	// nil when the pair is eligible.
	Reasons []Reason
	// Blocked is set with ReasonPaymentMethodBlocked.
	Blocked *Blocked
}

// OK reports whether the payment method and mandate can fund a debit.
func (e SavedEligibility) OK() bool { return len(e.Reasons) == 0 }

// Has reports whether r is among the reasons.
func (e SavedEligibility) Has(r Reason) bool { return slices.Contains(e.Reasons, r) }

// Err returns nil if the pair is eligible, and otherwise an
// *IneligibleError matching ErrIneligible, and also ErrMandateInactive or
// ErrPaymentMethodBlocked when those reasons apply.
func (e SavedEligibility) Err() error {
	if e.OK() {
		return nil
	}
	out := &IneligibleError{PaymentMethodID: e.PaymentMethodID, MandateID: e.MandateID,
		Reasons: append([]Reason(nil), e.Reasons...)}
	if e.Blocked != nil {
		b := *e.Blocked
		out.Blocked = &b
	}
	return out
}

// CheckSaved reports whether a saved PaymentMethod can be debited again
// under a Mandate, the rules of an off-session ACH debit (Stripe's
// PaymentIntent with payment_method, mandate, off_session and confirm),
// returning every failing rule rather than the first:
//
//   - the payment method is a us_bank_account one;
//   - it is not blocked (us_bank_account.status_details.blocked is null);
//   - the mandate's status is active (not inactive or pending);
//   - the mandate is multi_use;
//   - the mandate belongs to the payment method (its payment_method, when
//     present, is the payment method's id).
//
// A nil payment method yields ReasonNilPaymentMethod (and no other
// payment-method reason); a nil mandate ReasonNilMandate. CheckSaved reads
// only these fields and modifies neither argument. The account rules of a
// linked account are Check's.
func CheckSaved(pm *stripe.PaymentMethod, m *stripe.Mandate) SavedEligibility {
	var e SavedEligibility
	if pm == nil {
		e.Reasons = append(e.Reasons, ReasonNilPaymentMethod)
	} else {
		e.PaymentMethodID = pm.ID
		if pm.Type != stripe.PaymentMethodTypeUSBankAccount || pm.USBankAccount == nil {
			e.Reasons = append(e.Reasons, ReasonNotUSBankAccount)
		}
		if b := BlockedOf(pm); b != nil {
			e.Reasons = append(e.Reasons, ReasonPaymentMethodBlocked)
			e.Blocked = b
		}
	}
	if m == nil {
		e.Reasons = append(e.Reasons, ReasonNilMandate)
		return e
	}
	e.MandateID = m.ID
	switch m.Status {
	case stripe.MandateStatusActive:
	case stripe.MandateStatusInactive:
		e.Reasons = append(e.Reasons, ReasonMandateInactive)
	case stripe.MandateStatusPending:
		e.Reasons = append(e.Reasons, ReasonMandatePending)
	default:
		e.Reasons = append(e.Reasons, ReasonMandateStatusUnknown)
	}
	if m.Type == stripe.MandateTypeSingleUse {
		e.Reasons = append(e.Reasons, ReasonMandateSingleUse)
	}
	if pm != nil && m.PaymentMethod != nil && m.PaymentMethod.ID != "" && m.PaymentMethod.ID != pm.ID {
		e.Reasons = append(e.Reasons, ReasonMandateOtherPaymentMethod)
	}
	return e
}
