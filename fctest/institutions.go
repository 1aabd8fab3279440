package fctest

import (
	"errors"

	"github.com/fcsdk/fcsdk/internal/enum"
)

// Institution names a test bank account that [Sim.LinkAccounts] can link.
// Each one exercises a path an integration must handle.
type Institution string

// Test institutions.
const (
	// InstitutionSuccess is an active checking account with a healthy
	// balance and ordinary activity; ACH debits succeed.
	InstitutionSuccess Institution = "success"
	// InstitutionSavings is an active savings account (ACH-eligible) with
	// monthly transfers and interest.
	InstitutionSavings Institution = "savings"
	// InstitutionInsufficientFunds is an active checking account with a
	// low balance (12.34 USD at link time): an ACH debit its available
	// balance does not cover at settlement fails with R01
	// (insufficient_funds), like any account's.
	InstitutionInsufficientFunds Institution = "insufficient_funds"
	// InstitutionCreditCard is a credit card: category credit, subcategory
	// credit_card, no us_bank_account support, so not ACH-eligible.
	InstitutionCreditCard Institution = "credit_card"
	// InstitutionInactive is a checking account whose link is inactive:
	// refreshes and subscriptions are refused, next_refresh_available_at is
	// null, and it cannot fund a payment.
	InstitutionInactive Institution = "inactive"
	// InstitutionOwnerMismatch is an active checking account whose owner
	// (name, email, phone, address) differs from the customer.
	InstitutionOwnerMismatch Institution = "owner_mismatch"
	// InstitutionDisconnected is a checking account the user disconnected
	// right after linking: status disconnected, no data access.
	InstitutionDisconnected Institution = "disconnected"
)

// Institutions returns every test institution, in a stable order.
func Institutions() []Institution {
	return []Institution{
		InstitutionSuccess, InstitutionSavings, InstitutionInsufficientFunds,
		InstitutionCreditCard, InstitutionInactive, InstitutionOwnerMismatch,
		InstitutionDisconnected,
	}
}

// Valid reports whether i is a known test institution.
func (i Institution) Valid() bool {
	_, ok := profiles[i]
	return ok
}

// ErrUnknownInstitution is matched by the error of a Sim method given a
// name that is not a test institution. The error quotes the name, e.g.
// `fctest: unknown institution "acme"`.
var ErrUnknownInstitution = errors.New("fctest: unknown institution")

// institutionKind names Institution in errors.
var institutionKind = enum.Kind{Pkg: "fctest", Name: "institution", Err: ErrUnknownInstitution}

// validate returns nil for a test institution and otherwise the error
// matching ErrUnknownInstitution.
func (i Institution) validate() error {
	_, err := enum.Parse(institutionKind, string(i), Institution.Valid)
	return err
}

// activity selects the transaction generator of an account.
type activity int

const (
	activityChecking activity = iota
	activitySavings
	activityCreditCard
	activityLowBalance
)

type profile struct {
	institutionName string
	displayName     string
	category        string
	subcategory     string
	last4           string
	status          string // status right after linking
	ach             bool   // supports us_bank_account
	ownerMismatch   bool
	balance         int64 // current balance at link time (credit: amount owed)
	activity        activity
	salt            uint64
}

var profiles = map[Institution]profile{
	InstitutionSuccess: {
		institutionName: "StripeBank", displayName: "Everyday Checking", category: "cash",
		subcategory: "checking", last4: "6789", status: "active", ach: true,
		balance: 1_254_321, activity: activityChecking, salt: 11,
	},
	InstitutionSavings: {
		institutionName: "StripeBank", displayName: "High Yield Savings", category: "cash",
		subcategory: "savings", last4: "4321", status: "active", ach: true,
		balance: 2_500_000, activity: activitySavings, salt: 12,
	},
	InstitutionInsufficientFunds: {
		institutionName: "Low Balance Bank", displayName: "Basic Checking", category: "cash",
		subcategory: "checking", last4: "1116", status: "active", ach: true,
		balance: 1_234, activity: activityLowBalance, salt: 13,
	},
	InstitutionCreditCard: {
		institutionName: "StripeBank", displayName: "Rewards Visa", category: "credit",
		subcategory: "credit_card", last4: "4242", status: "active", ach: false,
		balance: 53_217, activity: activityCreditCard, salt: 14,
	},
	InstitutionInactive: {
		institutionName: "Sunset Savings & Loan", displayName: "Checking", category: "cash",
		subcategory: "checking", last4: "0002", status: "inactive", ach: true,
		balance: 310_000, activity: activityChecking, salt: 15,
	},
	InstitutionOwnerMismatch: {
		institutionName: "StripeBank", displayName: "Joint Checking", category: "cash",
		subcategory: "checking", last4: "5555", status: "active", ach: true, ownerMismatch: true,
		balance: 842_000, activity: activityChecking, salt: 16,
	},
	InstitutionDisconnected: {
		institutionName: "StripeBank", displayName: "Old Checking", category: "cash",
		subcategory: "checking", last4: "0003", status: "disconnected", ach: true,
		balance: 120_000, activity: activityChecking, salt: 17,
	},
}

// Owner details of generated ownership records.
const (
	defaultOwnerName    = "Jenny Rosen"
	defaultOwnerEmail   = "jenny.rosen@example.com"
	defaultOwnerPhone   = "+15555550123"
	defaultOwnerAddress = "510 Townsend St, San Francisco, CA 94103, US"

	mismatchOwnerName    = "Morgan Different"
	mismatchOwnerEmail   = "morgan.different@example.net"
	mismatchOwnerPhone   = "+15555559876"
	mismatchOwnerAddress = "1 Elsewhere Rd, Springfield, IL 62701, US"
)
