// Command quickstart walks through a Financial Connections integration:
// link bank accounts, refresh and read balances, check ACH eligibility and
// ownership, debit an account with a mandate and summarise its transactions.
//
//	go run ./examples/quickstart
//
// Without STRIPE_SECRET_KEY it runs on the embedded simulator (package
// fctest), on an in-memory transport and a simulated clock: no account, no
// network, the same output every time. The whole integration runs: create a
// customer and a Financial Connections session, link test accounts, refresh
// and wait, read balances, check ACH eligibility and ownership, run the
// pre-debit NSF check, debit with a mandate, let the debits settle (one
// succeeds, one comes back R01) and summarise the transactions.
//
// With an sk_test_ or rk_test_ key it runs the server-side half against
// Stripe test mode (customer and session) and explains what the browser
// half needs; the session's client secret is printed only in redacted form.
// Live keys (sk_live_, rk_live_) and anything else are refused before any
// request.
//
// Flags:
//
//	-v     log every HTTP attempt (debug level) to stderr
//	-seed  seed of the simulator (default 1)
//
// Neither the log nor the output ever carries the API key or a client
// secret.
//
// # Reading the code
//
//   - main.go: flags, and the exit status.
//   - quickstart.go: what a run takes and returns, the key check, and the
//     choice between the simulator and Stripe test mode.
//   - simulator.go: the simulator and the client wired to it.
//   - flow.go: the flow itself, one method per numbered step of the output,
//     on the public packages only: fincon for every call, permissions, ach,
//     balances, ownership and transactions for the decisions, and fctest
//     standing in for the customer's browser.
//   - testmode.go: the server-side half against Stripe test mode.
package main
