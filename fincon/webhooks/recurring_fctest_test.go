package webhooks_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
)

// TestRecurringEventsFromSimulator: the simulator's checkout.session.*
// and mandate.updated events reach their typed callbacks, decoded, with
// no client secret.
func TestRecurringEventsFromSimulator(t *testing.T) {
	t.Parallel()
	const secret = "whsec_recurring"
	sim := newSim(t, fctest.WithSimulatedSignatureTime())
	var (
		mu  sync.Mutex
		got []string
	)
	record := func(s string) {
		mu.Lock()
		got = append(got, s)
		mu.Unlock()
	}
	cs := func(_ context.Context, e webhooks.CheckoutSessionEvent) error {
		if e.CheckoutSession.ClientSecret != "" {
			t.Errorf("%s: client secret reached the callback", e.Type)
		}
		record(string(e.Type) + " " + string(e.CheckoutSession.Mode) + " " + string(e.CheckoutSession.PaymentStatus))
		return nil
	}
	h, err := webhooks.NewHandler(secret, webhooks.WithClock(sim.Clock()),
		webhooks.OnCheckoutSessionCompleted(cs), webhooks.OnCheckoutSessionAsyncPaymentSucceeded(cs),
		webhooks.OnCheckoutSessionAsyncPaymentFailed(cs),
		webhooks.OnPaymentRequiresAction(func(_ context.Context, e webhooks.PaymentIntentEvent) error {
			record(string(e.Type) + " " + string(e.PaymentIntent.NextAction.Type))
			return nil
		}),
		webhooks.OnSetupRequiresAction(func(_ context.Context, e webhooks.SetupIntentEvent) error {
			record(string(e.Type) + " " + string(e.SetupIntent.NextAction.Type))
			return nil
		}),
		webhooks.OnMandateUpdated(func(_ context.Context, e webhooks.MandateEvent) error {
			record(string(e.Type) + " " + string(e.Mandate.Status))
			return nil
		}),
		webhooks.OnError(func(err error) { t.Errorf("delivery failed: %v", err) }))
	if err != nil {
		t.Fatal(err)
	}
	sim.SetWebhookHandler(h, secret)
	c := fctestclient.ForTest(t, sim)
	ctx := t.Context()
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	pay, err := c.CreateCheckoutSession(ctx, fincon.CheckoutSessionParams{Mode: fincon.CheckoutPayment, Customer: cus,
		Amount: balances.Money{Amount: 1000, Currency: balances.USD}, ProductName: "Plan", SuccessURL: "https://example.com/ok"})
	if err != nil {
		t.Fatal(err)
	}
	setup, err := c.CreateCheckoutSession(ctx, fincon.CheckoutSessionParams{Mode: fincon.CheckoutSetup, Customer: cus, SuccessURL: "https://example.com/ok"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.CompleteCheckoutSession(pay.ID, fctest.InstitutionSuccess); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(7 * 24 * time.Hour)
	if _, err := sim.CompleteCheckoutSession(setup.ID, fctest.InstitutionSuccess); err != nil {
		t.Fatal(err)
	}
	done, err := c.GetCheckoutSession(ctx, setup.ID)
	if err != nil {
		t.Fatal(err)
	}
	si, err := c.GetSetupIntent(ctx, done.SetupIntent)
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.DeactivateMandate(si.Mandate); err != nil {
		t.Fatal(err)
	}
	// Hand-entered accounts go to requires_action (microdeposits).
	acceptance := &ach.CustomerAcceptance{Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7", UserAgent: "Mozilla/5.0", AcceptedAt: sim.Clock().Now()}
	pi, err := c.CreateCollectPaymentIntent(ctx, fincon.CollectPaymentParams{Customer: cus, Amount: balances.Money{Amount: 1000, Currency: balances.USD}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.CollectBankAccountManually(pi.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: acceptance}); err != nil {
		t.Fatal(err)
	}
	manual, err := c.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{Customer: cus})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.CollectBankAccountManually(manual.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConfirmSetupIntent(ctx, manual.ID, fincon.ConfirmParams{Mandate: acceptance}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"checkout.session.completed payment unpaid",
		"checkout.session.async_payment_succeeded payment paid",
		"checkout.session.completed setup no_payment_required",
		"mandate.updated inactive",
		"payment_intent.requires_action verify_with_microdeposits",
		"setup_intent.requires_action verify_with_microdeposits",
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, want) {
		t.Errorf("dispatched\n%q\nwant\n%q", got, want)
	}
}
