package webhooks

import (
	"context"
	"log/slog"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/option"
)

// Option configures a Handler. Options validate their argument: an
// invalid one, like a nil Option, makes NewHandler fail with a
// *fincon.OptionError naming it ("webhooks.WithTolerance") and matching
// fincon.ErrInvalidOption. Every callback option (On…) refuses a nil
// callback; without one, the events it names are acknowledged (2xx) and
// ignored.
type Option func(*config) error

// config is what the options set; NewHandler starts from the defaults
// each option names.
type config struct {
	tolerance      time.Duration
	clock          fincon.Clock
	maxBody        int64
	store          ReplayStore
	acceptMismatch bool
	logger         *slog.Logger
	onError        func(error)
	notifier       *RefreshNotifier

	account   map[stripe.EventType]func(context.Context, AccountEvent) error
	refreshed func(context.Context, AccountRefreshedEvent) error
	payment   map[stripe.EventType]func(context.Context, PaymentIntentEvent) error
	setup     map[stripe.EventType]func(context.Context, SetupIntentEvent) error
	mandate   func(context.Context, MandateEvent) error                              // events_recurring.go
	checkout  map[stripe.EventType]func(context.Context, CheckoutSessionEvent) error // events_recurring.go
	refund    map[stripe.EventType]func(context.Context, RefundEvent) error          // events_refund.go
	unknown   func(context.Context, UnknownEvent) error
}

// optErr returns the error of option opt (named without the package)
// refusing its argument.
func optErr(opt, format string, args ...any) error {
	return option.New(nil, "webhooks."+opt, format, args...)
}

// WithTolerance sets how far the signature's timestamp may be from the
// handler's clock, in either direction (default DefaultTolerance, 300 s).
// d must be positive.
func WithTolerance(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return optErr("WithTolerance", "%s is not positive", d)
		}
		c.tolerance = d
		return nil
	}
}

// WithClock sets the clock whose Now the signature timestamp is checked
// against, and that the default MemoryStore expires ids by (default
// fincon.SystemClock, the wall clock). The Handler never calls Sleep. Pass
// fctest's simulated clock, sim.Clock(), when the simulator signs with
// simulated time; see the package documentation. A nil clk is refused.
func WithClock(clk fincon.Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return optErr("WithClock", "nil Clock")
		}
		c.clock = clk
		return nil
	}
}

// WithMaxBodyBytes caps the request body (default DefaultMaxBodyBytes,
// 1 MiB); larger bodies are answered 413 without being read past the cap.
// n, in bytes, must be positive.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return optErr("WithMaxBodyBytes", "%d bytes is not positive", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithReplayStore replaces the default store of processed event ids, a
// NewMemoryStore(DefaultReplayCapacity, DefaultReplayTTL). Use a shared
// store when several processes receive the same endpoint's webhooks. A nil
// s is refused.
func WithReplayStore(s ReplayStore) Option {
	return func(c *config) error {
		if s == nil {
			return optErr("WithReplayStore", "nil replay store")
		}
		c.store = s
		return nil
	}
}

// AcceptAPIVersionMismatch makes the Handler accept events rendered for
// another API release train than stripe.APIVersion instead of rejecting
// them with an *APIVersionError. stripe-go decodes such objects on a best
// effort basis: fields that changed shape may be missing. Event.APIVersion
// tells the version.
func AcceptAPIVersionMismatch() Option {
	return func(c *config) error {
		c.acceptMismatch = true
		return nil
	}
}

// WithLogger logs rejected deliveries at Warn (500s and store failures at
// Error) and accepted, duplicate and unknown events at Debug. Log records
// carry the status, event id and type and the error; never the secret or
// the payload. The default is silence; a nil l is an error (leave the
// option out instead), as for fincon.WithLogger.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return optErr("WithLogger", "nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// OnError is called with a *DeliveryError for every delivery not answered
// with 2xx, and for a ReplayStore that failed to record an event after its
// callbacks succeeded (answered 200, as the event was handled). It runs on
// the request's goroutine, before the response is written, and must be
// safe for concurrent use. By default errors go only to the logger
// (WithLogger); a nil fn is refused.
func OnError(fn func(error)) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr("OnError", "nil func")
		}
		c.onError = fn
		return nil
	}
}

// WithRefreshNotifier makes the Handler wake n's subscribers for every
// refreshed_* event it accepts (before calling OnAccountRefreshed). By
// default no notifier is woken; a nil n is refused.
func WithRefreshNotifier(n *RefreshNotifier) Option {
	return func(c *config) error {
		if n == nil {
			return optErr("WithRefreshNotifier", "nil refresh notifier")
		}
		c.notifier = n
		return nil
	}
}

func onAccount(name string, t stripe.EventType, fn func(context.Context, AccountEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr(name, "nil callback for %s", t)
		}
		c.account[t] = fn
		return nil
	}
}

// OnAccountCreated sets the callback for financial_connections.account.created.
func OnAccountCreated(fn func(context.Context, AccountEvent) error) Option {
	return onAccount("OnAccountCreated", stripe.EventTypeFinancialConnectionsAccountCreated, fn)
}

// OnAccountDeactivated sets the callback for
// financial_connections.account.deactivated (the institution no longer
// gives access; the account is inactive).
func OnAccountDeactivated(fn func(context.Context, AccountEvent) error) Option {
	return onAccount("OnAccountDeactivated", stripe.EventTypeFinancialConnectionsAccountDeactivated, fn)
}

// OnAccountReactivated sets the callback for
// financial_connections.account.reactivated.
func OnAccountReactivated(fn func(context.Context, AccountEvent) error) Option {
	return onAccount("OnAccountReactivated", stripe.EventTypeFinancialConnectionsAccountReactivated, fn)
}

// OnAccountDisconnected sets the callback for
// financial_connections.account.disconnected.
func OnAccountDisconnected(fn func(context.Context, AccountEvent) error) Option {
	return onAccount("OnAccountDisconnected", stripe.EventTypeFinancialConnectionsAccountDisconnected, fn)
}

// OnAccountRefreshed sets the callback for the three
// financial_connections.account.refreshed_{balance,ownership,transactions}
// events; AccountRefreshedEvent.Feature tells which.
func OnAccountRefreshed(fn func(context.Context, AccountRefreshedEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr("OnAccountRefreshed", "nil callback")
		}
		c.refreshed = fn
		return nil
	}
}

func onPayment(name string, t stripe.EventType, fn func(context.Context, PaymentIntentEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr(name, "nil callback for %s", t)
		}
		c.payment[t] = fn
		return nil
	}
}

// OnPaymentProcessing sets the callback for payment_intent.processing: an
// ACH debit was submitted and its outcome is pending (up to four business
// days).
func OnPaymentProcessing(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment("OnPaymentProcessing", stripe.EventTypePaymentIntentProcessing, fn)
}

// OnPaymentSucceeded sets the callback for payment_intent.succeeded.
func OnPaymentSucceeded(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment("OnPaymentSucceeded", stripe.EventTypePaymentIntentSucceeded, fn)
}

// OnPaymentFailed sets the callback for payment_intent.payment_failed
// (e.g. an ACH return such as R01 insufficient funds; see the
// PaymentIntent's LastPaymentError).
func OnPaymentFailed(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment("OnPaymentFailed", stripe.EventTypePaymentIntentPaymentFailed, fn)
}

// OnPaymentCanceled sets the callback for payment_intent.canceled.
func OnPaymentCanceled(fn func(context.Context, PaymentIntentEvent) error) Option {
	return onPayment("OnPaymentCanceled", stripe.EventTypePaymentIntentCanceled, fn)
}

func onSetup(name string, t stripe.EventType, fn func(context.Context, SetupIntentEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr(name, "nil callback for %s", t)
		}
		c.setup[t] = fn
		return nil
	}
}

// OnSetupSucceeded sets the callback for setup_intent.succeeded.
func OnSetupSucceeded(fn func(context.Context, SetupIntentEvent) error) Option {
	return onSetup("OnSetupSucceeded", stripe.EventTypeSetupIntentSucceeded, fn)
}

// OnSetupFailed sets the callback for setup_intent.setup_failed.
func OnSetupFailed(fn func(context.Context, SetupIntentEvent) error) Option {
	return onSetup("OnSetupFailed", stripe.EventTypeSetupIntentSetupFailed, fn)
}

// OnUnknown sets the callback for event types this package does not model.
// Without it such events are acknowledged (2xx) and ignored, like modelled
// events without a callback.
func OnUnknown(fn func(context.Context, UnknownEvent) error) Option {
	return func(c *config) error {
		if fn == nil {
			return optErr("OnUnknown", "nil callback")
		}
		c.unknown = fn
		return nil
	}
}
