package webhooks

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// Option configures a Handler. Options that get an invalid value make
// NewHandler fail with an error matching ErrInvalidOption.
type Option func(*Handler) error

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidOption}, args...)...)
}

// WithTolerance sets how far the signature's timestamp may be from the
// handler's clock, in either direction (default DefaultTolerance, 300 s).
func WithTolerance(d time.Duration) Option {
	return func(h *Handler) error {
		if d <= 0 {
			return invalid("tolerance %s is not positive", d)
		}
		h.tolerance = d
		return nil
	}
}

// WithNow sets the clock the signature timestamp is checked against, and
// that the default MemoryStore expires ids by (default time.Now). Pass a
// simulated clock's Now in tests, e.g. fctest's sim.Clock().Now.
func WithNow(now func() time.Time) Option {
	return func(h *Handler) error {
		if now == nil {
			return invalid("nil clock")
		}
		h.now = now
		return nil
	}
}

// WithMaxBodyBytes caps the request body (default DefaultMaxBodyBytes,
// 1 MiB); larger bodies are answered 413 without being read past the cap.
func WithMaxBodyBytes(n int64) Option {
	return func(h *Handler) error {
		if n <= 0 {
			return invalid("max body bytes %d is not positive", n)
		}
		h.maxBody = n
		return nil
	}
}

// WithReplayStore replaces the default store of processed event ids, a
// NewMemoryStore(DefaultReplayCapacity, DefaultReplayTTL). Use a shared
// store when several processes receive the same endpoint's webhooks.
func WithReplayStore(s ReplayStore) Option {
	return func(h *Handler) error {
		if s == nil {
			return invalid("nil replay store")
		}
		h.store = s
		return nil
	}
}

// AcceptAPIVersionMismatch makes the Handler accept events rendered for
// another API release train than stripe.APIVersion instead of rejecting
// them with an *APIVersionError. stripe-go decodes such objects on a best
// effort basis: fields that changed shape may be missing. Event.APIVersion
// tells the version.
func AcceptAPIVersionMismatch() Option {
	return func(h *Handler) error {
		h.acceptMismatch = true
		return nil
	}
}

// WithLogger logs rejected deliveries at Warn (500s and store failures at
// Error) and accepted, duplicate and unknown events at Debug. Log records
// carry the status, event id and type and the error; never the secret or
// the payload. The default is silence; a nil l is an error (leave the
// option out instead), as for fincon.WithLogger.
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) error {
		if l == nil {
			return invalid("nil *slog.Logger")
		}
		h.logger = l
		return nil
	}
}

// OnError is called with a *DeliveryError for every delivery not answered
// with 2xx, and for a ReplayStore that failed to record an event after its
// callbacks succeeded (answered 200, as the event was handled). It runs on
// the request's goroutine, before the response is written, and must be
// safe for concurrent use.
func OnError(fn func(error)) Option {
	return func(h *Handler) error {
		if fn == nil {
			return invalid("nil OnError")
		}
		h.onError = fn
		return nil
	}
}

// WithRefreshNotifier makes the Handler wake n's subscribers for every
// refreshed_* event it accepts (before calling OnAccountRefreshed).
func WithRefreshNotifier(n *RefreshNotifier) Option {
	return func(h *Handler) error {
		if n == nil {
			return invalid("nil refresh notifier")
		}
		h.notifier = n
		return nil
	}
}

func onAccount(t stripe.EventType, fn func(context.Context, AccountEvent) error) Option {
	return func(h *Handler) error {
		if fn == nil {
			return invalid("nil callback for %s", t)
		}
		h.account[t] = fn
		return nil
	}
}

// OnAccountCreated sets the callback for financial_connections.account.created.
func OnAccountCreated(fn func(context.Context, AccountEvent) error) Option {
	return onAccount(stripe.EventTypeFinancialConnectionsAccountCreated, fn)
}

// OnAccountDeactivated sets the callback for
// financial_connections.account.deactivated (the institution no longer
// gives access; the account is inactive).
func OnAccountDeactivated(fn func(context.Context, AccountEvent) error) Option {
	return onAccount(stripe.EventTypeFinancialConnectionsAccountDeactivated, fn)
}

// OnAccountReactivated sets the callback for
// financial_connections.account.reactivated.
func OnAccountReactivated(fn func(context.Context, AccountEvent) error) Option {
	return onAccount(stripe.EventTypeFinancialConnectionsAccountReactivated, fn)
}

// OnAccountDisconnected sets the callback for
// financial_connections.account.disconnected.
func OnAccountDisconnected(fn func(context.Context, AccountEvent) error) Option {
	return onAccount(stripe.EventTypeFinancialConnectionsAccountDisconnected, fn)
}

// OnAccountRefreshed sets the callback for the three
// financial_connections.account.refreshed_{balance,ownership,transactions}
// events; AccountRefreshedEvent.Feature tells which.
func OnAccountRefreshed(fn func(context.Context, AccountRefreshedEvent) error) Option {
	return func(h *Handler) error {
		if fn == nil {
			return invalid("nil OnAccountRefreshed")
		}
		h.refreshed = fn
		return nil
	}
}

func onPayment(t stripe.EventType, fn func(context.Context, PaymentIntentEvent) error) Option {
	return func(h *Handler) error {
		if fn == nil {
			return invalid("nil callback for %s", t)
		}
		h.payment[t] = fn
		return nil
	}
}

// OnPaymentProcessing sets the callback for payment_intent.processing: an
// ACH debit was submitted and its outcome is pending (up to four business
// days).
func OnPaymentProcessing(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment(stripe.EventTypePaymentIntentProcessing, fn)
}

// OnPaymentSucceeded sets the callback for payment_intent.succeeded.
func OnPaymentSucceeded(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment(stripe.EventTypePaymentIntentSucceeded, fn)
}

// OnPaymentFailed sets the callback for payment_intent.payment_failed
// (e.g. an ACH return such as R01 insufficient funds; see the
// PaymentIntent's LastPaymentError).
func OnPaymentFailed(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment(stripe.EventTypePaymentIntentPaymentFailed, fn)
}

// OnPaymentCanceled sets the callback for payment_intent.canceled.
func OnPaymentCanceled(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment(stripe.EventTypePaymentIntentCanceled, fn)
}

func onSetup(t stripe.EventType, fn func(context.Context, SetupIntentEvent) error) Option {
	return func(h *Handler) error {
		if fn == nil {
			return invalid("nil callback for %s", t)
		}
		h.setup[t] = fn
		return nil
	}
}

// OnSetupSucceeded sets the callback for setup_intent.succeeded.
func OnSetupSucceeded(fn func(context.Context, SetupIntentEvent) error) Option {
	return onSetup(stripe.EventTypeSetupIntentSucceeded, fn)
}

// OnSetupFailed sets the callback for setup_intent.setup_failed.
func OnSetupFailed(fn func(context.Context, SetupIntentEvent) error) Option {
	return onSetup(stripe.EventTypeSetupIntentSetupFailed, fn)
}

// OnUnknown sets the callback for event types this package does not model.
// Without it such events are acknowledged (2xx) and ignored, like modelled
// events without a callback.
func OnUnknown(fn func(context.Context, UnknownEvent) error) Option {
	return func(h *Handler) error {
		if fn == nil {
			return invalid("nil OnUnknown")
		}
		h.unknown = fn
		return nil
	}
}
