package webhooks

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// Sentinel errors. A rejected delivery is reported (see OnError and
// WithLogger) as a *DeliveryError wrapping one of these, so callers can
// match it with errors.Is.
var (
	// ErrNoSecret is returned by NewHandler for an empty signing secret.
	ErrNoSecret = errors.New("webhooks: empty signing secret")
	// ErrMethodNotAllowed: the request was not a POST (405).
	ErrMethodNotAllowed = errors.New("webhooks: method not allowed")
	// ErrBodyTooLarge: the body exceeded the limit set by
	// WithMaxBodyBytes (413).
	ErrBodyTooLarge = errors.New("webhooks: request body too large")
	// ErrReadBody: the body could not be read (400).
	ErrReadBody = errors.New("webhooks: cannot read request body")

	// ErrNotSigned: the Stripe-Signature header is missing or empty (400).
	ErrNotSigned = errors.New("webhooks: missing Stripe-Signature header")
	// ErrInvalidHeader: the Stripe-Signature header is malformed, e.g. has
	// no or a non-numeric or repeated t= element (400).
	ErrInvalidHeader = errors.New("webhooks: malformed Stripe-Signature header")
	// ErrNoValidSignature: no v1 signature in the header matches the
	// payload under the signing secret (400).
	ErrNoValidSignature = errors.New("webhooks: no valid signature")
	// ErrTimestampOutOfTolerance: the signature's timestamp is further
	// than the tolerance from now, in the past or in the future (400). It
	// is wrapped in a *TimestampError.
	ErrTimestampOutOfTolerance = errors.New("webhooks: signature timestamp outside tolerance")

	// ErrMalformedPayload: the signed body is not a Stripe event, or the
	// object of an event type this package models does not decode (400).
	ErrMalformedPayload = errors.New("webhooks: malformed event payload")
	// ErrAPIVersionMismatch: the event was rendered for another API
	// release train than stripe-go's stripe.APIVersion (400). It is
	// wrapped in an *APIVersionError. See AcceptAPIVersionMismatch.
	ErrAPIVersionMismatch = errors.New("webhooks: event api version mismatch")

	// ErrInProgress: another delivery of the same event is being
	// processed; the delivery is answered 409 so that Stripe retries it
	// later.
	ErrInProgress = errors.New("webhooks: event delivery already in progress")
	// ErrReplayStore: the ReplayStore failed (500).
	ErrReplayStore = errors.New("webhooks: replay store")
	// ErrCallback: a callback returned an error (500); the event is not
	// remembered, so Stripe's retry dispatches it again.
	ErrCallback = errors.New("webhooks: callback failed")
)

// TimestampError reports a signature timestamp outside the tolerance. It
// matches ErrTimestampOutOfTolerance.
type TimestampError struct {
	Timestamp time.Time     // the t= value of the Stripe-Signature header
	Now       time.Time     // the handler's clock when checking
	Tolerance time.Duration // the configured tolerance
}

// Error describes the skew.
func (e *TimestampError) Error() string {
	d := e.Now.Sub(e.Timestamp)
	dir := "old"
	if d < 0 {
		d, dir = -d, "in the future"
	}
	return fmt.Sprintf("webhooks: signature timestamp %s %s (tolerance %s)", d.Truncate(time.Second), dir, e.Tolerance)
}

// Unwrap returns ErrTimestampOutOfTolerance.
func (e *TimestampError) Unwrap() error { return ErrTimestampOutOfTolerance }

// APIVersionError reports an event rendered for another API release train
// than the one stripe-go v82 decodes (stripe.APIVersion). It matches
// ErrAPIVersionMismatch.
//
// Objects of another release train may not decode into stripe-go's types
// correctly. Fix it by setting the webhook endpoint's API version to
// Expected (in the Dashboard or when creating the endpoint); or accept such
// events with AcceptAPIVersionMismatch and check Event.APIVersion yourself.
type APIVersionError struct {
	Event    string // the event's api_version ("" for events without one)
	Expected string // stripe.APIVersion
}

// Error names both versions.
func (e *APIVersionError) Error() string {
	return "webhooks: event api version " + quote.Text(e.Event) + " is not on the release train of " + quote.Text(e.Expected) + "; set the endpoint's api version or use AcceptAPIVersionMismatch"
}

// Unwrap returns ErrAPIVersionMismatch.
func (e *APIVersionError) Unwrap() error { return ErrAPIVersionMismatch }

// DeliveryError is what the Handler reports (to OnError and the logger) for
// a delivery it did not acknowledge with 2xx. It never contains the signing
// secret or the payload.
type DeliveryError struct {
	// EventID and Type are empty when the failure happened before the
	// event was authenticated and decoded.
	EventID string
	Type    stripe.EventType
	// Status is the HTTP status code the delivery was answered with.
	Status int
	// Err is the cause; it wraps one of the package's sentinel errors.
	Err error
}

// Error includes the event id and type when known.
func (e *DeliveryError) Error() string {
	msg := e.Err.Error()
	if e.EventID == "" {
		return fmt.Sprintf("webhooks: %d %s: %s", e.Status, http.StatusText(e.Status), strings.TrimPrefix(msg, "webhooks: "))
	}
	return fmt.Sprintf("webhooks: %d %s: event %s %s: %s", e.Status, http.StatusText(e.Status), e.EventID, e.Type, strings.TrimPrefix(msg, "webhooks: "))
}

// Unwrap returns Err.
func (e *DeliveryError) Unwrap() error { return e.Err }
