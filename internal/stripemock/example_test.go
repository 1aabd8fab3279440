package stripemock_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/fcsdk/fcsdk/internal/stripefake"
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

// FillFixtures makes stripe-mock's fixed accounts look fully permissioned,
// so that the client's own permission checks pass.
func ExampleFillFixtures() {
	fixture := stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		body := `{"object":"financial_connections.account","id":"fca_1","permissions":[]}`
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})
	// In a test: stripemock.FillFixtures(http.DefaultTransport), with the
	// client's base URL set to stripemock.Start(t).
	req, _ := http.NewRequest("GET", "http://127.0.0.1/v1/financial_connections/accounts/fca_1", nil)
	resp, err := stripemock.FillFixtures(fixture).RoundTrip(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := io.ReadAll(resp.Body)
	fmt.Println(string(b))
	// Output: {"id":"fca_1","object":"financial_connections.account","ownership":"fcaowns_mock","permissions":["payment_method","balances","ownership","transactions"]}
}
