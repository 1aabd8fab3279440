// Command quickstart walks through a Financial Connections integration:
// link bank accounts, refresh and read balances, check ACH eligibility and
// ownership, debit an account with a mandate and summarise its transactions.
//
//	go run ./examples/quickstart
//
// Without STRIPE_SECRET_KEY it runs on the embedded simulator (package
// fctest): no account, no network, the same output every time. With an
// sk_test_ key it runs the server-side half against Stripe test mode and
// explains what the browser half needs. Live keys are refused.
//
// Flags:
//
//	-v     log every HTTP attempt (debug level) to stderr
//	-seed  seed of the simulator (default 1)
package main
