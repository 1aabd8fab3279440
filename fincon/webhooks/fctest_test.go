package webhooks_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/permissions"
)

// TestWithSimulator receives the simulator's signed events: a refresh
// finishing wakes the subscriber, lifecycle events reach their callbacks,
// and a resent event is acknowledged without a second dispatch.
func TestWithSimulator(t *testing.T) {
	const secret = "whsec_simulator"
	var sim *fctest.Sim
	sim = fctest.New(fctest.WithSignatureTime(func() time.Time { return sim.Clock().Now() }))

	var (
		mu  sync.Mutex
		got []string
	)
	record := func(s string) {
		mu.Lock()
		got = append(got, s)
		mu.Unlock()
	}
	acct := func(_ context.Context, e webhooks.AccountEvent) error {
		record(string(e.Type) + " " + string(e.Account.Status))
		return nil
	}
	n := webhooks.NewRefreshNotifier()
	h, err := webhooks.NewHandler(secret,
		webhooks.WithNow(sim.Clock().Now),
		webhooks.WithRefreshNotifier(n),
		webhooks.OnAccountCreated(acct), webhooks.OnAccountDisconnected(acct),
		webhooks.OnAccountDeactivated(acct), webhooks.OnAccountReactivated(acct),
		webhooks.OnAccountRefreshed(func(_ context.Context, e webhooks.AccountRefreshedEvent) error {
			record(string(e.Type) + " " + string(e.Account.BalanceRefresh.Status))
			return nil
		}),
		webhooks.OnError(func(err error) { t.Errorf("delivery failed: %v", err) }),
	)
	if err != nil {
		t.Fatal(err)
	}
	sim.SetWebhookHandler(h, secret)

	ctx := t.Context()
	sc := stripe.NewClient("sk_test_webhooks", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		HTTPClient:        &http.Client{Transport: sim.Transport()},
		URL:               stripe.String(sim.URL()),
		MaxNetworkRetries: stripe.Int64(0),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
	cust, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := sc.V1FinancialConnectionsSessions.Create(ctx, &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cust.ID)},
		Permissions:   []*string{stripe.String("payment_method"), stripe.String("balances")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	id := ids[0]

	// Subscribe, request the refresh, let simulated time pass.
	done, cancel := n.Subscribe(id, permissions.RefreshBalance)
	defer cancel()
	if _, err := sc.V1FinancialConnectionsAccounts.Refresh(ctx, id, &stripe.FinancialConnectionsAccountRefreshParams{
		Features: permissions.RefreshParams(permissions.RefreshBalance),
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		t.Fatal("notified while the refresh is pending")
	default:
	}
	sim.Clock().Advance(fctest.DefaultRefreshDelay)
	select {
	case <-done:
	default:
		t.Fatal("not notified after the refresh finished")
	}

	if err := sim.DeactivateAccount(id); err != nil {
		t.Fatal(err)
	}
	if err := sim.ReactivateAccount(id); err != nil {
		t.Fatal(err)
	}
	if err := sim.DisconnectAccount(id); err != nil {
		t.Fatal(err)
	}
	// Stripe redelivers an event: acknowledged, not dispatched again.
	created := sim.EventsOfType(fctest.EventAccountCreated)
	if len(created) == 0 {
		t.Fatal("no account.created event")
	}
	if err := sim.ResendEvent(created[0].ID); err != nil {
		t.Fatal(err)
	}

	want := []string{
		"financial_connections.account.created active",
		"financial_connections.account.refreshed_balance succeeded",
		"financial_connections.account.deactivated inactive",
		"financial_connections.account.reactivated active",
		"financial_connections.account.disconnected disconnected",
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, want) {
		t.Errorf("dispatched\n%q\nwant\n%q", got, want)
	}
	deliveries := sim.Deliveries()
	if len(deliveries) < len(want)+1 {
		t.Errorf("%d deliveries, want at least %d (with the resend)", len(deliveries), len(want)+1)
	}
	for _, d := range deliveries {
		if d.StatusCode != http.StatusOK {
			t.Errorf("delivery of %s %s: status %d", d.EventID, d.Type, d.StatusCode)
		}
	}
}
