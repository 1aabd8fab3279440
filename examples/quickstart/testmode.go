package main

import (
	"context"
	"net/http"
	"strings"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// stripeClient builds the client for Stripe test mode from cfg: the default
// base URL and transport unless overridden, the default test-mode rate limit
// and retries, and cfg's logger and transport wrapper.
func stripeClient(cfg config) (*fincon.Client, error) {
	opts := []fincon.Option{fincon.WithLogger(cfg.Logger)}
	if cfg.BaseURL != "" {
		opts = append(opts, fincon.WithBaseURL(cfg.BaseURL))
	}
	rt := cfg.Transport
	if cfg.WrapTransport != nil {
		if rt == nil {
			rt = http.DefaultTransport
		}
		rt = cfg.WrapTransport(rt)
	}
	if rt != nil {
		opts = append(opts, fincon.WithTransport(rt))
	}
	return fincon.New(cfg.APIKey, opts...)
}

// runStripe runs the server-side half against Stripe test mode: a customer
// and a session, then what the browser needs to finish the flow.
func runStripe(ctx context.Context, cfg config) (summary, error) {
	sum := summary{Mode: modeStripeTest}
	p := &printer{w: cfg.Out}
	client, err := stripeClient(cfg)
	if err != nil {
		return sum, err
	}
	p.printf("fcsdk quickstart against Stripe test mode (STRIPE_SECRET_KEY is a test key)\n")
	p.printf("\n1. Create a customer\n")
	cus, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: customerName, Email: customerEmail})
	if err != nil {
		p.printf("   failed (the error follows)\n")
		return sum, err
	}
	sum.Customer = cus
	cfg.Logger.DebugContext(ctx, "quickstart: customer created", "customer", cus)
	p.printf("   customer     %s (%s)\n", cus, customerName)

	p.printf("\n2. Create a Financial Connections session\n")
	rec, err := permissions.Recommend(permissions.UseCaseACHDebitNSF)
	if err != nil {
		return sum, err
	}
	sess, err := client.CreateSession(ctx, fincon.SessionParams{
		Holder:      fincon.CustomerHolder(cus),
		Permissions: rec.Permissions,
		Prefetch:    rec.Prefetch,
		Countries:   []string{"US"},
	})
	if err != nil {
		p.printf("   failed (the error follows)\n")
		return sum, err
	}
	sum.Session = sess.ID
	cfg.Logger.DebugContext(ctx, "quickstart: session created", "session", sess.ID, "client_secret", sess.ClientSecret)
	p.printf("   session      %s\n", sess.ID)
	p.printf("   permissions  %s, prefetch %s\n", sess.Permissions, joinFeatures(sess.Prefetch))
	p.printf("   client secret %s (%d characters; not printed in full)\n", redactSecret(sess.ClientSecret.Reveal()), len(sess.ClientSecret.Reveal()))

	p.printf(`
3. The browser half (not run here)
   - Your server returns the session's client secret to your page over HTTPS
     (sess.ClientSecret.Reveal(); never log it).
   - The page calls Stripe.js:
       const {financialConnectionsSession, error} =
         await stripe.collectFinancialConnectionsAccounts({clientSecret});
     (mobile apps: the Financial Connections sheet of Stripe's SDKs; pass a
     ReturnURL in SessionParams for banks that authenticate with OAuth).
   - Once it resolves, read the linked accounts on the server:
       client.GetSession(ctx, %q) or client.ListAccounts(ctx, ...)
     then refresh, check eligibility and balances, and debit them as the
     simulated run shows: unset STRIPE_SECRET_KEY and run the quickstart again.
`, sess.ID)
	return sum, p.err
}

// redactSecret returns a printable form of a client secret: its
// "…_secret_" prefix, if any, followed by an ellipsis. Nothing after the
// prefix is kept.
func redactSecret(s string) string {
	if i := strings.Index(s, "_secret_"); i >= 0 {
		return s[:i+len("_secret_")] + "…"
	}
	if s == "" {
		return ""
	}
	return "[redacted]"
}
