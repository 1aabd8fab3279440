package webhooks_test

import (
	"context"
	"errors"
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
	t.Parallel()
	const secret = "whsec_simulator"
	var sim *fctest.Sim
	sim = newSim(t, fctest.WithSignatureTime(func() time.Time { return sim.Clock().Now() }))

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
		webhooks.WithClock(sim.Clock()),
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

// TestSimulatorClocks checks the rule documented in the package and in
// fctest: deliveries are accepted when the Handler checks signatures
// against the clock the simulator signs with, and rejected with a
// *TimestampError otherwise.
func TestSimulatorClocks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		simSigns  bool // fctest.WithSimulatedSignatureTime
		simChecks bool // webhooks.WithClock(sim.Clock())
		status    int
	}{
		{"both on the wall clock (defaults)", false, false, http.StatusOK},
		{"both on the simulated clock", true, true, http.StatusOK},
		{"signed on simulated time, checked on the wall clock", true, false, http.StatusBadRequest},
		{"signed on the wall clock, checked on simulated time", false, true, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const secret = "whsec_clocks"
			var simOpts []fctest.Option
			if tt.simSigns {
				simOpts = append(simOpts, fctest.WithSimulatedSignatureTime())
			}
			sim := newSim(t, simOpts...)
			var errs []error
			opts := []webhooks.Option{webhooks.OnError(func(err error) { errs = append(errs, err) })}
			if tt.simChecks {
				opts = append(opts, webhooks.WithClock(sim.Clock()))
			}
			h, err := webhooks.NewHandler(secret, opts...)
			if err != nil {
				t.Fatal(err)
			}
			sim.SetWebhookHandler(h, secret)
			sc := stripe.NewClient("sk_test_clocks", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
				HTTPClient:    &http.Client{Transport: sim.Transport()},
				URL:           stripe.String(sim.URL()),
				LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
			})))
			cust, err := sc.V1Customers.Create(t.Context(), &stripe.CustomerCreateParams{})
			if err != nil {
				t.Fatal(err)
			}
			sess, err := sc.V1FinancialConnectionsSessions.Create(t.Context(), &stripe.FinancialConnectionsSessionCreateParams{
				AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cust.ID)},
				Permissions:   []*string{stripe.String("payment_method")},
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess); err != nil {
				t.Fatal(err)
			}
			ds := sim.Deliveries()
			if len(ds) == 0 {
				t.Fatal("no delivery")
			}
			for _, d := range ds {
				if d.StatusCode != tt.status {
					t.Errorf("delivery of %s: status %d, want %d", d.Type, d.StatusCode, tt.status)
				}
			}
			if tt.status == http.StatusOK {
				if len(errs) != 0 {
					t.Errorf("errors %v", errs)
				}
				return
			}
			if len(errs) != len(ds) {
				t.Fatalf("%d errors for %d deliveries", len(errs), len(ds))
			}
			for _, err := range errs {
				if _, ok := errors.AsType[*webhooks.TimestampError](err); !ok {
					t.Errorf("error %v, want a *TimestampError", err)
				}
			}
		})
	}
}

// newSim returns a simulator configured by opts; an invalid option fails
// the test.
func newSim(t testing.TB, opts ...fctest.Option) *fctest.Sim {
	t.Helper()
	sim, err := fctest.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return sim
}
