package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fcsdk/fcsdk/fincon"
)

// refund refunds part of the suite's PaymentIntent with a key, retries
// the call, reads the refund back and lists the PaymentIntent's refunds.
// On the simulator the payment settled in the payment_intent call: the
// refund is pending, a retry returns it, an over-refund is refused locally
// and a week later the refund succeeded.
func refund(ctx context.Context, e *Env) error {
	p := fincon.RefundParams{Amount: 500, Reason: fincon.RefundRequestedByCustomer, IdempotencyKey: "contract-refund-1"}
	r, err := e.Client.RefundPaymentIntent(ctx, e.PaymentIntent, p)
	if err != nil {
		return err
	}
	if needPrefix("refund", r.ID, "re_") != nil && needPrefix("refund", r.ID, "pyr_") != nil {
		return errf("refund id %q lacks prefix re_ or pyr_ (ACH)", r.ID)
	}
	got, err := e.Client.GetRefund(ctx, r.ID)
	if err != nil {
		return err
	}
	if got.ID != r.ID || !got.Status.Valid() {
		return errf("get refund %s: %s %q", r.ID, got.ID, got.Status)
	}
	listed, err := fincon.Collect(e.Client.ListRefunds(ctx, e.PaymentIntent))
	if err != nil {
		return err
	}
	if len(listed) == 0 {
		return errf("no refunds listed for %s", e.PaymentIntent)
	}
	if !e.stateful() {
		return nil
	}
	if r.Status != fincon.RefundPending || r.Amount.Amount != 500 || r.PaymentIntent != e.PaymentIntent {
		return errf("refund %+v, want pending 500 of %s", r, e.PaymentIntent)
	}
	again, err := e.Client.RefundPaymentIntent(ctx, e.PaymentIntent, p)
	if err != nil || again.ID != r.ID {
		return errf("keyed retry: %v, %v; want refund %s", again, err, r.ID)
	}
	if _, err := e.Client.RefundPaymentIntent(ctx, e.PaymentIntent, fincon.RefundParams{Amount: 2_001}); !errors.Is(err, fincon.ErrRefundExceedsCaptured) {
		return errf("refund past the amount captured: %v", err)
	}
	if len(listed) != 1 || listed[0].ID != r.ID {
		return errf("listed %d refunds, want %s", len(listed), r.ID)
	}
	e.Advance(7 * 24 * time.Hour)
	if got, err = e.Client.GetRefund(ctx, r.ID); err != nil || got.Status != fincon.RefundSucceeded {
		return errf("refund a week later: %v, %v", got, err)
	}
	return nil
}

// settledPayments makes stripe-mock's fixed PaymentIntent (status
// requires_payment_method, created in 2009) look like a payment that
// succeeded an hour ago, so that RefundPaymentIntent's local checks pass
// and its refund create reaches stripe-mock's request validation. Only
// GET /v1/payment_intents/{id} answers are changed; requests never are.
type settledPayments struct{ next http.RoundTripper }

func (s settledPayments) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err != nil || req.Method != http.MethodGet || !strings.HasPrefix(req.URL.Path, "/v1/payment_intents/") ||
		resp.StatusCode != http.StatusOK || resp.Body == nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var pi map[string]any
	if json.Unmarshal(b, &pi) == nil && pi["object"] == "payment_intent" {
		pi["status"] = "succeeded"
		pi["amount_received"] = pi["amount"]
		pi["created"] = time.Now().Add(-time.Hour).Unix()
		if nb, err := json.Marshal(pi); err == nil {
			b = nb
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	return resp, nil
}
