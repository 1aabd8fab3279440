package fincon_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

const day = 24 * time.Hour

// refundRequests counts the refund create requests the simulator received.
func refundRequests(sim *fctest.Sim) int {
	n := 0
	for _, r := range sim.Requests() {
		if r.Method == http.MethodPost && r.Path == "/v1/refunds" {
			n++
		}
	}
	return n
}

// confirmed creates and confirms a debit of amount cents; it is processing.
func (e *env) confirmed(t *testing.T, amount int64) *fincon.PaymentIntent {
	t.Helper()
	p := e.debit("")
	p.Amount.Amount = amount
	pi, err := e.c.CreatePaymentIntent(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != fincon.PaymentProcessing {
		t.Fatalf("confirmed payment %s", pi.Status)
	}
	return pi
}

func (e *env) refund(t *testing.T, id string) *fincon.Refund {
	t.Helper()
	r, err := e.c.GetRefund(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRefundOfProcessingPayment follows Stripe's documented behaviour: a
// refund of a processing ACH payment is pending until the payment
// succeeds, then sent, then succeeded; a keyed retry replays it; the
// local check keeps the refunds within the amount captured; the refund
// credits the account.
func TestRefundOfProcessingPayment(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	twin := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	pi := env.confirmed(t, 10_000)
	twin.confirmed(t, 10_000)

	p := fincon.RefundParams{Amount: 4_000, Reason: fincon.RefundRequestedByCustomer, IdempotencyKey: "refund-order-1"}
	r, err := env.c.RefundPaymentIntent(ctx, pi.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != fincon.RefundPending || r.Amount.Amount != 4_000 || r.PaymentIntent != pi.ID || r.Reason != fincon.RefundRequestedByCustomer {
		t.Fatalf("refund %+v", r)
	}
	again, err := env.c.RefundPaymentIntent(ctx, pi.ID, p)
	if err != nil || again.ID != r.ID {
		t.Fatalf("keyed retry: %v, %v; want the same refund %s", again, err, r.ID)
	}
	if n := len(env.sim.Refunds()); n != 1 {
		t.Fatalf("%d refunds stored after a retry, want 1", n)
	}

	sent := refundRequests(env.sim)
	_, err = env.c.RefundPaymentIntent(ctx, pi.ID, fincon.RefundParams{Amount: 6_001})
	var le *fincon.RefundLimitError
	if !errors.Is(err, fincon.ErrRefundExceedsCaptured) || !errors.As(err, &le) || le.Refunded != 4_000 || le.Captured != 10_000 {
		t.Fatalf("over-refund: %v, want a RefundLimitError (4000 of 10000)", err)
	}
	if refundRequests(env.sim) != sent {
		t.Fatal("an over-refund reached the server")
	}

	// The payment settles after four business days; the refund is sent
	// then and arrives three business days later.
	env.sim.Clock().Advance(7 * day)
	twin.sim.Clock().Advance(7 * day)
	if got := env.refund(t, r.ID); got.Status != fincon.RefundPending || got.Charge == "" {
		t.Fatalf("refund right after the payment settled: %s charge %q, want pending with a charge", got.Status, got.Charge)
	}
	env.sim.Clock().Advance(7 * day)
	twin.sim.Clock().Advance(7 * day)
	if got := env.refund(t, r.ID); got.Status != fincon.RefundSucceeded {
		t.Fatalf("refund a week after settlement: %s", got.Status)
	}
	for _, typ := range []string{fctest.EventRefundCreated, fctest.EventChargeRefunded, fctest.EventRefundUpdated} {
		if len(env.sim.EventsOfType(typ)) == 0 {
			t.Errorf("no %s event", typ)
		}
	}
	cur, avail := usd(env.freshBalance(t), t)
	tcur, tavail := usd(twin.freshBalance(t), t)
	if cur-tcur != 4_000 || avail-tavail != 4_000 {
		t.Fatalf("refund moved the balance by %d/%d, want 4000", cur-tcur, avail-tavail)
	}

	// The rest can be refunded (Amount 0), then nothing more.
	rest, err := env.c.RefundPaymentIntent(ctx, pi.ID, fincon.RefundParams{})
	if err != nil || rest.Amount.Amount != 6_000 {
		t.Fatalf("refund of the rest: %+v, %v", rest, err)
	}
	if _, err := env.c.RefundPaymentIntent(ctx, pi.ID, fincon.RefundParams{}); !errors.Is(err, fincon.ErrRefundExceedsCaptured) {
		t.Fatalf("refund of a fully refunded payment: %v", err)
	}
	var n int
	for r, err := range env.c.ListRefunds(ctx, pi.ID) {
		if err != nil {
			t.Fatal(err)
		}
		if r.PaymentIntent != pi.ID {
			t.Fatalf("listed refund of %s", r.PaymentIntent)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("listed %d refunds, want 2", n)
	}
}

// TestRefundCanceledWhenPaymentFails: the payment is returned R01, so the
// pending refund is canceled (no money was debited).
func TestRefundCanceledWhenPaymentFails(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionInsufficientFunds))
	pi := env.confirmed(t, 12_500)
	r, err := env.c.RefundPaymentIntent(t.Context(), pi.ID, fincon.RefundParams{})
	if err != nil {
		t.Fatal(err)
	}
	env.sim.Clock().Advance(7 * day)
	if got := env.refund(t, r.ID); got.Status != fincon.RefundCanceled || !got.Status.Final() {
		t.Fatalf("refund of a returned payment: %s, want canceled", got.Status)
	}
	if _, err := env.c.RefundPaymentIntent(t.Context(), pi.ID, fincon.RefundParams{}); !errors.Is(err, fincon.ErrNotRefundable) {
		t.Fatalf("refund of a returned payment: %v, want ErrNotRefundable", err)
	}
}

// TestRefundFails: the customer's bank refuses the credit.
func TestRefundFails(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	pi := env.confirmed(t, 5_000)
	env.sim.Clock().Advance(7 * day)
	if err := env.sim.FailRefunds(env.account); err != nil {
		t.Fatal(err)
	}
	r, err := env.c.RefundPaymentIntent(t.Context(), pi.ID, fincon.RefundParams{Amount: 1_000})
	if err != nil {
		t.Fatal(err)
	}
	env.sim.Clock().Advance(7 * day)
	got := env.refund(t, r.ID)
	if got.Status != fincon.RefundFailed || got.FailureReason != "declined" {
		t.Fatalf("refund %s (%q), want failed (declined)", got.Status, got.FailureReason)
	}
	if len(env.sim.EventsOfType(fctest.EventRefundFailed)) != 1 {
		t.Fatal("no refund.failed event")
	}
	// A failed refund does not count against the amount captured.
	if _, err := env.c.RefundPaymentIntent(t.Context(), pi.ID, fincon.RefundParams{Amount: 5_000}); err != nil {
		t.Fatalf("refund after a failed one: %v", err)
	}
}

// TestRefundRefusedLocally: bad parameters, an unconfirmed payment and an
// expired window never reach the refund endpoint.
func TestRefundRefusedLocally(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	p := env.debit("")
	p.Confirm, p.Mandate = false, nil
	unconfirmed, err := env.c.CreatePaymentIntent(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	old := env.confirmed(t, 5_000)
	env.sim.Clock().Advance(fincon.RefundWindow + day)
	for _, tt := range []struct {
		name string
		id   string
		p    fincon.RefundParams
		want error
	}{
		{"empty id", "", fincon.RefundParams{}, fincon.ErrInvalidParams},
		{"negative amount", old.ID, fincon.RefundParams{Amount: -1}, fincon.ErrInvalidParams},
		{"unknown reason", old.ID, fincon.RefundParams{Reason: "changed_mind"}, fincon.ErrInvalidParams},
		{"long key", old.ID, fincon.RefundParams{IdempotencyKey: string(make([]byte, 256))}, fincon.ErrInvalidParams},
		{"unconfirmed", unconfirmed.ID, fincon.RefundParams{}, fincon.ErrNotRefundable},
		{"after 180 days", old.ID, fincon.RefundParams{}, fincon.ErrRefundWindowClosed},
	} {
		_, err := env.c.RefundPaymentIntent(ctx, tt.id, tt.p)
		var fe *fincon.Error
		if !errors.Is(err, tt.want) || !errors.As(err, &fe) {
			t.Errorf("%s: %v, want %v in a *fincon.Error", tt.name, err, tt.want)
		}
		if tt.p.Reason != "" && (err == nil || !strings.Contains(err.Error(), "valid: duplicate, fraudulent, requested_by_customer")) {
			t.Errorf("%s: %v, want the valid reasons listed", tt.name, err)
		}
	}
	if n := refundRequests(env.sim); n != 0 {
		t.Fatalf("%d refund requests sent", n)
	}
}
