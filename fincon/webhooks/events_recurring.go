package webhooks

import (
	"context"

	"github.com/stripe/stripe-go/v82"
)

// MandateEvent is a mandate.updated event: a mandate changed, typically to
// status inactive (the customer revoked it, or an ACH return ended it),
// after which no debit may use it.
type MandateEvent struct {
	Event
	// Mandate is the mandate as of the event; its ID is never empty.
	Mandate *stripe.Mandate
}

// CheckoutSessionEvent is a checkout.session.completed,
// .async_payment_succeeded or .async_payment_failed event.
type CheckoutSessionEvent struct {
	Event
	// CheckoutSession is the session as of the event, with its
	// ClientSecret (and those of an expanded PaymentIntent or SetupIntent)
	// cleared. Its ID is never empty.
	CheckoutSession *stripe.CheckoutSession
}

// clearSessionSecrets removes the client secrets a Checkout Session may
// carry, so that they never reach callbacks and their logs.
func clearSessionSecrets(s *stripe.CheckoutSession) {
	s.ClientSecret = ""
	if s.PaymentIntent != nil {
		s.PaymentIntent.ClientSecret = ""
		redactError(s.PaymentIntent.LastPaymentError)
	}
	if s.SetupIntent != nil {
		s.SetupIntent.ClientSecret = ""
		redactError(s.SetupIntent.LastSetupError)
	}
}

// OnMandateUpdated sets the callback for mandate.updated. A mandate whose
// Status is inactive can no longer fund a debit: stop the recurring
// schedule, or collect a new bank account.
func OnMandateUpdated(fn func(context.Context, MandateEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr("OnMandateUpdated", "nil callback for %s", stripe.EventTypeMandateUpdated)
		}
		c.mandate = fn
		return nil
	}
}

// OnPaymentRequiresAction sets the callback for
// payment_intent.requires_action: the customer must act, for ACH typically
// to verify a hand-entered account with microdeposits (NextAction type
// verify_with_microdeposits).
func OnPaymentRequiresAction(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment("OnPaymentRequiresAction", stripe.EventTypePaymentIntentRequiresAction, fn)
}

// OnSetupRequiresAction sets the callback for setup_intent.requires_action
// (for ACH typically microdeposit verification of a hand-entered account).
func OnSetupRequiresAction(fn func(context.Context, SetupIntentEvent) error) Option {
	return onSetup("OnSetupRequiresAction", stripe.EventTypeSetupIntentRequiresAction, fn)
}

func onCheckout(name string, t stripe.EventType, fn func(context.Context, CheckoutSessionEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr(name, "nil callback for %s", t)
		}
		c.checkout[t] = fn
		return nil
	}
}

// OnCheckoutSessionCompleted sets the callback for
// checkout.session.completed: the customer finished Checkout. For an ACH
// payment the PaymentStatus is usually unpaid — the debit is processing —
// and checkout.session.async_payment_succeeded or _failed follows; in
// setup mode the SetupIntent holds the saved payment method.
func OnCheckoutSessionCompleted(fn func(context.Context, CheckoutSessionEvent) error) Option {
	return onCheckout("OnCheckoutSessionCompleted", stripe.EventTypeCheckoutSessionCompleted, fn)
}

// OnCheckoutSessionAsyncPaymentSucceeded sets the callback for
// checkout.session.async_payment_succeeded: the delayed ACH debit of a
// completed Checkout Session succeeded.
func OnCheckoutSessionAsyncPaymentSucceeded(fn func(context.Context, CheckoutSessionEvent) error) Option {
	return onCheckout("OnCheckoutSessionAsyncPaymentSucceeded", stripe.EventTypeCheckoutSessionAsyncPaymentSucceeded, fn)
}

// OnCheckoutSessionAsyncPaymentFailed sets the callback for
// checkout.session.async_payment_failed: the delayed ACH debit of a
// completed Checkout Session failed (an ACH return such as R01).
func OnCheckoutSessionAsyncPaymentFailed(fn func(context.Context, CheckoutSessionEvent) error) Option {
	return onCheckout("OnCheckoutSessionAsyncPaymentFailed", stripe.EventTypeCheckoutSessionAsyncPaymentFailed, fn)
}
