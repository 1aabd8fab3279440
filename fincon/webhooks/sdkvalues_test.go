package webhooks

import (
	"context"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
)

// Callbacks reach the SDK's values for the object they receive, with the
// stripe-go object behind them and no client secret.
func TestFinconValues(t *testing.T) {
	t.Parallel()
	var pi *fincon.PaymentIntent
	var acct *fincon.Account
	h, err := NewHandler(testSecret, WithClock(fixedClock{}),
		OnPaymentSucceeded(func(_ context.Context, e PaymentIntentEvent) error {
			pi = e.Fincon()
			if pi.Stripe() != e.PaymentIntent {
				t.Error("Stripe() is not the event's object")
			}
			return nil
		}),
		OnAccountCreated(func(_ context.Context, e AccountEvent) error { acct = e.Fincon(); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range [][]byte{
		eventJSON("evt_1", stripe.EventTypePaymentIntentSucceeded, piJSON),
		eventJSON("evt_2", stripe.EventTypeFinancialConnectionsAccountCreated, accountJSON),
	} {
		if rec := post(h, body, sign(body, t0)); rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
	}
	if pi == nil || pi.ID != "pi_123" || pi.Status != fincon.PaymentSucceeded ||
		pi.Amount != (balances.Money{Amount: 1234, Currency: balances.USD}) || pi.ClientSecret.Reveal() != "" {
		t.Fatalf("payment intent %+v", pi)
	}
	if acct == nil || acct.ID != "fca_123" || acct.Category != fincon.CategoryCash || acct.Last4 != "6789" {
		t.Fatalf("account %+v", acct)
	}
	if (MandateEvent{Mandate: &stripe.Mandate{ID: "mandate_1", Status: "active"}}).Fincon().Status != fincon.MandateStatus("active") {
		t.Fatal("mandate status")
	}
	if (SetupIntentEvent{SetupIntent: &stripe.SetupIntent{ID: "seti_1", Status: "succeeded"}}).Fincon().Status != fincon.PaymentSucceeded {
		t.Fatal("setup intent status")
	}
}
