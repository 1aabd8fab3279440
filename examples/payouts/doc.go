// Command payouts walks the Connect payouts use case of Financial
// Connections end to end ("Collect a bank account to enhance Connect
// payouts"):
//
//	go run ./examples/payouts
//
// It runs offline on the embedded simulator (package fctest) and prints the
// same walk-through every time:
//
//  1. the platform creates a Custom connected account;
//  2. it creates a Financial Connections session with
//     account_holder[type]=account and the payment_method and ownership
//     permissions (permissions.UseCaseConnectPayoutsOwnership);
//  3. in the browser, the connected account links its bank and Stripe.js
//     collectBankAccountToken returns a bank-account token (here
//     fctest's CollectBankAccountToken);
//  4. before the first payout, the owners of the linked bank are compared
//     with the connected account's representative (CheckPayoutOwner);
//  5. the matching bank is attached as the account's default external
//     account, exactly once (AttachExternalAccount with an idempotency
//     key), and a retry returns the same external account;
//  6. a second connected account whose bank is held by someone else is
//     held for review and nothing is attached;
//  7. a Standard connected account, whose bank data the platform cannot
//     read, is refused a data permission without a request, and an
//     account id from untrusted input is refused before it reaches the
//     Stripe-Account header.
package main
