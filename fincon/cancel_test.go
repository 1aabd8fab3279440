package fincon_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

func cancelRequests(sim *fctest.Sim) int {
	n := 0
	for _, r := range sim.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/cancel") {
			n++
		}
	}
	return n
}

func TestCancelPaymentIntent(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	p := env.debit("")
	p.Confirm, p.Mandate = false, nil
	pi, err := env.c.CreatePaymentIntent(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := env.c.CancelPaymentIntent(ctx, pi.ID, fincon.CancelRequestedByCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != fincon.PaymentCanceled || got.CancellationReason() != fincon.CancelRequestedByCustomer {
		t.Fatalf("canceled: %s %q", got.Status, got.CancellationReason())
	}
	if len(env.sim.EventsOfType(fctest.EventPaymentIntentCanceled)) != 1 {
		t.Fatal("no payment_intent.canceled event")
	}
	// Canceled again, or processing: Stripe's unexpected-state error.
	processing := env.confirmed(t, 5_000)
	for _, id := range []string{pi.ID, processing.ID} {
		_, err := env.c.CancelPaymentIntent(ctx, id, "")
		var fe *fincon.Error
		if !errors.As(err, &fe) || fe.Code != "payment_intent_unexpected_state" || fe.HTTPStatus != http.StatusBadRequest {
			t.Errorf("cancel %s: %v, want 400 payment_intent_unexpected_state", id, err)
		}
	}
	sent := cancelRequests(env.sim)
	for _, tt := range []struct {
		id     string
		reason fincon.CancellationReason
	}{
		{"", fincon.CancelAbandoned},
		{processing.ID, "changed_mind"},
		{processing.ID, "Duplicate"},
	} {
		_, err := env.c.CancelPaymentIntent(ctx, tt.id, tt.reason)
		if !errors.Is(err, fincon.ErrInvalidParams) {
			t.Errorf("cancel %q (%q): %v, want ErrInvalidParams", tt.id, tt.reason, err)
		}
		if tt.id != "" && (err == nil || !strings.Contains(err.Error(), "valid: duplicate, fraudulent, requested_by_customer, abandoned")) {
			t.Errorf("cancel %q (%q): %v, want the valid reasons listed", tt.id, tt.reason, err)
		}
	}
	if cancelRequests(env.sim) != sent {
		t.Fatal("invalid cancellations reached the server")
	}
}

func TestCancelSetupIntent(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	si, err := env.c.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{Customer: env.customer})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.c.CancelSetupIntent(ctx, si.ID, fincon.CancelFraudulent); !errors.Is(err, fincon.ErrInvalidParams) || !strings.Contains(err.Error(), "fraudulent is for PaymentIntents only") {
		t.Fatalf("fraudulent on a setup intent: %v, want ErrInvalidParams saying fraudulent is for PaymentIntents only", err)
	}
	got, err := env.c.CancelSetupIntent(ctx, si.ID, fincon.CancelAbandoned)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != fincon.PaymentCanceled || got.CancellationReason() != fincon.CancelAbandoned {
		t.Fatalf("canceled: %s %q", got.Status, got.CancellationReason())
	}
	_, err = env.c.CancelSetupIntent(ctx, si.ID, "")
	var fe *fincon.Error
	if !errors.As(err, &fe) || fe.Code != "setup_intent_unexpected_state" {
		t.Fatalf("second cancel: %v", err)
	}
}

func TestCancellationReasonSets(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		r      fincon.CancellationReason
		pi, si bool
	}{
		{"", true, true},
		{fincon.CancelDuplicate, true, true},
		{fincon.CancelFraudulent, true, false},
		{fincon.CancelRequestedByCustomer, true, true},
		{fincon.CancelAbandoned, true, true},
		{"automatic", false, false},
		{"failed_invoice", false, false},
	} {
		if tt.r.ValidForPaymentIntent() != tt.pi || tt.r.ValidForSetupIntent() != tt.si {
			t.Errorf("%q: payment intent %v setup intent %v, want %v %v", tt.r, tt.r.ValidForPaymentIntent(), tt.r.ValidForSetupIntent(), tt.pi, tt.si)
		}
	}
}
