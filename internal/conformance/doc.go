// Package conformance holds tests, and nothing else, that send the stripe-go
// params built by the domain packages (permissions, ach) to stripe-mock, which
// validates every request against Stripe's OpenAPI specification.
//
// For a Financial Connections session create, an account refresh, a
// subscription and an ACH Direct Debit PaymentIntent (create and confirm, and
// a SetupIntent), the params built through the typed layer must be accepted.
// Next to each, the mistake the typed layer exists to prevent — the refresh
// feature "balances" instead of "balance", the permission "balance", a
// verification method or acceptance type that does not exist — is sent as a
// raw string and must be rejected by stripe-mock with HTTP 400, while the
// typed layer refuses to build it at all.
//
// The tests need stripe-mock (see package internal/stripemock); without it
// they skip, naming the command that installs it, except in CI.
package conformance
