// Command recurring debits a saved bank account every month: the recurring
// ACH Direct Debit path of fincon (save once, debit many times).
//
//	go run ./examples/recurring
//
// It runs offline on the embedded simulator (package fctest), on simulated
// time, and prints the same output every time. The program:
//
//   - links the customer's checking account through Financial Connections
//     and saves it once with a confirmed SetupIntent, which leaves a
//     PaymentMethod (pm_…) and a multi_use Mandate (mandate_…);
//   - on the first of each month checks the saved payment method
//     (Client.CheckSavedPaymentMethod, ach.CheckSaved) and debits it
//     off-session (Client.CreateOffSessionPaymentIntent, one idempotency
//     key per month, so a retried run never debits twice);
//   - in month 2 the bank returns the debit with R01 (insufficient funds);
//     NACHA allows re-presenting it (ach.ReturnCode.CheckRepresentment), and
//     the re-presented debit succeeds;
//   - in month 5 the bank returns the debit with R02 (account closed):
//     Stripe blocks the payment method (us_bank_account.status_details.
//     blocked) and ends the mandate (mandate.updated, received by a
//     fincon/webhooks Handler);
//   - in month 6 the debit is refused locally, before any request creates
//     a PaymentIntent, with the typed error (ach.ErrPaymentMethodBlocked).
//
// Flags:
//
//	-months  number of monthly debits to attempt (default 6)
package main
