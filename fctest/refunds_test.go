package fctest_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

// TestRefundEndpoints: the refund, list and charge answers decode strictly
// into stripe-go's types; Stripe's refusals come back with its codes.
func TestRefundEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t, fctest.WithSettlementDays(1))
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	pi, err := sc.V1PaymentIntents.Create(ctx, piParams(cus, ids[0], 2_000))
	if err != nil {
		t.Fatal(err)
	}
	// Not confirmed: nothing to refund.
	r := raw(t, sim, http.MethodPost, "/v1/refunds", url.Values{"payment_intent": {pi.ID}})
	if e := r.apiErr(t); r.status != http.StatusBadRequest || e.Code != "charge_not_refundable" {
		t.Fatalf("refund of an unconfirmed payment: %d %+v", r.status, e)
	}
	if _, err := sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()}); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(3 * 24 * time.Hour)

	r = raw(t, sim, http.MethodPost, "/v1/refunds", url.Values{"payment_intent": {pi.ID}, "amount": {"500"}, "reason": {"duplicate"}, "metadata[order]": {"7"}})
	if r.status != http.StatusOK {
		t.Fatalf("refund: %d %s", r.status, r.body)
	}
	var ref stripe.Refund
	strict(t, r.body, &ref)
	if ref.Status != "pending" || ref.Amount != 500 || ref.Charge == nil || ref.Metadata["order"] != "7" || ref.Reason != "duplicate" {
		t.Fatalf("refund %+v", ref)
	}
	for _, tt := range []struct {
		form url.Values
		code string
	}{
		{url.Values{"payment_intent": {pi.ID}, "amount": {"1501"}}, ""},
		{url.Values{"payment_intent": {pi.ID}, "amount": {"0"}}, ""},
		{url.Values{"payment_intent": {pi.ID}, "reason": {"bored"}}, ""},
		{url.Values{"payment_intent": {pi.ID}, "charge": {ref.Charge.ID}}, ""},
		{url.Values{}, "parameter_missing"},
		{url.Values{"payment_intent": {"pi_nope"}}, "resource_missing"},
	} {
		r := raw(t, sim, http.MethodPost, "/v1/refunds", tt.form)
		if e := r.apiErr(t); r.status/100 != 4 || e.Code != stripe.ErrorCode(tt.code) || e.Type != "invalid_request_error" {
			t.Errorf("refund %v: %d %+v", tt.form, r.status, e)
		}
	}
	// The rest by charge, then nothing is left.
	r = raw(t, sim, http.MethodPost, "/v1/refunds", url.Values{"charge": {ref.Charge.ID}})
	if r.status != http.StatusOK {
		t.Fatalf("refund by charge: %d %s", r.status, r.body)
	}
	r = raw(t, sim, http.MethodPost, "/v1/refunds", url.Values{"payment_intent": {pi.ID}})
	if e := r.apiErr(t); e.Code != "charge_already_refunded" {
		t.Fatalf("refund of a refunded payment: %+v", e)
	}

	var list stripe.RefundList
	strict(t, raw(t, sim, http.MethodGet, "/v1/refunds", url.Values{"payment_intent": {pi.ID}}).body, &list)
	if len(list.Data) != 2 || list.Data[0].Amount != 1_500 || list.Data[1].ID != ref.ID {
		t.Fatalf("list newest first: %+v", list.Data)
	}
	var ch stripe.Charge
	strict(t, raw(t, sim, http.MethodGet, "/v1/charges/"+ref.Charge.ID, nil).body, &ch)
	if ch.AmountRefunded != 2_000 || !ch.Refunded || ch.PaymentIntent == nil || ch.PaymentIntent.ID != pi.ID {
		t.Fatalf("charge %+v", ch)
	}
	var got stripe.Refund
	sim.Clock().Advance(7 * 24 * time.Hour)
	strict(t, raw(t, sim, http.MethodGet, "/v1/refunds/"+ref.ID, nil).body, &got)
	if got.Status != "succeeded" {
		t.Fatalf("refund after a week: %s", got.Status)
	}
	if n := len(sim.EventsOfType(fctest.EventChargeRefunded)); n != 2 {
		t.Fatalf("%d charge.refunded events, want 2", n)
	}
	if err := sim.FailRefunds("fca_nope"); err == nil {
		t.Fatal("FailRefunds of an unknown account succeeded")
	}
}
