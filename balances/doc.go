// Package balances holds the typed balance of a Financial Connections
// account and the money arithmetic built on it.
//
// # Money
//
// [Money] is an amount in integer minor units (cents for USD, yen for JPY)
// plus a [Currency]. Arithmetic never silently wraps: [Money.Add] and
// [Money.Sub] return [ErrCurrencyMismatch] or [ErrOverflow]. Money is never
// represented as a float64.
//
// # Balances
//
// [FromStripe] converts a *stripe.FinancialConnectionsAccountBalance into a
// [Balance]. A cash balance carries current and (when the bank reports it)
// available amounts; a credit balance carries current and used amounts. A
// JSON null "as_of" arrives from stripe-go as 0 and becomes the zero
// time.Time, which [Balance.Stale] treats as stale whatever the age limit.
//
// # Sufficiency
//
// [Check] answers, before an ACH debit, whether the balance is enough to
// cover an amount: [Sufficient], [Insufficient] or [Unknown], always with a
// [Reason]. It fails closed: when the data cannot support an answer (stale,
// credit account, no available balance, other currency) the answer is
// Unknown, never Sufficient.
//
// The package does no I/O; all functions are safe for concurrent use.
package balances
