// Package safety holds the suites that show the SDK is safe when the
// network, the server or the caller misbehaves. It has no API: everything
// is in its tests, which run with the rest of the module (go test -race
// ./...) and need no network, no real sleeps and no external tool.
//
// # Exactly-once under faults
//
// TestPaymentIntentsExactlyOnceUnderFaults creates 1,000 confirmed ACH
// PaymentIntents through fincon.Client.CreatePaymentIntent, each with its
// order id as idempotency key, against the fctest simulator while 20% of
// all requests are faulted: 500 before and after the change is committed,
// dropped connections before and after commit, 429 rate_limit with
// Retry-After, 429 lock_timeout, 409 idempotency_key_in_use, and responses
// slower than the per-attempt timeout. It runs inside a testing/synctest
// bubble on the simulator's in-memory transport, so backoff, Retry-After,
// rate limiting and slow responses take fake time and every run draws the
// same faults. It prints (go test -v) the requests sent, the faults by
// kind, the successful calls, the PaymentIntents on the server, duplicates
// and lost calls, and the failed calls by error kind.
//
// Accounting: a call that succeeded has exactly its PaymentIntent on the
// server; no order has two; a call that failed returned a *fincon.Error.
// A failed call whose last attempt failed after the server committed (all
// retries exhausted) did create its PaymentIntent: the caller saw an error
// with an unknown outcome. It is not lost: re-running the call with the
// same idempotency key returns that PaymentIntent (an idempotent replay),
// which the suite does for every failed call, ending with exactly one
// PaymentIntent per order. So PaymentIntents on the server = successful
// calls + failed calls that had committed, and = orders after the re-runs.
//
// TestRefreshesExactlyOnceUnderFaults does the same for 1,000
// RefreshAndWait calls: each call starts at most one refresh (the refresh
// POST keeps one Idempotency-Key across its retries), a successful call
// started exactly one, and refreshes started = successful calls + failed
// calls whose POST had committed (such a refresh runs to completion on the
// server; calling again later simply refreshes again).
//
// TestOrderRetryAcrossRestart retries a whole operation with the caller's
// order id after a simulated process restart (a new fincon.Client on the
// same simulator): still exactly one PaymentIntent. Without a caller key
// the retry creates a second one, which is why PaymentIntentParams has
// IdempotencyKey.
//
// # Hostile servers
//
// TestHostileResponses answers 13 client operations (reads, lists,
// refreshes, intent creation and confirmation) with 19 hostile answers:
// truncated JSON, wrong types, a lazily streamed 50 MiB body, an endless
// trickling body, HTML error pages, an empty 200, {}, a bare string, the
// wrong object kind, an object without an id, a 200 carrying an error
// envelope, list rows without ids, and error statuses without an error
// object. Every call returns, bounded by the per-attempt timeout, without
// panicking, with a *fincon.Error of the expected cause, status and request
// id whose text echoes nothing from the body, and reads at most the
// response body cap (8 MiB by default; stripe-go buffers whole bodies).
//
// # Secrets
//
// TestSecretsNeverLeak makes direct client calls (sessions, refreshes,
// intents, API errors) with a debug-level slog handler and a recording
// transport, then webhook deliveries, and checks that the API key, client
// secrets, account and routing numbers and the webhook signing secret
// appear in no log line, error string or %v/%+v/%#v of a returned value.
// The detector is package internal/leakcheck, whose own tests show it
// fires on planted secrets and refuses to scan for nothing; the test also
// runs its self-check on the secrets it collected. The quickstart flow has
// its own leak test, beside it in examples/quickstart (secrets_test.go): a
// whole run and a failing one, watched the same way.
//
// # Cancellation
//
// TestCancellationLatency blocks calls in the rate limiter, in retry
// backoff (also after Retry-After), in refresh waits (polling and events),
// on a server holding the request and mid-response (in memory and over a
// loopback TCP connection), cancels their context from another goroutine as
// soon as a hook reports them blocked, and requires each to return within
// 50 ms on the real clock with an error matching context.Canceled.
//
// # Fuzzing
//
// Every parser and decoder has a fuzz target; their seed corpora (f.Add and
// testdata/fuzz) run as ordinary unit tests. The targets here cover what
// the packages' own do not: FuzzClientResponse (arbitrary bytes and status
// as the answer to GetAccount, Balance, Transactions and
// CreatePaymentIntent), FuzzParseNames (permission, feature, verification
// method and verdict names) and FuzzRetryHeaders (Retry-After, error code
// peeking and backoff).
//
// To fuzz one target for longer:
//
//	go test -run='^$' -fuzz='^FuzzClientResponse$' -fuzztime=5m ./internal/safety
//
// Every target, five minutes each (about 2.5 hours; new failing inputs are
// written to the package's testdata/fuzz and then run as unit tests):
//
//	for pkg in $(go list ./...); do
//		for fz in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz'); do
//			go test -run='^$' -fuzz="^$fz\$" -fuzztime=5m "$pkg" || break 2
//		done
//	done
//
// The targets, by package:
//
//	ach                 FuzzParseAmount FuzzValidateAccountNumber FuzzValidateRoutingNumber
//	balances            FuzzCheck FuzzFromStripe FuzzMoneyArithmetic FuzzParseCurrency FuzzParseMoney FuzzParseType
//	fctest              FuzzHandle FuzzParseForm
//	fincon              FuzzAccountFromStripe FuzzRedact
//	fincon/webhooks     FuzzHandlerPayload FuzzSignatureHeader
//	internal/safety     FuzzClientResponse FuzzParseNames FuzzRetryHeaders
//	internal/transport  FuzzClassify
//	ownership           FuzzMatch FuzzNormalizeEmail FuzzNormalizeName FuzzNormalizePhone FuzzParseAddress
//	permissions         FuzzParseSet
//	transactions        FuzzAnalyzer FuzzFromStripe FuzzParseStatus
package safety
