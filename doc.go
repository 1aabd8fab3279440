// Package fcsdk is a Go SDK for Stripe Financial Connections: link a user's
// bank accounts, refresh and read their balances, ownership and transactions,
// and turn a linked account into an ACH Direct Debit — through one
// rate-limited, retrying client over the official stripe-go library, with a
// small typed domain layer that makes Stripe's easy mistakes impossible
// (asking for the refresh feature "balances" instead of "balance", prefetching
// data without its permission, debiting an account that cannot take ACH).
//
// This package holds documentation only. The code lives in its subpackages.
//
// # Packages
//
//	permissions          Permission and Set (payment_method, balances, ownership,
//	                     transactions); prefetch, refresh and subscription features
//	                     as distinct types; recommended sets per use case.
//	ach                  ACH Direct Debit rules: verification methods, account
//	                     eligibility with every failing reason, mandates (customer
//	                     acceptance), ABA routing numbers, amounts in cents.
//	balances             Money in integer minor units, typed balances, staleness
//	                     and sufficiency (NSF) checks.
//	ownership            Account owners and matching them against your records.
//	transactions         Typed transactions (pending/posted/void), incremental sync
//	                     and insights.
//	transactions/sqlstore  The sync's durable store on database/sql: SQLite
//	                     (pure Go) or PostgreSQL, one transaction per row with
//	                     the caller's writes.
//	fincon               The Client: sessions, accounts, refreshes, data reads,
//	                     PaymentIntents and SetupIntents; options; errors.
//	fincon/webhooks      An http.Handler that authenticates Stripe webhook
//	                     deliveries, drops replays and dispatches typed events.
//	fincon/redislimit    One Stripe rate budget shared by every replica, in Redis.
//	fincon/webhooks/redisreplay, fincon/webhooks/sqlreplay
//	                     Webhook replay stores shared by replicas.
//	fincon/webhooks/redisnotify
//	                     Refresh events fanned out to every replica (Redis pub/sub).
//	fctest               A stateful in-process simulator of Stripe for tests and
//	                     offline runs.
//
// Domain packages convert stripe-go objects into their own types and build
// stripe-go params; they never do I/O. Only fincon talks to the network.
//
// # A tour
//
// Pick the permissions for the use case, and create a session for a customer:
//
//	rec, _ := permissions.Recommend(permissions.UseCaseACHDebitNSF) // payment_method,balances
//	client, err := fincon.New(os.Getenv("STRIPE_SECRET_KEY"))
//	sess, err := client.CreateSession(ctx, fincon.SessionParams{
//		Holder:      fincon.CustomerHolder("cus_123"),
//		Permissions: rec.Permissions,
//		Prefetch:    rec.Prefetch,
//	})
//	// Hand sess.ClientSecret.Reveal() to Stripe.js; the user links accounts.
//
// Refresh a linked account's balance and check it can cover a debit:
//
//	if _, err := client.RefreshAndWait(ctx, "fca_123", permissions.RefreshBalance); err != nil { … }
//	bal, err := client.Balance(ctx, "fca_123")
//	amount := balances.Money{Amount: 1234, Currency: balances.USD}
//	if !balances.Check(bal, amount, balances.CheckOptions{Now: time.Now()}).OK() { … }
//
// Debit it, with the customer's mandate:
//
//	pi, err := client.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
//		Account: "fca_123", Customer: "cus_123", Amount: amount, BillingName: "Jenny Rosen",
//		Confirm: true, Mandate: &ach.CustomerAcceptance{Type: ach.AcceptanceOnline,
//			IPAddress: ip, UserAgent: ua, AcceptedAt: acceptedAt},
//	})
//
// Or save it once and debit it every month (the recurring path): a
// confirmed SetupIntent leaves a PaymentMethod and a multi_use Mandate,
// and each later debit is an off-session PaymentIntent, refused before any
// create request once Stripe has blocked the payment method (a closing ACH
// return such as R02) or the mandate has become inactive:
//
//	si, err := client.CreateSetupIntent(ctx, fincon.SetupIntentParams{
//		Account: "fca_123", Customer: "cus_123", BillingName: "Jenny Rosen",
//		Confirm: true, Mandate: acceptance, IdempotencyKey: "sub_42-save"})
//	pi, err := client.CreateOffSessionPaymentIntent(ctx, fincon.OffSessionPaymentParams{
//		PaymentMethod: si.PaymentMethod, Mandate: si.Mandate, Customer: "cus_123",
//		Amount: amount, IdempotencyKey: "sub_42-2026-03"})
//	if errors.Is(err, ach.ErrPaymentMethodBlocked) { … } // collect a new account
//
// When no account is linked yet, CreateCollectPaymentIntent and
// CreateCollectSetupIntent create the intent first; the browser collects
// the account with its client secret. Example_recurring and
// examples/recurring run the whole story.
//
// Everything above runs offline against package fctest: build the client
// with fctestclient.New(sim) (package fctest/fctestclient), which wires the
// simulator's transport, base URL, clock and an unlimited rate.
// See the examples of package fincon and the README for the quickstart.
package fcsdk
