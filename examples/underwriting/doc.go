// Command underwriting walks the data-powered products use case of
// Financial Connections ("Collect an account to build data-powered
// products") for a lending decision:
//
//	go run ./examples/underwriting
//
// It runs offline on the embedded simulator (package fctest) and prints the
// same walk-through every time. Each applicant first linked a checking
// account for ACH debits only (payment_method). The lender now needs
// balances and transactions (permissions.UseCaseUnderwriting), which the
// account lacks: fincon's PlanWiden gives the missing permissions, the
// session params for the same customer, and the words to show the
// applicant, who links the account again. The program then refreshes and
// reads the balance and 180 days of transactions, builds the cash-flow
// report (transactions.Analyze: 30/60/90-day windows, average daily
// balance, recurring income and bills) and applies a simple, documented
// policy:
//
//   - the 90-day average daily balance covers at least two monthly
//     payments;
//   - recurring monthly income is at least three times the monthly
//     payment;
//   - the 90-day net cash flow is not negative.
//
// The policy is an illustration of reading the data, not credit advice.
//
// Flags:
//
//	-amount  loan amount in cents (default 300000, $3,000.00)
//	-months  term in months (default 12)
package main
