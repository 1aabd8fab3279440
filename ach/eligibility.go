package ach

import (
	"slices"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/quote"
	"github.com/fcsdk/fcsdk/permissions"
)

// Reason is why a Financial Connections account cannot be debited via ACH.
type Reason string

// Reasons, in the order Check reports them.
const (
	// ReasonNilAccount: no account was given. It is always the only reason.
	ReasonNilAccount Reason = "nil_account"
	// ReasonUSBankAccountNotSupported: supported_payment_method_types does
	// not contain us_bank_account, so no ACH PaymentMethod can be created
	// from the account.
	ReasonUSBankAccountNotSupported Reason = "us_bank_account_not_supported"
	// ReasonNotCash: category is not cash (credit, investment or other
	// accounts cannot take ACH debits).
	ReasonNotCash Reason = "category_not_cash"
	// ReasonNotCheckingOrSavings: subcategory is neither checking nor
	// savings.
	ReasonNotCheckingOrSavings Reason = "subcategory_not_checking_or_savings"
	// ReasonInactive: status is inactive; the institution no longer
	// provides access to the account.
	ReasonInactive Reason = "account_inactive"
	// ReasonDisconnected: status is disconnected; the user or the platform
	// ended the link.
	ReasonDisconnected Reason = "account_disconnected"
	// ReasonStatusUnknown: status is empty or a value this package does not
	// know, so the account cannot be shown to be active.
	ReasonStatusUnknown Reason = "account_status_unknown"
	// ReasonPaymentMethodPermissionMissing: the payment_method permission,
	// which gives access to the tokenized account and routing number, was
	// not granted.
	ReasonPaymentMethodPermissionMissing Reason = "payment_method_permission_missing"
)

var descriptions = map[Reason]string{
	ReasonNilAccount:                     "no account",
	ReasonUSBankAccountNotSupported:      "us_bank_account is not among the supported payment method types",
	ReasonNotCash:                        "category is not cash",
	ReasonNotCheckingOrSavings:           "subcategory is not checking or savings",
	ReasonInactive:                       "account is inactive",
	ReasonDisconnected:                   "account is disconnected",
	ReasonStatusUnknown:                  "account status is not active",
	ReasonPaymentMethodPermissionMissing: "payment_method permission not granted",
	ReasonNilPaymentMethod:               "no payment method",
	ReasonNotUSBankAccount:               "payment method is not a us_bank_account",
	ReasonPaymentMethodBlocked:           "payment method blocked after an ach return",
	ReasonNilMandate:                     "no mandate",
	ReasonMandateInactive:                "mandate is inactive",
	ReasonMandatePending:                 "mandate is pending",
	ReasonMandateStatusUnknown:           "mandate status is not active",
	ReasonMandateSingleUse:               "mandate is single_use",
	ReasonMandateOtherPaymentMethod:      "mandate belongs to another payment method",
}

// String returns the reason code.
func (r Reason) String() string { return string(r) }

// Description returns a short English description of r.
func (r Reason) Description() string {
	if d, ok := descriptions[r]; ok {
		return d
	}
	return string(r)
}

// Eligibility is the result of Check: the account's ID and every reason it
// cannot be debited. It is eligible when Reasons is empty.
type Eligibility struct {
	// AccountID is the fca_… ID, empty for a nil account.
	AccountID string
	// Reasons lists every failing rule, in the order of the Reason
	// constants; nil when the account is eligible.
	Reasons []Reason
}

// OK reports whether the account is eligible for ACH debits.
func (e Eligibility) OK() bool { return len(e.Reasons) == 0 }

// Has reports whether r is among the reasons.
func (e Eligibility) Has(r Reason) bool {
	for _, x := range e.Reasons {
		if x == r {
			return true
		}
	}
	return false
}

// Err returns nil if the account is eligible and an *IneligibleError
// (matching ErrIneligible) otherwise.
func (e Eligibility) Err() error {
	if e.OK() {
		return nil
	}
	return &IneligibleError{AccountID: e.AccountID, Reasons: append([]Reason(nil), e.Reasons...)}
}

// IneligibleError reports why a debit cannot be made: the reasons a linked
// account fails Check (Eligibility.Err), or a saved payment method and its
// mandate fail CheckSaved (SavedEligibility.Err). It matches ErrIneligible
// with errors.Is, and also ErrMandateInactive or ErrPaymentMethodBlocked
// when the reasons include ReasonMandateInactive or
// ReasonPaymentMethodBlocked.
type IneligibleError struct {
	// AccountID is the linked account checked (fca_…); empty for a saved
	// payment method.
	AccountID string
	// PaymentMethodID (pm_…) and MandateID (mandate_…) are the saved pair
	// CheckSaved checked; empty for a linked account, and for nil inputs.
	PaymentMethodID string
	MandateID       string
	// Reasons lists every failing rule, in the order of the Reason
	// constants.
	Reasons []Reason
	// Blocked is the block's network code and reason, set with
	// ReasonPaymentMethodBlocked.
	Blocked *Blocked
}

// Error implements error, e.g. "ach: account fca_123 not eligible for ach
// debits: category_not_cash, account_inactive" for an account, or "ach:
// payment method pm_1 (mandate mandate_1) cannot be debited:
// payment_method_blocked (R02 bank_account_closed)" for a saved payment
// method.
func (e *IneligibleError) Error() string {
	var b strings.Builder
	if e.saved() {
		b.WriteString("ach: payment method ")
		if e.PaymentMethodID != "" {
			b.WriteString(quote.Cut(e.PaymentMethodID, maxInputInError))
			b.WriteByte(' ')
		}
		if e.MandateID != "" {
			b.WriteString("(mandate ")
			b.WriteString(quote.Cut(e.MandateID, maxInputInError))
			b.WriteString(") ")
		}
		b.WriteString("cannot be debited")
	} else {
		b.WriteString("ach: account ")
		if e.AccountID != "" {
			b.WriteString(quote.Cut(e.AccountID, maxInputInError))
			b.WriteByte(' ')
		}
		b.WriteString("not eligible for ach debits")
	}
	for i, r := range e.Reasons {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(string(r))
		if r == ReasonPaymentMethodBlocked && e.Blocked != nil {
			b.WriteString(" (")
			b.WriteString(quote.Cut(string(e.Blocked.NetworkCode), maxInputInError))
			b.WriteByte(' ')
			b.WriteString(quote.Cut(string(e.Blocked.Reason), maxInputInError))
			b.WriteByte(')')
		}
	}
	return b.String()
}

// saved reports whether e is about a saved payment method rather than a
// linked account: it names one, or has a reason only CheckSaved gives.
func (e *IneligibleError) saved() bool {
	if e.AccountID != "" {
		return false
	}
	if e.PaymentMethodID != "" || e.MandateID != "" {
		return true
	}
	for _, r := range e.Reasons {
		if slices.Contains(savedReasons[:], r) {
			return true
		}
	}
	return false
}

// Is matches ErrIneligible, and ErrMandateInactive or
// ErrPaymentMethodBlocked when the reasons include them.
func (e *IneligibleError) Is(target error) bool {
	switch target {
	case ErrIneligible:
		return true
	case ErrMandateInactive:
		return e.Has(ReasonMandateInactive)
	case ErrPaymentMethodBlocked:
		return e.Has(ReasonPaymentMethodBlocked)
	}
	return false
}

// Has reports whether r is among the reasons.
func (e *IneligibleError) Has(r Reason) bool { return slices.Contains(e.Reasons, r) }

// Check reports whether a linked account can be debited via ACH, returning
// every failing rule rather than the first:
//
//   - supported_payment_method_types contains us_bank_account;
//   - category is cash and subcategory checking or savings (only cash
//     accounts allow ACH transfers);
//   - status is active;
//   - the payment_method permission is granted.
//
// A nil account yields the single reason ReasonNilAccount. Check reads only
// the fields above and does not modify acct.
func Check(acct *stripe.FinancialConnectionsAccount) Eligibility {
	if acct == nil {
		return Eligibility{Reasons: []Reason{ReasonNilAccount}}
	}
	e := Eligibility{AccountID: acct.ID}
	supported := false
	for _, t := range acct.SupportedPaymentMethodTypes {
		if t == stripe.FinancialConnectionsAccountSupportedPaymentMethodTypeUSBankAccount {
			supported = true
			break
		}
	}
	if !supported {
		e.Reasons = append(e.Reasons, ReasonUSBankAccountNotSupported)
	}
	if acct.Category != stripe.FinancialConnectionsAccountCategoryCash {
		e.Reasons = append(e.Reasons, ReasonNotCash)
	}
	switch acct.Subcategory {
	case stripe.FinancialConnectionsAccountSubcategoryChecking, stripe.FinancialConnectionsAccountSubcategorySavings:
	default:
		e.Reasons = append(e.Reasons, ReasonNotCheckingOrSavings)
	}
	switch acct.Status {
	case stripe.FinancialConnectionsAccountStatusActive:
	case stripe.FinancialConnectionsAccountStatusInactive:
		e.Reasons = append(e.Reasons, ReasonInactive)
	case stripe.FinancialConnectionsAccountStatusDisconnected:
		e.Reasons = append(e.Reasons, ReasonDisconnected)
	default:
		e.Reasons = append(e.Reasons, ReasonStatusUnknown)
	}
	granted := false
	for _, p := range acct.Permissions {
		if string(p) == string(permissions.PaymentMethod) {
			granted = true
			break
		}
	}
	if !granted {
		e.Reasons = append(e.Reasons, ReasonPaymentMethodPermissionMissing)
	}
	return e
}
