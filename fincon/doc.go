// Package fincon is a client for Stripe Financial Connections and the ACH
// Direct Debit payments made from linked accounts: one rate-limited,
// retrying, typed interface over sessions, accounts, refreshes, balances,
// owners, transactions, PaymentIntents and SetupIntents.
//
//	c, err := fincon.New(os.Getenv("STRIPE_SECRET_KEY"))
//	sess, err := c.CreateSession(ctx, fincon.SessionParams{
//		Holder:      fincon.CustomerHolder("cus_123"),
//		Permissions: perms, // see permissions.Recommend
//	})
//	// hand sess.ClientSecret.Reveal() to Stripe.js; once the user linked:
//	acct, err := c.RefreshAndWait(ctx, "fca_123", permissions.RefreshBalance)
//	bal, err := c.Balance(ctx, "fca_123")
//
// RefreshAndWait (and WaitForRefresh) wait for a refresh to finish by
// polling the account on the client's Clock, or, with WithRefreshEvents, by
// waiting for Stripe's financial_connections.account.refreshed_* events
// (webhooks.RefreshNotifier), with a slow poll as a safety net for events
// that never arrive.
//
// A *Client is safe for concurrent use; create one per API key and share
// it. To substitute a fake in your tests, declare next to the code that
// uses the client an interface of the two or three methods it calls:
// *Client satisfies any such subset, and AccountFromStripe,
// PaymentIntentFromStripe and SetupIntentFromStripe build the fake's
// return values (Example_testYourService shows it). Lists (ListAccounts, Owners, Transactions) are iter.Seq2 sequences
// that fetch pages lazily and yield an error, if any, as their last element.
//
// The client never touches stripe-go's package-level state (stripe.Key,
// default backends): it builds its own stripe.Client.
//
// # Retries
//
// There is exactly one retry layer. stripe-go's own retries are off
// (MaxNetworkRetries 0) and its logger silent; below it, go-retryablehttp
// retries with Stripe's rules:
//
//   - a Stripe-Should-Retry header (true or false) decides when present;
//   - 409 conflicts (idempotency_key_in_use), 429 lock_timeout, 5xx (except
//     501), timeouts and connection errors are retried, and so is a
//     response whose body breaks while it is read (cut short, reset): the
//     body is read whole inside the attempt, and when every attempt fails
//     the *Error keeps the last attempt's HTTPStatus and RequestID;
//   - 429 rate_limit is retried after a longer backoff;
//   - every other 4xx is returned at once.
//
// Waits grow exponentially with jitter between WithRetryWait's bounds
// ([DefaultRetryWaitMin] to [DefaultRetryWaitMax] by default); a
// Retry-After header is honoured instead. At most WithMaxRetries retries
// ([DefaultMaxRetries] by default) follow the first attempt. The last
// response is handed to stripe-go unchanged, so a failed call returns Stripe's
// typed error, not a generic "giving up" message. Each attempt has its own
// timeout (the http.Client Timeout given to WithHTTPClient,
// [DefaultAttemptTimeout] by default, also when that client's Timeout is 0).
// Waiting for a retry stops as soon as the context is done, and a wait
// that would outlast the context's deadline is not started: the call
// returns at once with the last attempt's error (its HTTPStatus, Type and
// RequestID), which also matches context.DeadlineExceeded — as the Limiter
// does for a rate-limit wait.
//
// Every POST carries an Idempotency-Key that stays the same across the
// retries of that call, so a retried write is applied once. A caller that
// retries a whole operation — or restarts — must pass its own key
// (IdempotencyKey in the params, for instance an order id) to keep it
// exactly-once, and must send the same parameters again: store them with
// the order, the customer's mandate acceptance (accepted_at, IP address,
// user agent) included, and rebuild the params from what was stored. Other
// parameters under the same key get a 400 idempotency_error. A key has at
// most 255 characters, Stripe's limit: a longer one is a *ParamError
// (ErrInvalidParams) before anything is sent. How a key meets the account
// check of a payment create is told on [PaymentIntentParams.IdempotencyKey].
//
// # Rate limits
//
// Every HTTP attempt, retries included, first waits on a Limiter placed below
// the retry layer. The default is a token bucket from golang.org/x/time/rate
// per client: 25 requests/s with a burst of 5 for test-mode keys (sk_test_,
// rk_test_), 100/s with a burst of 10 for live keys — Stripe's per-account
// limits. WithRateLimit changes the rate; WithLimiter (not combinable with
// WithRateLimit) installs a limiter shared by several clients, or a distributed one (anything with
// Wait(ctx) error), which matters when several processes use one Stripe
// account. The wait returns as soon as the context is done, or at once when
// the context's deadline would pass first.
//
// # Telemetry
//
// WithLogger writes one debug record per attempt. WithObserver installs an
// Observer that sees every Stripe request as an Operation (name, object
// id, duration, last status, request id, Stripe error type) and every
// HTTP attempt in it (number, limiter wait, backoff, status, Stripe error
// type and code, request id); nothing secret reaches it. Package
// fincon/otelobserver turns that into OpenTelemetry spans and metrics.
//
// # Recurring debits
//
// Save once, debit many times: CreateSetupIntent (from a linked account) or
// CreateCollectSetupIntent (intent-first: the browser collects the account
// with the client secret) leaves, once confirmed with the customer's
// acceptance, a PaymentMethod (pm_…) and a multi_use Mandate (mandate_…);
// GetSetupIntent returns both. CreateOffSessionPaymentIntent then debits
// them with payment_method, mandate, off_session and confirm, exactly-once
// per IdempotencyKey. Before the create it reads both (GetPaymentMethod,
// GetMandate) and applies ach.CheckSaved: a payment method Stripe blocked
// after an ACH return (ach.ErrPaymentMethodBlocked, with the network code
// and reason) or an inactive mandate (ach.ErrMandateInactive) is refused
// with no create request when there is no key. ListPaymentMethods lists a
// customer's saved bank accounts. Intent-first PaymentIntents
// (CreateCollectPaymentIntent) take the same BankAccountOptions;
// BankAccountOf says which account the customer provided, and whether it
// was entered by hand (no Financial Connections data). The same options
// feed Stripe-hosted Checkout (CheckoutSessionParams, CreateCheckoutSession;
// BankAccountOf takes the completed session's cs_… id) and the
// payment_settings of Invoices and Subscriptions (InvoicePaymentSettings,
// SubscriptionPaymentSettings).
//
// # Connect payouts
//
// A platform collects a connected account's payout bank with a session
// whose holder is the account (ConnectHolder, account_holder[type]=account);
// in the browser Stripe.js collectBankAccountToken returns a bank-account
// token (btok_…). CheckPayoutOwner compares the linked account's owners with
// the connected account's representative or company name, so that a
// mismatch can be held for review; AttachExternalAccount then makes the
// token an external account of the connected account (exactly once with an
// IdempotencyKey). ListExternalAccounts, SetDefaultExternalAccount and
// DeleteExternalAccount manage them afterwards.
//
// Any call can act as a connected account: ForConnectedAccount returns a
// context whose requests carry the Stripe-Account header, after checking
// the id (ValidateConnectedAccountID). The same Client serves the platform
// and all its connected accounts, through its one rate limiter (the
// platform's budget) and retry layer; logs name the account as
// stripe_account.
//
// Standard connected accounts onboard with Financial Connections, but the
// platform cannot read their bank data nor manage their external accounts.
// The client learns an account's type from GetConnectedAccount or
// CreateConnectedAccount, and which connected account holds a linked
// account from every account object it returns; from then on a data read,
// a data permission or an external-account change for a Standard account
// fails with ErrStandardAccount without a request. PlanWiden tells which
// permissions a use case still lacks, with the session params to link
// again and the words to show the user.
//
// # Bulk operations
//
// RefreshAndReadMany refreshes many accounts, waits for the refreshes and
// reads what they produced (balances, owners); SyncTransactionsMany runs an
// incremental transaction sync (transactions.Syncer) of many accounts into
// a transactions.Store. Both run up to BulkOptions.Concurrency items at
// once, every request paced by the client's Limiter, report Progress, and
// return one result per id, in order: a failure stays in its own item's
// Err, and a cancelled context stops the items in progress and skips the
// rest.
//
// # Errors
//
// Every failed operation returns an *Error naming the operation and the
// object: "fincon: get account fca_123: invalid_request_error
// resource_missing: No such account (status 404, request req_…)". For errors
// answered by Stripe it carries Type, Code, Param, HTTPStatus and RequestID,
// and unwraps to the *stripe.Error (errors.As). It is the one operation
// error, in the shape of smithy-go's OperationError (Op, ID, Err): every
// condition the library detects is a cause it wraps, matched with errors.Is
// against a sentinel, and the few causes that carry data are structs found
// with errors.As — *ParamError, *PermissionError, *RefreshError,
// *ResponseError, *RefundLimitError, *StandardAccountError and
// *PanicError. Test for the condition with errors.Is, then read the data
// with errors.As. Other causes are context.Canceled and
// context.DeadlineExceeded, and the library's sentinels:
//
//   - ErrPermissionNotGranted (*PermissionError): the account lacks the
//     permission a read, refresh, subscription or payment needs. The client
//     remembers the permissions of every account it has returned (bounded
//     cache, entries trusted for 10 minutes: WithPermissionCacheTTL), so
//     once it has seen the account the check costs no request; otherwise it
//     reads the account first. Permissions only widen when the user links
//     the account again through a new session: call GetAccount afterwards
//     to update them at once. The same *PermissionError also carries a
//     payment create's ACH ineligibility (below), with or without a missing
//     permission: test for the condition with errors.Is, not with
//     errors.As.
//   - ErrRefreshNotAvailable and ErrRefreshFailed (*RefreshError with
//     NextAvailable), ErrNoRefresh, ErrNoData.
//   - ErrInvalidParams (*ParamError naming the parameter): rejected before
//     anything was sent. An invalid connected account id also matches
//     ErrInvalidConnectedAccountID; New's refusal of a key that is not a
//     secret or restricted key, ErrInvalidAPIKey, and of an empty key,
//     ErrNoAPIKey.
//   - ErrNoFinancialConnectionsAccount: a manually entered bank account.
//   - ErrMicrodepositMismatch, ErrMicrodepositAttemptsExceeded,
//     ErrMicrodepositTimeout: a refused microdeposit verification (Stripe's
//     code in Error.Code).
//   - ErrNotRefundable, ErrRefundWindowClosed, ErrRefundExceedsCaptured
//     (*RefundLimitError with the amounts): a refund refused before the
//     create request.
//   - ErrStandardAccount (*StandardAccountError): what Stripe does not let
//     a platform do for a Standard connected account.
//   - ErrRefreshPending, ErrUnknownValue, ErrSimulatorClock, ErrPanic
//     (*PanicError with the stack): see each.
//   - ach.ErrIneligible: the account cannot be debited (see ach.Check).
//     Without an IdempotencyKey, CreatePaymentIntent and CreateSetupIntent
//     refuse such an account before any create request; a create carrying
//     the caller's key is sent anyway and Stripe's answer decides (see
//     [PaymentIntentParams.IdempotencyKey]). A missing payment_method
//     permission matches both ach.ErrIneligible and ErrPermissionNotGranted (*PermissionError
//     with Ineligible), whether the client knew the permissions or read
//     the account. A keyed create Stripe refused for another reason (say,
//     a disconnected account) also carries a *PermissionError, for its
//     Ineligible verdict and Stripe's answer: its Permission is then empty
//     and it does not match ErrPermissionNotGranted. Test with errors.Is,
//     not by finding the struct.
//   - ErrDecode and ErrMalformedResponse (*ResponseError with Reason): an
//     answer the client cannot use. Every answer is checked after decoding:
//     a 2xx answer must be the object the call asked for, with its id and
//     "object" kind (not null, {} or an error envelope), and a list page a
//     list whose rows have ids; an error status must carry Stripe's error
//     object. The *Error keeps the HTTP status and request id; the body is
//     never quoted.
//   - ErrResponseTooLarge (*ResponseError with Limit): every response
//     body is capped, [DefaultMaxResponseBytes] by default
//     (WithMaxResponseBytes), because stripe-go buffers whole bodies; a
//     larger one is not read further, nor retried.
//
// API keys, client secrets and account numbers never appear in error
// strings or log lines: messages are built from Stripe's fields with keys,
// secrets and long digit runs redacted, undecodable bodies are not quoted,
// and client secrets are held in a Secret, which prints as "[redacted]". The
// *stripe.Error an *Error wraps has its intents' client secrets and the raw
// response body removed, so printing it is safe too.
//
// Printing that *stripe.Error (its Error method dumps it as JSON) is not
// free of personal data, though: for a payment error Stripe attaches the
// PaymentMethod, whose billing_details — the account holder's name, email
// and address — are personal data, not secrets, and are kept (as are the
// bank name, routing number and last4). Client secrets are cleared. Log the
// *Error's own fields (Op, ID, Type, Code, HTTPStatus, RequestID, Message)
// rather than the stripe-go error when logs must not hold personal data.
//
// # Testing
//
// Three seams, from cheapest to most faithful:
//
//   - Fake the client in the code under test: declare there the two or
//     three methods it calls as an interface (*Client satisfies it), and
//     build the fake's results with AccountFromStripe,
//     PaymentIntentFromStripe and SetupIntentFromStripe
//     (Example_testYourService).
//   - Run the real client against package fctest, the in-process simulator
//     of the Financial Connections endpoints: fctestclient.New(sim) (package
//     fctest/fctestclient) wires the transport, base URL, simulated clock and
//     an unlimited rate, so refreshes and ACH settlement happen on simulated
//     time, without sockets or sleeps. A client built by hand for the
//     simulator without WithClock(sim.Clock()) fails with ErrSimulatorClock
//     instead of waiting on the wall clock.
//   - Run it against stripe-mock (WithBaseURL) to validate requests against
//     Stripe's OpenAPI specification; stripe-mock is stateless, so check
//     that calls succeed, not what they return.
//
// Retry and rate-limit behaviour is deterministic under testing/synctest
// when the base transport is in memory: the backoff and limiter use the
// time package, which synctest fakes.
package fincon
