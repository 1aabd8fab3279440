package main

import (
	"context"
	"os"
)

// The microdeposits story: a hand-entered account saved with a SetupIntent,
// verified with microdeposits after a wrong attempt, debited, and partly
// refunded.
func Example() {
	run(context.Background(), nil, os.Stdout, os.Stderr)
	// Output:
	// 1. Mon 2025-09-01: the customer typed in account ****6789 (manual_entry)
	//    webhook setup_intent.requires_action: verify_with_microdeposits
	// 2. confirmed: requires_action, verify with amounts arriving Wed 2025-09-03 (hosted page [redacted])
	// 3. no balance to read for a hand-entered account: refused locally with ErrNoFinancialConnectionsAccount, 0 requests
	// 4. Wed 2025-09-03: two deposits of 32 and 45 cents arrived
	// 5. wrong amounts 32 and 54 refused with ErrMicrodepositMismatch
	// 6. verified with 32 and 45: setup intent succeeded, mandate saved
	// 7. Wed 2025-09-03: debit of 50.00 USD processing
	// 8. Tue 2025-09-09: debit succeeded
	// 9. refund of 10.00 USD: pending
	//    webhook refund.updated: succeeded
	// 10. Fri 2025-09-12: refund succeeded; kept 40.00 USD of 50.00 USD
}
