// Package ach holds the rules for turning a Stripe Financial Connections
// account into an ACH Direct Debit: who may be debited, how the account is
// verified, how the customer's mandate is recorded, and which routing
// numbers and amounts are acceptable. It builds stripe-go params but does
// no I/O.
//
// # Eligibility
//
// Check takes a *stripe.FinancialConnectionsAccount and returns an
// Eligibility listing every Reason the account cannot be debited — not just
// the first — in a fixed order: us_bank_account missing from
// supported_payment_method_types, category not cash, subcategory not
// checking or savings, status inactive, disconnected or unknown, and the
// payment_method permission not granted. Eligibility.Err turns a failed
// check into an *IneligibleError matching ErrIneligible; CheckSaved checks
// a saved payment method and its mandate the same way, and its
// SavedEligibility.Err is the same *IneligibleError, naming the payment
// method and mandate instead of an account.
//
// # Verification methods
//
// VerificationMethod is the payment_method_options[us_bank_account]
// [verification_method] parameter. Automatic (the default, and the meaning
// of the zero value) offers Financial Connections with a manual-entry and
// microdeposit fallback; Instant allows Financial Connections only;
// Microdeposits allows manual entry only. Accounts entered manually have no
// balances, ownership or transactions data, so a flow that needs that data
// should use Instant.
//
// # Mandates
//
// Nacha rules require the customer's authorization before a debit. A
// CustomerAcceptance records it; Validate checks it (online acceptance needs
// an IP address and a user agent; accepted_at must be set and not in the
// future, allowing MaxClockSkew), and the converters build the
// mandate_data params of PaymentIntent and SetupIntent create and confirm.
//
// # Returns
//
// A failed ACH debit comes back with a NACHA return code. ReturnCode names
// each code Stripe reports (R01 insufficient funds, R02 account closed, …)
// with its meaning and two rules: MayRepresent (only R01 and R09, at most
// MaxRepresentments times within RepresentmentWindow of the original
// settlement; CheckRepresentment applies all three) and StopDebits (every
// other code: Stripe blocks the bank account). ReturnFromPaymentIntent and
// ReturnFromCharge read the code from last_payment_error and from the
// charge's outcome into a Return.
//
// # Routing numbers and amounts
//
// ValidateRoutingNumber checks the 9-digit ABA number, its prefix range and
// its 3-7-1 checksum. ParseAmount reads "12.34" as 1234 cents, strictly;
// ValidateAmount enforces USD and Stripe's limits MinAmount and MaxAmount.
// Amounts are always int64 cents, never floating point.
//
// Errors never contain account numbers, IP addresses or user agents.
// Stripe's documented test values are provided as constants, e.g.
// TestRoutingNumber and TestAccountNumberInsufficientFunds.
//
// The package keeps no state and is safe for concurrent use.
package ach
