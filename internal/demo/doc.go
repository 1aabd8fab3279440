// Package demo is the quickstart flow of the SDK as a function, shared by the
// examples/quickstart command and by tests that run the whole flow (and watch
// its log lines and HTTP exchanges for leaked secrets).
//
// Run picks its backend from Config.APIKey:
//
//   - empty: the embedded simulator (package fctest), on an in-memory
//     transport and a simulated clock. The whole integration runs: create a
//     customer and a Financial Connections session, link test accounts,
//     refresh and wait, read balances, check ACH eligibility and ownership,
//     run the pre-debit NSF check, debit with a mandate, let the debit settle
//     (one succeeds, one comes back R01) and summarise the transactions.
//     The output is deterministic: same seed, same text.
//   - an sk_test_ or rk_test_ key: the server-side half against Stripe
//     test mode (customer and session), then what the browser half needs.
//     The session's client secret is printed only in redacted form.
//   - a live key (sk_live_, rk_live_) or anything else: refused with
//     ErrLiveKey or ErrInvalidKey before any request.
//
// Config.Logger receives the client's debug log of every HTTP attempt and the
// flow's own steps; Config.WrapTransport sees every request and response.
// Neither ever carries the API key or a client secret in a log line.
package demo
