package webhooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/stripe/stripe-go/v82"
)

// envelope is stripe.Event with data.object kept as raw JSON. The outer
// Data field shadows stripe.Event.Data (encoding/json takes the shallower
// field), so every other field decodes exactly as stripe-go decodes it,
// while the object is decoded once, into its stripe-go type, instead of
// first into the map[string]interface{} of stripe.EventData and then again
// (decodeEvent replays the checks that map decode makes).
type envelope struct {
	stripe.Event
	Data *eventData `json:"data"`
}

// eventData is stripe.EventData without the map of the object.
type eventData struct {
	PreviousAttributes map[string]interface{} `json:"previous_attributes"`
	Object             json.RawMessage        `json:"object"`
}

// errObject is why stripe-go would fail to decode data.object into its
// map; decodeEvent wraps it in ErrMalformedPayload.
var errObject = errors.New("data.object is not a JSON object or null, or holds a number out of float64 range")

// decodeEvent decodes payload as json.Unmarshal into a stripe.Event would,
// failing on exactly the payloads that fail there, and returns the event
// (its Data nil) and the raw data.object (nil when data is absent or
// null). hasData reports whether data was present and not null.
func decodeEvent(payload []byte) (se stripe.Event, object json.RawMessage, hasData bool, err error) {
	var env envelope
	if err := json.Unmarshal(payload, &env); err != nil {
		return stripe.Event{}, nil, false, err
	}
	if env.Data == nil {
		return env.Event, nil, false, nil
	}
	if !mapLike(env.Data.Object) {
		return stripe.Event{}, nil, false, errObject
	}
	return env.Event, env.Data.Object, true, nil
}

// mapLike reports whether json.Unmarshal(raw, new(map[string]interface{}))
// succeeds for raw, a value encoding/json has already validated (or nil,
// for a missing key, on which stripe-go's second decode fails): raw is null
// or an object, and each of its numbers converts to float64
// (strconv.ParseFloat, as encoding/json does for interface{} values).
func mapLike(raw json.RawMessage) bool {
	if len(raw) == 0 {
		return false
	}
	if raw[0] != '{' {
		return bytes.Equal(raw, []byte("null"))
	}
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
		case c == '-' || (c >= '0' && c <= '9'):
			j := i
			plain := true
			for j < len(raw) && isNumberByte(raw[j]) {
				if raw[j] == 'e' || raw[j] == 'E' {
					plain = false
				}
				j++
			}
			// Without an exponent only a literal of 309 or more digits
			// can leave float64's range; check the others cheaply.
			if !plain || j-i > 300 {
				if _, err := strconv.ParseFloat(string(raw[i:j]), 64); err != nil {
					return false
				}
			}
			i = j - 1
		}
	}
	return true
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}
