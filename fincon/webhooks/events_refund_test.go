package webhooks

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fincon"
)

const refundJSON = `{"id":"pyr_123","object":"refund","amount":1000,"currency":"usd","status":"failed","failure_reason":"declined","payment_intent":"pi_123"}`

func TestRefundCallbacks(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	rec := func(_ context.Context, e RefundEvent) error { return r.record(e.Event, e.Refund.ID, e) }
	h := newTestHandler(t, r, OnRefundCreated(rec), OnRefundUpdated(rec), OnRefundFailed(rec), OnChargeRefundUpdated(rec))
	types := []stripe.EventType{stripe.EventTypeRefundCreated, stripe.EventTypeRefundUpdated, stripe.EventTypeRefundFailed, stripe.EventTypeChargeRefundUpdated}
	for i, typ := range types {
		payload := eventJSON("evt_r"+string(rune('a'+i)), typ, refundJSON)
		if rc := post(h, payload, sign(payload, t0)); rc.Code != http.StatusOK {
			t.Fatalf("%s: status %d", typ, rc.Code)
		}
	}
	// A refund event carrying another object is refused.
	payload := eventJSON("evt_rx", stripe.EventTypeRefundUpdated, mandateJSON)
	if rc := post(h, payload, sign(payload, t0)); rc.Code != http.StatusBadRequest {
		t.Fatalf("refund.updated with a mandate: status %d, want 400", rc.Code)
	}
	calls, errs := r.snapshot()
	if len(calls) != len(types) || len(errs) != 1 || !errors.Is(errs[0], ErrMalformedPayload) {
		t.Fatalf("calls %v errs %v", calls, errs)
	}
	for i, typ := range types {
		if want := string(typ) + " pyr_123"; calls[i] != want {
			t.Errorf("call %d = %q, want %q", i, calls[i], want)
		}
		e := r.events[i].(RefundEvent)
		if e.Refund.Status != stripe.RefundStatusFailed || e.Refund.FailureReason != "declined" || e.Refund.Amount != 1000 || e.Refund.PaymentIntent.ID != "pi_123" {
			t.Errorf("refund %+v", e.Refund)
		}
	}
	for _, o := range []Option{OnRefundCreated(nil), OnRefundUpdated(nil), OnRefundFailed(nil), OnChargeRefundUpdated(nil)} {
		if _, err := NewHandler(testSecret, o); !errors.Is(err, fincon.ErrInvalidOption) {
			t.Errorf("nil callback: err = %v, want fincon.ErrInvalidOption", err)
		}
	}
}
