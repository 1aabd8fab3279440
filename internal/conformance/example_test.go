package conformance_test

import (
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/permissions"
)

// The mix-up these tests guard against: refresh takes "balance", prefetch and
// permissions take "balances". The typed layer maps one to the other and
// refuses the wrong name, which stripe-mock (and Stripe) would reject with
// HTTP 400.
func Example() {
	f, ok := permissions.RefreshFeatureFor(permissions.Balances)
	fmt.Println("refresh feature for the balances permission:", f, ok)

	_, err := permissions.ParseRefreshFeature("balances")
	fmt.Println("refresh feature \"balances\" refused:", errors.Is(err, permissions.ErrUnknown))
	// Output:
	// refresh feature for the balances permission: balance true
	// refresh feature "balances" refused: true
}
