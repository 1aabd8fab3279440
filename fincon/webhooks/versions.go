package webhooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/stripe/stripe-go/v82"
)

// Events of old API versions.
//
// Stripe renders every event for the API version of its webhook endpoint
// (https://docs.stripe.com/webhooks/versioning), and the shape of the
// envelope itself has changed over the versions: before 2017-05-25 its
// "request" member was the request id as a plain string, later an object
// {"id", "idempotency_key"} (https://docs.stripe.com/upgrades#2017-05-25).
// So the Handler reads api_version before it decodes the envelope into
// stripe-go's Event: an event outside stripe-go's release train is an
// *APIVersionError however its envelope looks, and with
// AcceptAPIVersionMismatch it is decoded leniently (see decodeLenient) and
// dispatched.

// envelopeHead is the part of an event read before anything else.
type envelopeHead struct {
	ID         string           `json:"id"`
	Type       stripe.EventType `json:"type"`
	APIVersion string           `json:"api_version"`
}

// readHead reads an event's id, type and api_version, whatever the shape
// of its other members (matching member names as encoding/json and
// stripe-go do). A body that is not a JSON object, or whose id, type or
// api_version is not a string, is malformed.
func readHead(payload []byte) (envelopeHead, error) {
	var h envelopeHead
	if err := json.Unmarshal(payload, &h); err != nil {
		return envelopeHead{}, fmt.Errorf("%w: %v", ErrMalformedPayload, err)
	}
	if h.ID == "" || h.Type == "" {
		return envelopeHead{}, fmt.Errorf("%w: event without id or type", ErrMalformedPayload)
	}
	return h, nil
}

// decodeOld decodes the payload of an event of another API version that
// the Handler accepts, when decodeEvent cannot: an old "request" string
// becomes {"id": …} (oldRequest), and the members of the envelope that do
// not fit stripe-go's Event are left out (decodeLenient). It returns what
// decodeEvent returns.
func decodeOld(payload []byte) (se stripe.Event, object json.RawMessage, hasData bool, err error) {
	raw, err := oldRequest(payload)
	if err != nil {
		return stripe.Event{}, nil, false, err
	}
	var env envelope
	if err := decodeLenient(raw, &env); err != nil {
		return stripe.Event{}, nil, false, err
	}
	if env.Data == nil || len(env.Data.Object) == 0 || bytes.Equal(env.Data.Object, []byte("null")) {
		return env.Event, nil, false, nil
	}
	return env.Event, env.Data.Object, true, nil
}

var errNotObject = errors.New("not a JSON object")

// oldRequest rewrites the "request" member of a pre-2017-05-25 envelope,
// a plain request id, into today's {"id": …} object.
func oldRequest(payload []byte) ([]byte, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(payload, &members); err != nil {
		return nil, errNotObject
	}
	req, ok := members["request"]
	if !ok || !bytes.HasPrefix(bytes.TrimSpace(req), []byte(`"`)) {
		return payload, nil
	}
	var id string
	if err := json.Unmarshal(req, &id); err != nil {
		return nil, errors.New("request is not a string")
	}
	members["request"], _ = json.Marshal(map[string]string{"id": id})
	return json.Marshal(members)
}

// decodeLenient decodes the JSON object raw into target (a pointer to a
// struct) member by member: a member whose shape does not fit target's
// field (a field that changed type between API versions) is left out, the
// others are decoded.
func decodeLenient(raw []byte, target any) error {
	if json.Unmarshal(raw, target) == nil {
		return nil
	}
	kept, err := fitting(raw, reflect.TypeOf(target).Elem())
	if err != nil {
		return err
	}
	reflect.ValueOf(target).Elem().SetZero()
	return json.Unmarshal(kept, target)
}

// fitting returns the JSON object raw without the members that do not
// decode into a struct of type t.
func fitting(raw []byte, t reflect.Type) ([]byte, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil || members == nil {
		return nil, errNotObject
	}
	for name, v := range members {
		one, _ := json.Marshal(map[string]json.RawMessage{name: v})
		if json.Unmarshal(one, reflect.New(t).Interface()) != nil {
			delete(members, name)
		}
	}
	return json.Marshal(members)
}

// lenientObject returns data.object of an event of another API version
// with the members that do not fit the modelled type of t left out (see
// decodeLenient); other types, and objects that are not JSON objects, keep
// their raw JSON.
func lenientObject(t stripe.EventType, raw json.RawMessage) json.RawMessage {
	var target any
	switch kindOf(t) {
	case kindAccount:
		target = stripe.FinancialConnectionsAccount{}
	case kindPaymentIntent:
		target = stripe.PaymentIntent{}
	case kindSetupIntent:
		target = stripe.SetupIntent{}
	case kindMandate:
		target = stripe.Mandate{}
	case kindCheckoutSession:
		target = stripe.CheckoutSession{}
	case kindRefund:
		target = stripe.Refund{}
	default:
		return raw
	}
	kept, err := fitting(raw, reflect.TypeOf(target))
	if err != nil {
		return raw
	}
	return kept
}
