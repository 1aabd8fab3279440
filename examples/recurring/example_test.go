package main

import (
	"context"
	"os"
)

// The recurring story: save once, four monthly debits (one R01 return
// re-presented), then a closing return blocks the payment method and the
// next debit is refused locally.
func Example() {
	run(context.Background(), nil, os.Stdout, os.Stderr)
	// Output:
	// saved once: setup intent succeeded, mandate multi_use active
	// month 1 (2025-10): 49.00 USD debited, succeeded
	// month 2 (2025-11): returned R01 (insufficient funds), re-presenting
	// month 2 (2025-11): 49.00 USD debited, succeeded
	// month 3 (2025-12): 49.00 USD debited, succeeded
	// month 4 (2026-01): 49.00 USD debited, succeeded
	//    webhook mandate.updated: mandate is inactive
	// month 5 (2026-02): returned R02 (account closed), not re-presented: ach: return code does not allow re-presentment (return R02, 0 prior re-presentments)
	// month 6 (2026-03): not debited, refused locally: blocked by R02 bank_account_closed, mandate inactive
	// 6 PaymentIntents created, 4 succeeded
}
