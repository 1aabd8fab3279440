// Package stripemock starts Stripe's official mock server, stripe-mock, for
// tests that check the wire format of requests against Stripe's OpenAPI
// specification.
//
// stripe-mock is stateless: it validates every request (unknown parameters,
// wrong enum values and missing required fields are rejected with HTTP 400)
// and answers with fixed fixtures. Use it for the shape of requests only; the
// stateful behaviour of Financial Connections is simulated by package fctest.
//
// The fixtures do not satisfy the client's own checks (an account has no
// permissions, a payment method is a card); [FillFixtures] is a transport
// that rewrites them in the responses, leaving the requests as sent.
//
// # Finding the binary
//
// [Start] looks for stripe-mock in this order:
//
//  1. the file named by the STRIPE_MOCK_BIN environment variable (an explicit
//     setting that does not name an executable is an error; there is no
//     further search);
//  2. "stripe-mock" on PATH;
//  3. $GOBIN, then the bin directory of every GOPATH entry (the default
//     GOPATH is $HOME/go), which is where
//     "go install github.com/stripe/stripe-mock@v0.203.0" puts it.
//
// When it is not found, a test is skipped with a message that names the
// command enabling it — unless the CI environment variable is non-empty, in
// which case the test fails: CI must run these tests, never skip them.
//
// # One server per test binary
//
// stripe-mock loads its bundled OpenAPI specification on start, which takes
// about half a second of CPU on a 2-core machine. A package with several
// stripe-mock tests should therefore share one server: call [Main] from
// TestMain, and every [Start] in that test binary returns the URL of one server
// started lazily on first use and stopped when the tests end.
//
//	func TestMain(m *testing.M) { stripemock.Main(m) }
//
// Without Main, each Start launches its own server and stops it in the test's
// Cleanup. Sharing is safe because stripe-mock keeps no state between requests.
//
// The server listens on 127.0.0.1 only, on a port chosen by the kernel
// (stripe-mock is started with -http-addr 127.0.0.1:0 and reports the port it
// got), so parallel test binaries never collide. Its HTTPS listener, which
// stripe-mock opens unless told otherwise, is bound to 127.0.0.1:0 as well.
// -strict-version-check is deliberately not passed: stripe-go pins its own
// API version, which need not equal the one of the bundled specification.
package stripemock
