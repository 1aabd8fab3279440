package fcsdk_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/permissions"
)

// The typed layer works offline: pick the permissions for a use case, map
// each to the feature names Stripe expects for prefetch and refresh (which
// differ), and check ACH inputs before any request.
func Example() {
	rec, err := permissions.Recommend(permissions.UseCaseACHDebitNSF)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("permissions:", rec.Permissions)
	fmt.Println("prefetch:   ", rec.Prefetch)
	for _, p := range rec.Permissions.Permissions() {
		if f, ok := permissions.RefreshFeatureFor(p); ok {
			fmt.Printf("refresh %s with feature %q\n", p, f)
		}
	}

	_, err = permissions.ParseRefreshFeature("balances")
	fmt.Println(err)

	amount, _ := ach.ParseAmount("12.34")
	fmt.Println("amount in cents:", amount, ach.ValidateAmount(amount, ach.Currency))
	fmt.Println("routing number ok:", ach.ValidateRoutingNumber(ach.TestRoutingNumber) == nil)
	// Output:
	// permissions: payment_method,balances
	// prefetch:    [balances]
	// refresh balances with feature "balance"
	// permissions: unknown refresh feature "balances" (valid: balance, ownership, transactions; "balances" is the permission and prefetch feature, the refresh feature is "balance")
	// amount in cents: 1234 <nil>
	// routing number ok: true
}
