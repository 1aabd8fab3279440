// Command microdeposits saves a bank account the customer typed in by
// hand, verifies it with microdeposits, debits it and partly refunds the
// debit: the manual-entry fallback of ACH Direct Debit and the rest of the
// payment lifecycle.
//
//	go run ./examples/microdeposits
//
// It runs offline on the embedded simulator (package fctest), on simulated
// time, and prints the same output every time. The program:
//
//   - creates an intent-first SetupIntent with verification_method
//     microdeposits (Client.CreateCollectSetupIntent); the customer types
//     the account in instead of linking it (fctest's
//     CollectBankAccountManually stands in for Stripe.js);
//   - confirms it with the customer's mandate: Stripe sends microdeposits
//     and the SetupIntent waits in requires_action with the typed
//     next_action (SetupIntent.Microdeposits: type, arrival date, hosted
//     verification URL, which prints redacted); a fincon/webhooks Handler
//     receives setup_intent.requires_action;
//   - shows that a hand-entered account has no balances to read
//     (BankAccount.DataAccount refuses with
//     fincon.ErrNoFinancialConnectionsAccount and no request);
//   - lets the deposits arrive on the simulated clock, reports a wrong
//     amount (refused with fincon.ErrMicrodepositMismatch), then Stripe's
//     test amounts 32 and 45 cents, which verify the account;
//   - debits the saved account off-session, lets the debit settle, then
//     refunds part of it (Client.RefundPaymentIntent with an idempotency
//     key), pending until the customer's bank takes the credit; the
//     Handler receives refund.updated when it succeeds.
//
// Flags:
//
//	-amount  the debit in cents (default 5000, at least 1000 so that the
//	         1000-cent refund fits)
package main
