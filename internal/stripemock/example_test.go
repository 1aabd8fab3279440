package stripemock_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/stripemock"
)

// A test package shares one stripe-mock through TestMain:
//
//	func TestMain(m *testing.M) { stripemock.Main(m) }
//
//	func TestCreateSession(t *testing.T) {
//		url := stripemock.Start(t) // skips, naming the install command, if absent
//		sc := stripe.NewClient("sk_test_123", stripe.WithBackends(
//			stripe.NewBackendsWithConfig(&stripe.BackendConfig{URL: stripe.String(url)})))
//		...
//	}
//
// When stripe-mock is missing, the skip message names this command:
func Example() {
	fmt.Println(stripemock.InstallCommand)
	// Output: go install github.com/stripe/stripe-mock@v0.203.0
}
