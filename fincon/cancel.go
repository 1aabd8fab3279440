package fincon

import (
	"context"

	"github.com/stripe/stripe-go/v82"
)

// CancellationReason is why a PaymentIntent or SetupIntent was canceled
// (Stripe's cancellation_reason). The zero value sends none.
//
// Stripe accepts duplicate, fraudulent, requested_by_customer and
// abandoned for a PaymentIntent, and abandoned, duplicate and
// requested_by_customer for a SetupIntent (Stripe API reference, "Cancel a
// PaymentIntent" and "Cancel a SetupIntent"); ValidForPaymentIntent and
// ValidForSetupIntent state those sets.
type CancellationReason string

// Cancellation reasons.
const (
	CancelDuplicate           CancellationReason = "duplicate"
	CancelFraudulent          CancellationReason = "fraudulent"
	CancelRequestedByCustomer CancellationReason = "requested_by_customer"
	CancelAbandoned           CancellationReason = "abandoned"
)

// ValidForPaymentIntent reports whether r may cancel a PaymentIntent: the
// zero value or one of the four reasons.
func (r CancellationReason) ValidForPaymentIntent() bool {
	switch r {
	case "", CancelDuplicate, CancelFraudulent, CancelRequestedByCustomer, CancelAbandoned:
		return true
	}
	return false
}

// ValidForSetupIntent reports whether r may cancel a SetupIntent: the zero
// value, abandoned, duplicate or requested_by_customer (not fraudulent).
func (r CancellationReason) ValidForSetupIntent() bool {
	return r != CancelFraudulent && r.ValidForPaymentIntent()
}

// CancellationReason is the reason the PaymentIntent was canceled with, ""
// when it was not canceled or no reason was given.
func (p *PaymentIntent) CancellationReason() CancellationReason {
	if p.raw == nil {
		return ""
	}
	return CancellationReason(p.raw.CancellationReason)
}

// CancellationReason is the reason the SetupIntent was canceled with, ""
// when it was not canceled or no reason was given.
func (s *SetupIntent) CancellationReason() CancellationReason {
	if s.raw == nil {
		return ""
	}
	return CancellationReason(s.raw.CancellationReason)
}

// CancelPaymentIntent cancels a PaymentIntent that is not yet processing
// (status requires_payment_method, requires_confirmation or
// requires_action), so that it can no longer debit the customer; the
// answer has status canceled and Stripe emits payment_intent.canceled. An
// ACH debit that is processing cannot be canceled — Stripe answers 400
// payment_intent_unexpected_state (an *Error with that Code) — refund it
// instead (RefundPaymentIntent). An empty id or a reason Stripe does not
// accept for PaymentIntents is a *ParamError (ErrInvalidParams) with no
// request. Canceling is idempotent at Stripe's end only for the same
// state: a second cancel of a canceled PaymentIntent is refused the same
// way.
func (c *Client) CancelPaymentIntent(ctx context.Context, id string, reason CancellationReason) (*PaymentIntent, error) {
	const op = "cancel payment intent"
	if err := requireID(op, id, "payment intent"); err != nil {
		return nil, err
	}
	if !reason.ValidForPaymentIntent() {
		return nil, paramErr(op, id, "cancellation_reason", "not a payment intent cancellation reason (valid: duplicate, fraudulent, requested_by_customer, abandoned, or none)", nil)
	}
	p := &stripe.PaymentIntentCancelParams{}
	if reason != "" {
		p.CancellationReason = stripe.String(string(reason))
	}
	pi, err := c.sc.V1PaymentIntents.Cancel(ctx, id, p)
	return converted(op, id, paymentIntentFromStripe, pi, err)
}

// CancelSetupIntent cancels a SetupIntent that has not succeeded (status
// requires_payment_method, requires_confirmation or requires_action); the
// answer has status canceled. Stripe refuses other statuses with 400
// setup_intent_unexpected_state. An empty id or a reason Stripe does not
// accept for SetupIntents (fraudulent) is a *ParamError (ErrInvalidParams)
// with no request.
func (c *Client) CancelSetupIntent(ctx context.Context, id string, reason CancellationReason) (*SetupIntent, error) {
	const op = "cancel setup intent"
	if err := requireID(op, id, "setup intent"); err != nil {
		return nil, err
	}
	if !reason.ValidForSetupIntent() {
		return nil, paramErr(op, id, "cancellation_reason", "not a setup intent cancellation reason (valid: duplicate, requested_by_customer, abandoned, or none; fraudulent is for PaymentIntents only)", nil)
	}
	p := &stripe.SetupIntentCancelParams{}
	if reason != "" {
		p.CancellationReason = stripe.String(string(reason))
	}
	si, err := c.sc.V1SetupIntents.Cancel(ctx, id, p)
	return converted(op, id, setupIntentFromStripe, si, err)
}
