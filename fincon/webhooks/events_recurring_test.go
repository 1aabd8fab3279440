package webhooks

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fincon"
)

const (
	mandateJSON  = `{"id":"mandate_123","object":"mandate","status":"inactive","type":"multi_use","payment_method":"pm_123"}`
	checkoutJSON = `{"id":"cs_123","object":"checkout.session","mode":"payment","status":"complete","payment_status":"unpaid",` +
		`"client_secret":"cs_123_secret_topsecret","payment_intent":{"id":"pi_123","object":"payment_intent","client_secret":"pi_123_secret_topsecret"}}`
	piActionJSON = `{"id":"pi_123","object":"payment_intent","status":"requires_action","client_secret":"pi_123_secret_topsecret",` +
		`"next_action":{"type":"verify_with_microdeposits"}}`
)

func recurringOptions(r *recorder) []Option {
	pay := func(_ context.Context, e PaymentIntentEvent) error { return r.record(e.Event, e.PaymentIntent.ID, e) }
	setup := func(_ context.Context, e SetupIntentEvent) error { return r.record(e.Event, e.SetupIntent.ID, e) }
	cs := func(_ context.Context, e CheckoutSessionEvent) error {
		return r.record(e.Event, e.CheckoutSession.ID, e)
	}
	return []Option{
		OnMandateUpdated(func(_ context.Context, e MandateEvent) error { return r.record(e.Event, e.Mandate.ID, e) }),
		OnPaymentRequiresAction(pay), OnSetupRequiresAction(setup),
		OnCheckoutSessionCompleted(cs), OnCheckoutSessionAsyncPaymentSucceeded(cs), OnCheckoutSessionAsyncPaymentFailed(cs),
	}
}

func TestRecurringCallbacks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ  stripe.EventType
		obj  string
		want string
	}{
		{stripe.EventTypeMandateUpdated, mandateJSON, "mandate.updated mandate_123"},
		{stripe.EventTypePaymentIntentRequiresAction, piActionJSON, "payment_intent.requires_action pi_123"},
		{stripe.EventTypeSetupIntentRequiresAction, siJSON, "setup_intent.requires_action seti_123"},
		{stripe.EventTypeCheckoutSessionCompleted, checkoutJSON, "checkout.session.completed cs_123"},
		{stripe.EventTypeCheckoutSessionAsyncPaymentSucceeded, checkoutJSON, "checkout.session.async_payment_succeeded cs_123"},
		{stripe.EventTypeCheckoutSessionAsyncPaymentFailed, checkoutJSON, "checkout.session.async_payment_failed cs_123"},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			t.Parallel()
			r := &recorder{}
			h := newTestHandler(t, r, recurringOptions(r)...)
			payload := eventJSON("evt_1", tt.typ, tt.obj)
			if rec := post(h, payload, sign(payload, t0)); rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			calls, errs := r.snapshot()
			if len(calls) != 1 || calls[0] != tt.want || len(errs) != 0 {
				t.Fatalf("calls %v errs %v, want [%s]", calls, errs, tt.want)
			}
			switch e := r.events[0].(type) {
			case MandateEvent:
				if e.Mandate.Status != stripe.MandateStatusInactive || e.Mandate.PaymentMethod.ID != "pm_123" {
					t.Errorf("mandate %+v", e.Mandate)
				}
			case CheckoutSessionEvent:
				if e.CheckoutSession.ClientSecret != "" || e.CheckoutSession.PaymentIntent.ClientSecret != "" {
					t.Errorf("client secrets reached the callback: %+v", e.CheckoutSession)
				}
			case PaymentIntentEvent:
				if e.PaymentIntent.ClientSecret != "" || e.PaymentIntent.NextAction == nil {
					t.Errorf("payment intent %+v", e.PaymentIntent)
				}
			case SetupIntentEvent:
				if e.SetupIntent.ClientSecret != "" {
					t.Errorf("client secret reached the callback")
				}
			default:
				t.Errorf("event of type %T", e)
			}
		})
	}
}

// TestRecurringObjectMismatch: an event carrying an object of another kind
// is refused like for the other modelled types.
func TestRecurringObjectMismatch(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	h := newTestHandler(t, r, recurringOptions(r)...)
	for i, tt := range []struct {
		typ stripe.EventType
		obj string
	}{
		{stripe.EventTypeMandateUpdated, piJSON},
		{stripe.EventTypeCheckoutSessionCompleted, mandateJSON},
		{stripe.EventTypeMandateUpdated, `{"object":"mandate"}`},
	} {
		payload := eventJSON("evt_x"+string(rune('a'+i)), tt.typ, tt.obj)
		if rec := post(h, payload, sign(payload, t0)); rec.Code != http.StatusBadRequest {
			t.Errorf("%s with %s: status %d, want 400", tt.typ, tt.obj, rec.Code)
		}
	}
	_, errs := r.snapshot()
	for _, err := range errs {
		if !errors.Is(err, ErrMalformedPayload) || strings.Contains(err.Error(), "topsecret") {
			t.Errorf("error %v: want ErrMalformedPayload without secrets", err)
		}
	}
	if calls, _ := r.snapshot(); len(calls) != 0 {
		t.Errorf("callbacks ran: %v", calls)
	}
}

func TestRecurringNilCallbacks(t *testing.T) {
	t.Parallel()
	for _, o := range []Option{
		OnMandateUpdated(nil), OnPaymentRequiresAction(nil), OnSetupRequiresAction(nil),
		OnCheckoutSessionCompleted(nil), OnCheckoutSessionAsyncPaymentSucceeded(nil), OnCheckoutSessionAsyncPaymentFailed(nil),
	} {
		if _, err := NewHandler(testSecret, o); !errors.Is(err, fincon.ErrInvalidOption) {
			t.Errorf("nil callback: err = %v, want fincon.ErrInvalidOption", err)
		}
	}
}
