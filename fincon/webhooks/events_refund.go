package webhooks

import (
	"context"

	"github.com/stripe/stripe-go/v82"
)

// RefundEvent is a refund.created, refund.updated, refund.failed or
// charge.refund.updated event. An ACH refund is created pending and
// updated to succeeded, failed (refund.failed also fires; failure_reason
// says why) or canceled (the refunded payment failed, so nothing was
// debited). Source: Stripe API reference, "Types of events".
type RefundEvent struct {
	Event
	// Refund is the refund as of the event; its ID is never empty.
	Refund *stripe.Refund
}

func onRefund(name string, t stripe.EventType, fn func(context.Context, RefundEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr(name, "nil callback for %s", t)
		}
		c.refund[t] = fn
		return nil
	}
}

// OnRefundCreated sets the callback for refund.created.
func OnRefundCreated(fn func(context.Context, RefundEvent) error) Option {
	return onRefund("OnRefundCreated", stripe.EventTypeRefundCreated, fn)
}

// OnRefundUpdated sets the callback for refund.updated: every status
// change, including the end of an ACH refund (succeeded, failed or
// canceled).
func OnRefundUpdated(fn func(context.Context, RefundEvent) error) Option {
	return onRefund("OnRefundUpdated", stripe.EventTypeRefundUpdated, fn)
}

// OnRefundFailed sets the callback for refund.failed: the customer's bank
// refused the credit; the money is back in the Stripe balance.
func OnRefundFailed(fn func(context.Context, RefundEvent) error) Option {
	return onRefund("OnRefundFailed", stripe.EventTypeRefundFailed, fn)
}

// OnChargeRefundUpdated sets the callback for charge.refund.updated, which
// Stripe sends for refunds of some payment methods; refund.updated covers
// all of them.
func OnChargeRefundUpdated(fn func(context.Context, RefundEvent) error) Option {
	return onRefund("OnChargeRefundUpdated", stripe.EventTypeChargeRefundUpdated, fn)
}
