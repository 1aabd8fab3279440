package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/quote"
)

// Handler defaults.
const (
	// DefaultTolerance is how far a signature's timestamp may be from now:
	// Stripe's recommended 300 seconds.
	DefaultTolerance = webhook.DefaultTolerance
	// DefaultMaxBodyBytes caps request bodies at 1 MiB, well above the
	// size of the events this package models.
	DefaultMaxBodyBytes int64 = 1 << 20
)

// Handler receives Stripe webhook deliveries: it authenticates them, drops
// replays and dispatches each event once to the typed callback registered
// for its type. See the package documentation for the response codes.
//
// A Handler is safe for concurrent use; callbacks may run concurrently
// (for different events) and must be safe for that. Create one with
// NewHandler.
type Handler struct {
	secret string
	config // what the options set (options.go)
}

var _ http.Handler = (*Handler)(nil)

// NewHandler returns a Handler for the endpoint whose signing secret
// (whsec_…) is secret. Without callback options it authenticates and
// acknowledges events and does nothing else. A nil Option, like an option
// given an invalid value, makes it fail with a *fincon.OptionError
// (fincon.ErrInvalidOption). An empty secret is ErrNoSecret; one that cannot be a
// signing secret (an API key, surrounding whitespace, no whsec_ prefix)
// matches ErrInvalidSecret, its text naming the mistake, never the value.
//
// The signature's timestamp is checked against the wall clock unless
// WithClock says otherwise; with fctest's simulator, see the package documentation.
func NewHandler(secret string, opts ...Option) (*Handler, error) {
	if secret == "" {
		return nil, ErrNoSecret
	}
	if err := checkSecret(secret); err != nil {
		return nil, err
	}
	h := &Handler{secret: secret, config: config{
		tolerance: DefaultTolerance,
		clock:     fincon.SystemClock{},
		maxBody:   DefaultMaxBodyBytes,
		account:   make(map[stripe.EventType]func(context.Context, AccountEvent) error),
		payment:   make(map[stripe.EventType]func(context.Context, PaymentIntentEvent) error),
		setup:     make(map[stripe.EventType]func(context.Context, SetupIntentEvent) error),
		checkout:  make(map[stripe.EventType]func(context.Context, CheckoutSessionEvent) error),
		refund:    make(map[stripe.EventType]func(context.Context, RefundEvent) error),
	}}
	for i, o := range opts {
		if o == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := o(&h.config); err != nil {
			return nil, err
		}
	}
	if h.store == nil {
		s := NewMemoryStore(DefaultReplayCapacity, DefaultReplayTTL)
		s.now = h.clock.Now
		h.store = s
	}
	return h, nil
}

// outcome is how a delivery ends.
type outcome struct {
	status int
	ev     Event
	err    error  // reported when non-nil
	note   string // for the debug log of accepted deliveries
}

// ServeHTTP handles one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	out := h.serve(w, r)
	h.report(r.Context(), out)
	if out.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	if out.status >= 300 {
		// The body is the status text only: nothing to help a forger.
		http.Error(w, http.StatusText(out.status), out.status)
		return
	}
	w.WriteHeader(out.status)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) outcome {
	if r.Method != http.MethodPost {
		return outcome{status: http.StatusMethodNotAllowed, err: ErrMethodNotAllowed}
	}
	if r.ContentLength > h.maxBody {
		return outcome{status: http.StatusRequestEntityTooLarge, err: h.tooLarge()}
	}
	payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return outcome{status: http.StatusRequestEntityTooLarge, err: h.tooLarge()}
		}
		return outcome{status: http.StatusBadRequest, err: fmt.Errorf("%w: %v", ErrReadBody, err)}
	}
	return h.deliver(r.Context(), payload, r.Header.Get("Stripe-Signature"))
}

func (h *Handler) tooLarge() error {
	return fmt.Errorf("%w: limit %d bytes", ErrBodyTooLarge, h.maxBody)
}

// deliver authenticates, decodes, deduplicates and dispatches one event.
func (h *Handler) deliver(ctx context.Context, payload []byte, sigHeader string) outcome {
	if err := verifySignature(payload, sigHeader, h.secret, h.clock.Now(), h.tolerance); err != nil {
		return outcome{status: http.StatusBadRequest, err: err}
	}
	// The payload is authentic. Its api_version comes first (versions.go):
	// the envelope of an old version may not decode into stripe-go's Event.
	head, err := readHead(payload)
	if err != nil {
		return outcome{status: http.StatusBadRequest, err: err}
	}
	other := !compatibleAPIVersion(stripe.APIVersion, head.APIVersion)
	if other && !h.acceptMismatch {
		ev := Event{ID: head.ID, Type: head.Type, APIVersion: head.APIVersion}
		return outcome{status: http.StatusBadRequest, ev: ev, err: &APIVersionError{Event: head.APIVersion, Expected: stripe.APIVersion}}
	}
	// Decode it as stripe-go's webhook.ConstructEvent would, without
	// computing the HMAC again, and with data.object decoded once (see
	// decodeEvent); leniently for another version (see decodeOld).
	se, raw, hasData, err := decodeEvent(payload)
	if err != nil && other {
		se, raw, hasData, err = decodeOld(payload)
	}
	if err != nil {
		return outcome{status: http.StatusBadRequest, err: fmt.Errorf("%w: %v", ErrMalformedPayload, err)}
	}
	se.ID, se.Type = head.ID, head.Type
	ev := eventFromStripe(&se)
	if other && hasData {
		raw = lenientObject(se.Type, raw)
	}
	obj, err := decodeObject(se.Type, raw, hasData)
	if err != nil {
		return outcome{status: http.StatusBadRequest, ev: ev, err: err}
	}

	claim, err := h.store.Claim(ctx, ev.ID)
	if err != nil {
		return outcome{status: http.StatusInternalServerError, ev: ev, err: fmt.Errorf("%w: claim: %w", ErrReplayStore, err)}
	}
	switch claim {
	case Claimed:
	case Duplicate:
		return outcome{status: http.StatusOK, ev: ev, note: "duplicate event acknowledged"}
	case InProgress:
		return outcome{status: http.StatusConflict, ev: ev, err: ErrInProgress}
	default:
		return outcome{status: http.StatusInternalServerError, ev: ev, err: fmt.Errorf("%w: claim: unexpected answer %d", ErrReplayStore, int(claim))}
	}
	return h.dispatch(ctx, ev, obj)
}

// object is an event's decoded data.object: exactly one field is set for a
// modelled type, raw (possibly empty) for others.
type object struct {
	account *stripe.FinancialConnectionsAccount
	pi      *stripe.PaymentIntent
	si      *stripe.SetupIntent
	mandate *stripe.Mandate
	session *stripe.CheckoutSession
	refund  *stripe.Refund
	raw     RawObject
}

// decodeObject decodes the object of modelled event types into stripe-go's
// type and checks that it has an id. Unknown types keep the raw JSON.
func decodeObject(t stripe.EventType, raw json.RawMessage, hasData bool) (object, error) {
	kind := kindOf(t)
	if kind == kindUnknown {
		if !hasData {
			return object{}, nil
		}
		return object{raw: RawObject(raw)}, nil
	}
	if !hasData || len(raw) == 0 {
		return object{}, fmt.Errorf("%w: %s event without data.object", ErrMalformedPayload, t)
	}
	var (
		o              object
		target         any
		id, objectName *string
		want           string
	)
	switch kind {
	case kindAccount:
		o.account = new(stripe.FinancialConnectionsAccount)
		target, id, objectName, want = o.account, &o.account.ID, &o.account.Object, "financial_connections.account"
	case kindPaymentIntent:
		o.pi = new(stripe.PaymentIntent)
		target, id, objectName, want = o.pi, &o.pi.ID, &o.pi.Object, "payment_intent"
	case kindSetupIntent:
		o.si = new(stripe.SetupIntent)
		target, id, objectName, want = o.si, &o.si.ID, &o.si.Object, "setup_intent"
	case kindMandate:
		o.mandate = new(stripe.Mandate)
		target, id, objectName, want = o.mandate, &o.mandate.ID, &o.mandate.Object, "mandate"
	case kindCheckoutSession:
		o.session = new(stripe.CheckoutSession)
		target, id, objectName, want = o.session, &o.session.ID, &o.session.Object, "checkout.session"
	case kindRefund:
		o.refund = new(stripe.Refund)
		target, id, objectName, want = o.refund, &o.refund.ID, &o.refund.Object, "refund"
	}
	if err := json.Unmarshal(raw, target); err != nil {
		return object{}, fmt.Errorf("%w: %s object: %v", ErrMalformedPayload, t, err)
	}
	if *id == "" {
		return object{}, fmt.Errorf("%w: %s object without id", ErrMalformedPayload, t)
	}
	if *objectName != "" && *objectName != want {
		return object{}, fmt.Errorf("%w: %s event carries a %s object", ErrMalformedPayload, quote.Text(string(t)), quote.Text(*objectName))
	}
	// Never hand client secrets to callbacks (and so to their logs).
	if o.pi != nil {
		o.pi.ClientSecret = ""
		redactError(o.pi.LastPaymentError)
	}
	if o.si != nil {
		o.si.ClientSecret = ""
		redactError(o.si.LastSetupError)
	}
	if o.session != nil {
		clearSessionSecrets(o.session)
	}
	return o, nil
}

// redactError clears client secrets of intents nested in a payment or
// setup error, whose Error method prints it all as JSON.
func redactError(e *stripe.Error) {
	if e == nil {
		return
	}
	if e.PaymentIntent != nil {
		e.PaymentIntent.ClientSecret = ""
	}
	if e.SetupIntent != nil {
		e.SetupIntent.ClientSecret = ""
	}
}

// dispatch runs the event's callback and records the outcome in the store:
// Complete on success, Release on error or panic, so that Stripe's retry of
// a failed delivery dispatches the event again.
func (h *Handler) dispatch(ctx context.Context, ev Event, obj object) outcome {
	// The store is updated even if the request's context was cancelled
	// while the callback ran.
	sctx := context.WithoutCancel(ctx)
	settled := false
	defer func() {
		if !settled { // a callback panicked
			_ = h.store.Release(sctx, ev.ID)
		}
	}()
	err := h.call(ctx, ev, obj)
	settled = true
	if err != nil {
		err = fmt.Errorf("%w: %w", ErrCallback, err)
		if rerr := h.store.Release(sctx, ev.ID); rerr != nil {
			err = errors.Join(err, fmt.Errorf("%w: release: %w", ErrReplayStore, rerr))
		}
		return outcome{status: http.StatusInternalServerError, ev: ev, err: err}
	}
	if err := h.store.Complete(sctx, ev.ID); err != nil {
		// The callbacks ran: acknowledge anyway, or Stripe's retry would
		// run them a second time. Report the failure.
		return outcome{status: http.StatusOK, ev: ev, err: fmt.Errorf("%w: complete: %w", ErrReplayStore, err)}
	}
	return outcome{status: http.StatusOK, ev: ev, note: "event dispatched"}
}

func (h *Handler) call(ctx context.Context, ev Event, obj object) error {
	switch {
	case obj.account != nil:
		ae := AccountEvent{Event: ev, Account: obj.account}
		if f, ok := RefreshFeatureOf(ev.Type); ok {
			if h.notifier != nil {
				if err := h.notifier.notify(ctx, obj.account.ID, f); err != nil {
					return err
				}
			}
			if h.refreshed != nil {
				return h.refreshed(ctx, AccountRefreshedEvent{AccountEvent: ae, Feature: f})
			}
			return nil
		}
		if fn := h.account[ev.Type]; fn != nil {
			return fn(ctx, ae)
		}
	case obj.pi != nil:
		if fn := h.payment[ev.Type]; fn != nil {
			return fn(ctx, PaymentIntentEvent{Event: ev, PaymentIntent: obj.pi})
		}
	case obj.si != nil:
		if fn := h.setup[ev.Type]; fn != nil {
			return fn(ctx, SetupIntentEvent{Event: ev, SetupIntent: obj.si})
		}
	case obj.mandate != nil:
		if h.mandate != nil {
			return h.mandate(ctx, MandateEvent{Event: ev, Mandate: obj.mandate})
		}
	case obj.session != nil:
		if fn := h.checkout[ev.Type]; fn != nil {
			return fn(ctx, CheckoutSessionEvent{Event: ev, CheckoutSession: obj.session})
		}
	case obj.refund != nil:
		if fn := h.refund[ev.Type]; fn != nil {
			return fn(ctx, RefundEvent{Event: ev, Refund: obj.refund})
		}
	default:
		if h.unknown != nil {
			return h.unknown(ctx, UnknownEvent{Event: ev, Object: obj.raw})
		}
	}
	return nil
}

// report hands failures to OnError and logs.
func (h *Handler) report(ctx context.Context, out outcome) {
	if out.err == nil {
		if h.logger != nil {
			h.logger.LogAttrs(ctx, slog.LevelDebug, "webhooks: "+out.note,
				slog.Int("status", out.status), slog.String("event_id", out.ev.ID), slog.String("event_type", string(out.ev.Type)))
		}
		return
	}
	de := &DeliveryError{EventID: out.ev.ID, Type: out.ev.Type, Status: out.status, Err: out.err}
	if h.onError != nil {
		h.onError(de)
	}
	if h.logger != nil {
		level, msg := slog.LevelWarn, "webhooks: delivery rejected"
		switch {
		case out.status < 300:
			level, msg = slog.LevelError, "webhooks: event dispatched but not recorded"
		case out.status >= 500:
			level, msg = slog.LevelError, "webhooks: delivery failed"
		}
		h.logger.LogAttrs(ctx, level, msg,
			slog.Int("status", out.status), slog.String("event_id", out.ev.ID),
			slog.String("event_type", string(out.ev.Type)), slog.String("error", de.Error()))
	}
}
