package permissions_test

import (
	"errors"
	"fmt"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/permissions"
)

func Example() {
	rec, err := permissions.Recommend(permissions.UseCaseACHDebitNSF)
	if err != nil {
		panic(err)
	}
	fmt.Println("permissions:", rec.Permissions)
	fmt.Println("prefetch:", rec.Prefetch)

	// A balance refresh uses the singular feature name.
	f, _ := permissions.RefreshFeatureFor(permissions.Balances)
	fmt.Println("refresh feature:", f)

	// Prefetching data the session does not ask permission for is an error.
	err = permissions.ValidatePrefetch(rec.Permissions, permissions.PrefetchTransactions)
	fmt.Println(errors.Is(err, permissions.ErrNotGranted), err)
	// Output:
	// permissions: payment_method,balances
	// prefetch: [balances]
	// refresh feature: balance
	// true permissions: prefetch feature "transactions" needs permission "transactions", which is not granted
}

func ExampleParseSet() {
	s, err := permissions.ParseSet("transactions", "payment_method", "transactions")
	fmt.Println(s, s.Len(), err)

	_, err = permissions.ParseSet("payment_method", "balance")
	fmt.Println(errors.Is(err, permissions.ErrUnknown), err)

	_, err = permissions.ParseSet()
	fmt.Println(errors.Is(err, permissions.ErrEmptySet))
	// Output:
	// payment_method,transactions 2 <nil>
	// true permissions: unknown permission "balance" (valid: payment_method, balances, ownership, transactions; "balance" is the refresh feature, the permission is "balances")
	// true
}

func ExampleSet_StripeParams() {
	s, _ := permissions.NewSet(permissions.Ownership, permissions.PaymentMethod)
	for _, p := range s.StripeParams() {
		fmt.Println(*p)
	}
	// Output:
	// payment_method
	// ownership
}

// Stripe may report a permission this package does not know yet: the
// account keeps the ones it knows, and the error names the new one. The
// same name from the caller rejects the whole list.
func ExampleSetFromStripe() {
	granted := []stripe.FinancialConnectionsAccountPermission{"payment_method", "account_numbers"}
	s, err := permissions.SetFromStripe(granted)
	fmt.Println(s, errors.Is(err, permissions.ErrUnknown))

	s, err = permissions.ParseSet("payment_method", "account_numbers")
	fmt.Println(s.IsEmpty(), err)
	// Output:
	// payment_method true
	// true permissions: unknown permission "account_numbers" (valid: payment_method, balances, ownership, transactions)
}
