// Package fctest is a stateful, in-process simulator of the Stripe API
// endpoints used for Financial Connections and ACH Direct Debit, for tests
// and offline demos.
//
// stripe-mock checks wire formats but is stateless; fctest keeps state and
// runs the lifecycles an integration has to handle: sessions that link
// accounts, refreshes that go pending → succeeded or failed, transactions
// that post or void, ACH debits that succeed or come back R01, webhooks,
// rate limits and network faults. Its responses decode into stripe-go v82
// types, and any client that can be given a base URL or an
// http.RoundTripper can talk to it, including stripe-go itself.
//
// # Getting started
//
// Create one simulator per test and point a client at it, either through
// the in-memory transport (no sockets) or a loopback server:
//
//	sim, err := fctest.New() // fails only on an invalid Option: see ErrInvalidOption
//	client := fctestclient.ForTest(t, sim) // a fincon.Client, from package fctest/fctestclient
//	httpClient := &http.Client{Transport: sim.Transport()} // any other client; base URL: sim.URL()
//
//	baseURL, stop := sim.Serve() // httptest server on 127.0.0.1
//	defer stop()
//
// Any API key starting with sk_test_ is accepted; anything else gets 401
// authentication_error. Every response carries [ClockHeader] with the
// simulated time, by which an SDK client notices that it was built without
// the simulator's clock.
//
// # Endpoints
//
//	POST /v1/customers                                   GET /v1/customers/{id}
//	POST /v1/financial_connections/sessions              GET /v1/financial_connections/sessions/{id}
//	GET  /v1/financial_connections/accounts              GET /v1/financial_connections/accounts/{id}
//	POST /v1/financial_connections/accounts/{id}/disconnect
//	POST /v1/financial_connections/accounts/{id}/refresh       features[]: balance|ownership|transactions
//	POST /v1/financial_connections/accounts/{id}/subscribe     features[]: transactions
//	POST /v1/financial_connections/accounts/{id}/unsubscribe   features[]: transactions
//	GET  /v1/financial_connections/accounts/{id}/owners?ownership=fcaowns_…
//	GET  /v1/financial_connections/transactions          GET /v1/financial_connections/transactions/{id}
//	POST /v1/payment_intents   GET /v1/payment_intents/{id}   POST …/{id}/confirm   POST …/{id}/cancel
//	POST /v1/setup_intents     GET /v1/setup_intents/{id}     POST …/{id}/confirm   POST …/{id}/cancel
//	GET  /v1/payment_methods/{id}                        GET /v1/mandates/{id}
//	POST /v1/refunds   GET /v1/refunds?payment_intent=pi_…   GET /v1/refunds/{id}   GET /v1/charges/{id}
//	POST /v1/payment_intents/{id}/verify_microdeposits   POST /v1/setup_intents/{id}/verify_microdeposits
//
// Parameters are form-encoded like Stripe's (a[b][c]=x, a[]=x, a[0]=x; query
// strings for GET). Unknown top-level parameters get 400 parameter_unknown;
// invalid values get 400 invalid_request_error naming the param. Lists use
// Stripe's envelope (object=list, data, has_more, url) with limit (1–100,
// default 10), starting_after and ending_before, newest first. Every
// response carries a Request-Id header; errors use Stripe's envelope
// {"error":{"type","code","param","message"}}.
//
// # Simulated time
//
// Nothing happens by itself. Every lifecycle runs on [Sim.Clock], a [Clock]
// that starts at [DefaultStart] and moves only when a test calls
// [Clock.Advance] or [Clock.Sleep]. Sleep advances the clock and returns at
// once, so a client that polls for a refresh with this clock as its clock
// drives the simulation and never sleeps for real. Moving the clock runs
// every step that became due, in time order, and delivers their webhooks
// before returning.
//
// # Linking accounts
//
// A session needs an account_holder (type customer with customer, or
// customer_account for Accounts v2; or type account with account) and at
// least one permission (payment_method, balances, ownership,
// transactions); prefetch needs the matching permission. The browser half
// of the flow is replaced by [Sim.LinkAccounts], which links one account
// per test [Institution]:
//
//   - [InstitutionSuccess]: active checking, healthy balance;
//   - [InstitutionSavings]: active savings, joint owners;
//   - [InstitutionInsufficientFunds]: low balance (12.34 USD), so ACH
//     debits above it fail R01;
//   - [InstitutionCreditCard]: credit card, not ACH-eligible;
//   - [InstitutionInactive]: inactive, refreshes refused;
//   - [InstitutionOwnerMismatch]: owner differs from the customer;
//   - [InstitutionDisconnected]: disconnected right after linking.
//
// Accounts carry the session's permissions. Reading owners or transactions
// without the permission, or refreshing a feature without it, is a 400,
// as is any data access on a disconnected account.
//
// # Refreshes and transactions
//
// A refresh (features balance, ownership, transactions — "balances" is
// rejected like Stripe does) is pending for [WithRefreshDelay] of simulated
// time, then succeeds, or fails if the account was made to with
// [Sim.FailRefreshes] or became inactive. next_refresh_available_at is null
// while pending and on inactive accounts, and is completion time +
// [WithRefreshCooldown]; an earlier refresh request is a 400. Inactive
// accounts refuse refreshes and subscriptions with
// financial_connections_account_inactive. Prefetch starts refreshes at link
// time. Each completion emits financial_connections.account.refreshed_*.
//
// Transactions are generated deterministically from the seed ([WithSeed])
// over the last [HistoryDays] days: biweekly payroll, rent, utilities, card
// spend that stays pending for a few days and then posts, or voids. Each
// transaction refresh has an fctxnref_ id; rows it creates or whose status
// it changes carry that id, so transaction_refresh[after] returns exactly
// what changed since a given refresh. Listing transactions before any
// successful transaction refresh is a 400
// financial_connections_no_successful_transaction_refresh. Subscribing to
// transactions starts a refresh and then one every simulated day.
//
// # Payments
//
// PaymentIntents and SetupIntents accept payment_method_data[type]=
// us_bank_account with [us_bank_account][financial_connections_account]=
// fca_… and [billing_details][name]. Accounts without the payment_method
// permission, not supporting us_bank_account (credit cards), inactive or
// disconnected are rejected. Confirming needs mandate_data[customer_acceptance]
// (or an existing multi-use mandate). A confirmed PaymentIntent is
// processing and settles after [WithSettlementDays] business days of
// simulated time: succeeded when the account's available balance at that
// moment covers the amount, else requires_payment_method with
// last_payment_error code insufficient_funds (R01) — an R01 follows from
// the balance, as it does at a bank. A settled debit lowers the account's
// current and available balance (seen at the next balance refresh), a
// succeeded refund raises them, and a returned debit leaves them alone.
// A confirmed SetupIntent succeeds at once. expand[]=payment_method
// returns the PaymentMethod with us_bank_account.financial_connections_account.
//
// # Microdeposits
//
// An intent whose customer typed the account in ([Sim.CollectBankAccountManually])
// does not debit at confirmation: it goes to requires_action with
// next_action verify_with_microdeposits (microdeposit_type amounts, or
// descriptor_code with [WithMicrodepositType]; arrival_date
// [MicrodepositArrivalDays] business days later; a hosted_verification_url)
// and emits payment_intent.requires_action or setup_intent.requires_action.
// [Sim.Microdeposits] shows what lands in the customer's account once the
// clock passes the arrival date. verify_microdeposits accepts Stripe's test
// values — amounts[] 32 and 45 (either order) or descriptor_code SM11AA —
// and then the PaymentIntent is processing, or the SetupIntent succeeded
// with its mandate. A wrong value is a 400 with
// payment_method_microdeposit_verification_amounts_mismatch or
// …_descriptor_code_mismatch; the [MicrodepositAttempts]th wrong one, or no
// verification within [MicrodepositTimeout] of arrival, fails the intent
// (…_attempts_exceeded, …_timeout) back to requires_payment_method with
// payment_intent.payment_failed or setup_intent.setup_failed.
//
// # Refunds
//
// POST /v1/refunds takes payment_intent or charge, amount (default: all
// not yet refunded), reason and metadata. It follows Stripe's documented
// ACH rules ([RefundWindow], [RefundBusinessDays]): a refund is refused
// (400 charge_not_refundable) unless the payment is processing or
// succeeded and under 180 days old, and refunds never total more than the
// payment (400 naming amount; charge_already_refunded when nothing is
// left). A refund is pending; once the payment has succeeded it is sent
// (charge.refunded) and, [RefundBusinessDays] business days later,
// succeeded — crediting the account's balance — or, for an account given
// to [Sim.FailRefunds], failed (failure_reason declined, refund.failed).
// A refund of a processing payment that is then returned is canceled.
// Every change emits refund.updated (and charge.refund.updated once sent).
//
// # Idempotency
//
// POST requests with an Idempotency-Key follow Stripe's rules: a repeat
// with the same parameters replays the stored response (header
// Idempotent-Replayed: true); other parameters get 400 idempotency_error;
// a repeat while the first is executing gets 409 idempotency_key_in_use.
// Only executed results (2xx, 402) are stored, for [IdempotencyKeyTTL].
//
// # Webhooks
//
// Events (financial_connections.account.created, refreshed_balance,
// refreshed_ownership, refreshed_transactions, disconnected, deactivated,
// reactivated; payment_intent.processing, succeeded, payment_failed,
// canceled; setup_intent.succeeded) are recorded ([Sim.Events]) and, when a
// target is set with [Sim.SetWebhookHandler] or [Sim.SetWebhookURL],
// delivered in order with a Stripe-Signature header (t=…,v1=HMAC-SHA256 of
// "t.payload") that stripe-go's webhook.ConstructEvent accepts. Their
// api_version is stripe.APIVersion unless [WithWebhookAPIVersion] says
// otherwise.
//
// Two clocks are involved, and a receiver must check signatures against
// the clock the simulator signs with. An event's created time is
// simulated time (it starts at [DefaultStart], 2025-09-01), but by default
// the t= timestamp of the signature is the wall clock, which is what
// stripe-go's webhook.ConstructEvent and a fincon/webhooks Handler without
// options check against. With [WithSimulatedSignatureTime] (or
// [WithSignatureTime] given the simulated clock) signatures carry
// simulated time, which makes them deterministic; the receiver must then
// use the same clock, or it rejects every delivery with 400 because the
// timestamp is outside its 300-second tolerance:
//
//	sim, err := fctest.New(fctest.WithSimulatedSignatureTime())
//	h, err := webhooks.NewHandler(secret,
//		webhooks.WithClock(sim.Clock()), // same clock as the signatures
//		webhooks.OnPaymentSucceeded(paid),
//	)
//	sim.SetWebhookHandler(h, secret)
//
// A mismatch shows up as deliveries ([Sim.Deliveries]) with status 400 and,
// in the Handler's OnError, a *webhooks.TimestampError.
//
// # Rate limits and faults
//
// [Sim.SetRateLimit] enables a token bucket (on real time or, with
// RateLimit.SimClock, on the simulated clock); a request finding it empty
// gets 429 rate_limit with Stripe's error body and a Retry-After header.
// [Sim.InjectFaults] takes a [FaultPlan]: a seeded probability or a fixed
// sequence of [FaultKind]s (500/503 before or after the change is
// committed, 429 lock_timeout, 429 rate_limit, 409 idempotency_key_in_use,
// dropped connections before or after commit, slow responses) for the
// requests a predicate selects. After-commit faults make a retry hit the
// idempotency store, which is how exactly-once behaviour is tested.
// [Sim.Stats] and [Sim.Requests] count requests, faults, replays and
// created objects; [Sim.PaymentIntents] and friends return the server-side
// state as stripe-go types.
//
// # Concurrency
//
// A Sim is safe for concurrent use; all state sits behind one mutex.
// Webhook deliveries run outside it, one at a time, so handlers may call
// back into the simulator.
package fctest
