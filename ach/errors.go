package ach

import (
	"errors"
)

// Sentinel errors. Every error returned by this package matches one of them
// with errors.Is.
var (
	// ErrIneligible is matched by every *IneligibleError.
	ErrIneligible = errors.New("ach: account not eligible for ach debits")
	// ErrMandateInactive is matched by an *IneligibleError whose
	// mandate's status is inactive (see CheckSaved).
	ErrMandateInactive = errors.New("ach: mandate inactive")
	// ErrPaymentMethodBlocked is matched by an *IneligibleError
	// whose payment method Stripe blocked after an ACH return (see
	// CheckSaved and Blocked).
	ErrPaymentMethodBlocked = errors.New("ach: payment method blocked")
	// ErrInvalidVerificationMethod is returned by ParseVerificationMethod.
	ErrInvalidVerificationMethod = errors.New("ach: invalid verification method")
	// ErrInvalidAcceptance is matched by every *AcceptanceError.
	ErrInvalidAcceptance = errors.New("ach: invalid customer acceptance")
	// ErrInvalidRoutingNumber is matched by the errors of
	// ValidateRoutingNumber.
	ErrInvalidRoutingNumber = errors.New("ach: invalid routing number")
	// ErrInvalidAccountNumber is returned by ValidateAccountNumber. Its
	// errors never contain the account number.
	ErrInvalidAccountNumber = errors.New("ach: invalid account number")
	// ErrInvalidAmount is matched by the errors of ParseAmount and
	// ValidateAmount.
	ErrInvalidAmount = errors.New("ach: invalid amount")
	// ErrUnsupportedCurrency is returned by ValidateAmount for any currency
	// but "usd".
	ErrUnsupportedCurrency = errors.New("ach: unsupported currency")
)

// maxInputInError bounds how many bytes of a caller's input an error keeps.
const maxInputInError = 32
