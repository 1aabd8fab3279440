// Command webhooks receives the Stripe webhooks of a Financial Connections
// and ACH Direct Debit integration with a fincon/webhooks Handler:
//
//	go run ./examples/webhooks
//
// It runs offline on the embedded simulator (package fctest), which delivers
// signed events to the Handler in-process, and prints the same output every
// time. The simulator signs with its simulated clock
// (fctest.WithSimulatedSignatureTime), so the Handler checks signatures
// against that clock (webhooks.WithClock): with the wall clock it would reject
// every delivery as too old.
//
// The program shows:
//
//   - typed callbacks for account refreshed, payment processing, succeeded
//     and failed events;
//   - a webhooks.RefreshNotifier given to the client with
//     fincon.WithRefreshEvents, so that RefreshAndWait returns when the
//     refreshed_balance event arrives instead of polling the account (the
//     client's clock is the simulator's, except that its safety sleep
//     blocks as a real timer would, so that only the event can end the
//     wait early);
//   - two ACH debits, created and confirmed, and the simulated days until
//     payment_intent.succeeded (and, for the account without funds,
//     payment_intent.payment_failed) arrive;
//   - a redelivered event, acknowledged with 200 but not dispatched again.
//
// Flags:
//
//	-seed  seed of the simulator (default 1)
package main
