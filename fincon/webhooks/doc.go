// Package webhooks receives Stripe webhook deliveries for Financial
// Connections accounts and ACH payments: an http.Handler that
// authenticates each delivery, drops replays and dispatches every event
// once to a typed callback.
//
//	h, err := webhooks.NewHandler(os.Getenv("STRIPE_WEBHOOK_SECRET"),
//		webhooks.OnPaymentSucceeded(func(ctx context.Context, e webhooks.PaymentIntentEvent) error {
//			return orders.MarkPaid(ctx, e.PaymentIntent.ID)
//		}),
//		webhooks.OnAccountDisconnected(func(ctx context.Context, e webhooks.AccountEvent) error {
//			return accounts.Forget(ctx, e.Account.ID)
//		}),
//	)
//	http.Handle("POST /stripe/webhooks", h)
//
// Callbacks exist for financial_connections.account.created,
// .deactivated, .reactivated, .disconnected and
// .refreshed_{balance,ownership,transactions} (OnAccount…), for
// payment_intent.processing, .requires_action, .succeeded, .payment_failed
// and .canceled (OnPayment…), for setup_intent.succeeded, .requires_action
// and .setup_failed (OnSetup…), for mandate.updated (OnMandateUpdated: a
// mandate that became inactive ends recurring debits) and for
// checkout.session.completed, .async_payment_succeeded and
// .async_payment_failed (OnCheckoutSession…). They receive the event's envelope (Event: id, type, created,
// livemode, api version) and its object decoded into stripe-go's type; the
// event's Fincon method returns that object as the SDK's own value
// (*fincon.PaymentIntent, *fincon.Account, *fincon.SetupIntent,
// *fincon.Mandate — what the client returns for it, with Stripe() the
// stripe-go object), so a service uses one vocabulary for both. Other
// event types are acknowledged and, if set, passed to OnUnknown as raw JSON;
// subscribing the endpoint to more events than you handle is harmless.
//
// Callbacks run synchronously on the request's goroutine, concurrently for
// different events. Stripe waits a limited time for the response, so keep
// them short (record the event, do slow work elsewhere).
//
// # Verification
//
// Every delivery must be a POST whose body (at most WithMaxBodyBytes, 1 MiB
// by default; larger is 413) is signed by the endpoint's secret: the
// Stripe-Signature header "t=<unix time>,v1=<hex HMAC-SHA256 of
// "<t>.<body>">" must carry a matching v1 signature (Stripe sends two while
// a secret is being rolled), and t must be within the tolerance (WithTolerance,
// 300 s by default) of the handler's clock, in either direction. stripe-go's
// webhook package checks the age against time.Now and accepts any future
// timestamp, so the Handler checks the HMAC and the timestamp itself,
// against the Now of the clock given by WithClock (the wall clock,
// fincon.SystemClock, by default), once per
// delivery, and then decodes the event into stripe.Event and applies
// stripe-go's API-version rule itself (see API versions below). Failures
// are 400 and match ErrNotSigned, ErrInvalidHeader, ErrNoValidSignature or
// ErrTimestampOutOfTolerance (a *TimestampError).
//
// # Testing with fctest
//
// The Handler's clock must be the clock the sender signs with. fctest's
// simulator signs with the wall clock by default, which a Handler without
// WithClock accepts. A simulator created with
// fctest.WithSimulatedSignatureTime (or fctest.WithSignatureTime given its
// simulated clock) signs with simulated time, which starts at 2025-09-01:
// a Handler on the wall clock then rejects every delivery with 400 and a
// *TimestampError. Give it the simulator's clock, a fincon.Clock:
//
//	sim, err := fctest.New(fctest.WithSimulatedSignatureTime())
//	h, err := webhooks.NewHandler(secret, webhooks.WithClock(sim.Clock()), ...)
//	sim.SetWebhookHandler(h, secret)
//
// WithClock also drives the default MemoryStore's expiry, so replays are then
// forgotten on simulated time. Event.Created is always simulated time.
//
// Responses carry only the status text; the reason goes to OnError and the
// logger (WithLogger) as a *DeliveryError, which names the event but never
// contains the secret or the payload. PaymentIntents and SetupIntents are
// handed to callbacks with their ClientSecret cleared, and UnknownEvent's
// raw object prints only its size.
//
// # Replays
//
// Stripe delivers at least once: it retries every delivery not answered
// with 2xx (for up to three days in live mode), and an attacker may resend
// a captured delivery while its timestamp is within the tolerance. The
// Handler therefore claims each event id in a ReplayStore before
// dispatching it:
//
//   - a new id is dispatched; if every callback returns nil the id is
//     recorded as processed and the answer is 200;
//   - if a callback returns an error (or panics) the claim is released,
//     the id is not recorded and the answer is 500, so Stripe's retry
//     dispatches the event again;
//   - an id processed before is answered 200 and not dispatched again (a
//     non-2xx answer would make Stripe retry for days);
//   - an id another delivery is processing right now is answered 409, so
//     that Stripe retries later instead of taking an unfinished delivery
//     for a success.
//
// The default store is a MemoryStore keeping the last 10,000 ids for up to
// 72 hours; it is bounded and per-process. Run several receivers behind a
// load balancer with a shared ReplayStore, and make callbacks idempotent
// anyway (Stripe does not guarantee order, and ids evicted from a bounded
// store are forgotten).
//
// Shared stores: package fincon/webhooks/redisreplay keeps claims (with a
// lease) and completed ids (with a TTL) in Redis, package
// fincon/webhooks/sqlreplay in a SQL database. When the shared store is
// unreachable, Claim fails and the delivery is answered 500 without
// dispatch, so Stripe retries it: nothing is lost and nothing runs twice.
// A store that fails after the callbacks succeeded is answered 200 and
// reported (OnError, the logger), never silent. Refresh events reach the
// waiters of every replica through a RefreshBroadcaster
// (fincon/webhooks/redisnotify); a failed broadcast refuses the delivery
// the same way (ErrRefreshBroadcast).
//
// # API versions
//
// An event's object is rendered with the API version of the webhook
// endpoint (or of the account, if the endpoint has none), not with the
// version of the request that caused it. stripe-go v82 decodes objects of
// its release train (stripe.APIVersion, "2025-08-27.basil"); an event of
// another train is rejected with 400 and an *APIVersionError matching
// ErrAPIVersionMismatch, which names both versions. Stripe keeps retrying
// it, so once the configuration is fixed the event still arrives. Fix it by
// setting the endpoint's API version to stripe.APIVersion; or opt in with
// AcceptAPIVersionMismatch, in which case objects are decoded on a best
// effort basis and Event.APIVersion tells the version.
//
// The Handler reads api_version before it decodes the rest: the envelope
// itself changed shape over the versions (before 2017-05-25 "request" was
// a plain request id), so an old event is an *APIVersionError, not a
// malformed payload. With AcceptAPIVersionMismatch such an envelope is
// decoded leniently: an old "request" string becomes Request.ID, and a
// member of the event or its object whose shape no longer fits stripe-go's
// type is left out; the event is then dispatched.
//
// # Signing secrets
//
// NewHandler refuses, with an error matching ErrInvalidSecret that names
// the mistake without quoting the value, what cannot be an
// endpoint's signing secret: an API key (sk_, rk_, pk_), a value with
// surrounding whitespace (a newline kept from a file), anything not
// starting with whsec_. Such a handler would otherwise refuse every
// delivery exactly as it refuses a forged one.
//
// # Refresh notifications
//
// A refresh of an account's balance, ownership or transactions finishes
// asynchronously; Stripe then sends
// financial_connections.account.refreshed_<feature>. Instead of polling the
// account, register a RefreshNotifier with WithRefreshNotifier, Subscribe
// to (account, feature) before requesting the refresh, and wait on the
// channel, which the Handler closes when the event arrives (whether the
// refresh succeeded or failed: read the account afterwards). Its Subscribe
// method has the shape a client accepts through a one-method interface:
//
//	Subscribe(accountID string, feature permissions.RefreshFeature) (<-chan struct{}, func())
//
// Notifications are in-process only.
//
// # Response codes
//
//	200  dispatched, duplicate, or an unknown event type
//	400  bad signature, stale or future timestamp, malformed event,
//	     API version mismatch
//	405  not a POST
//	409  the same event is being processed by another delivery
//	413  body too large
//	500  a callback failed, or the ReplayStore did
package webhooks
