// Package contract is a suite of client calls that must behave the same
// against every backend the SDK is tested on: stripe-mock, which validates
// each request against Stripe's OpenAPI specification but keeps no state,
// and the fctest simulator, which keeps state and runs the lifecycles.
//
// Calls returns the suite, in the order an integration makes the calls
// (customer, session, linked accounts, refresh, data reads, subscriptions,
// payments, disconnect). Each Call runs against an Env, which carries the
// client and the ids earlier calls produced. Every call must succeed on
// every backend and decode into the SDK's types; on a stateful backend
// (Env.State set) each call also checks the state it produced: what the
// client returned is what the server holds, and data read through the client
// equals the server's objects passed through the domain converters.
//
// NewSimEnv and NewStripeMockEnv build the two environments. The suite itself
// runs in this package's tests, one subtest per backend and call
// (TestContract/fctest/create_customer, TestContract/stripe-mock/…).
package contract
