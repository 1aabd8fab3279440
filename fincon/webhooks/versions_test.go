package webhooks

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// oldEvent is a payment_intent.succeeded event of an endpoint on API
// version 2017-04-06: its "request" is a plain string (before 2017-05-25)
// and one object member has a shape stripe-go v82 does not decode.
func oldEvent() []byte {
	return []byte(`{"id":"evt_old","object":"event","api_version":"2017-04-06","created":1756728000,"livemode":false,` +
		`"pending_webhooks":1,"request":"req_abc","type":"payment_intent.succeeded",` +
		`"data":{"object":{"id":"pi_old","object":"payment_intent","amount":1234,"currency":"usd","status":"succeeded","amount_details":"old shape"}}}`)
}

// TestOldAPIVersionIsAVersionError: a correctly signed event of an old
// API version is refused for its version (*APIVersionError), not as a
// malformed payload, although its envelope does not decode into
// stripe-go's Event.
func TestOldAPIVersionIsAVersionError(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	h := newTestHandler(t, r)
	payload := oldEvent()
	rec := post(h, payload, sign(payload, t0))
	_, errs := r.snapshot()
	var ve *APIVersionError
	if rec.Code != http.StatusBadRequest || len(errs) != 1 || !errors.As(errs[0], &ve) || errors.Is(errs[0], ErrMalformedPayload) {
		t.Fatalf("status %d, errors %v; want 400 with an *APIVersionError", rec.Code, errs)
	}
	if ve.Event != "2017-04-06" || !strings.Contains(errs[0].Error(), "evt_old") {
		t.Errorf("error %v: want the event's version and id", errs[0])
	}
}

// TestOldAPIVersionAcceptedLeniently: with AcceptAPIVersionMismatch the
// same event is decoded leniently and dispatched: the request id is kept,
// the member of the old shape is left out.
func TestOldAPIVersionAcceptedLeniently(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	h := newTestHandler(t, r, AcceptAPIVersionMismatch())
	payload := oldEvent()
	rec := post(h, payload, sign(payload, t0))
	calls, errs := r.snapshot()
	if rec.Code != http.StatusOK || len(errs) != 0 || len(calls) != 1 || calls[0] != "payment_intent.succeeded pi_old" {
		t.Fatalf("status %d, calls %v, errors %v; want the event dispatched", rec.Code, calls, errs)
	}
	e := r.events[0].(PaymentIntentEvent)
	if e.APIVersion != "2017-04-06" || e.PaymentIntent.Amount != 1234 {
		t.Errorf("event %+v: want the old version and the amount", e.Event)
	}
}

func TestDecodeLenientOldRequest(t *testing.T) {
	t.Parallel()
	se, _, hasData, err := decodeOld(oldEvent())
	if err != nil || !hasData {
		t.Fatal(err)
	}
	if se.Request == nil || se.Request.ID != "req_abc" {
		t.Errorf("request = %+v, want id req_abc", se.Request)
	}
	if _, _, _, err := decodeEvent(oldEvent()); err == nil {
		t.Errorf("strict decode of an old envelope succeeded")
	}
	var pi stripe.PaymentIntent
	if err := decodeLenient([]byte(`{"id":"pi_1","amount":"12","currency":"usd"}`), &pi); err != nil || pi.ID != "pi_1" || pi.Currency != "usd" || pi.Amount != 0 {
		t.Errorf("decodeLenient = %+v, %v; want the fitting members only", pi, err)
	}
}

// TestNewHandlerRefusesWhatCannotBeASecret: an API key, surrounding
// whitespace or a missing whsec_ prefix is refused at construction with an
// error that names the mistake and never echoes the value.
func TestNewHandlerRefusesWhatCannotBeASecret(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, secret, says string
	}{
		{"secret key", "sk_test_51FakeKeyForWebhookTests0123", "secret API key"},
		{"live secret key", "sk_live_51FakeKeyForWebhookTests0123", "secret API key"},
		{"restricted key", "rk_test_51FakeKeyForWebhookTests0123", "restricted API key"},
		{"publishable key", "pk_test_51FakeKeyForWebhookTests0123", "publishable API key"},
		{"trailing newline", "whsec_FakeSecretForWebhookTests0123\n", "whitespace"},
		{"leading space", " whsec_FakeSecretForWebhookTests0123", "whitespace"},
		{"key with newline", "sk_test_51FakeKeyForWebhookTests0123\n", "API key"},
		{"no prefix", "FakeSecretForWebhookTests0123", "whsec_"},
		{"prefix only", "whsec_", "whsec_"},
		{"endpoint id", "we_1FakeEndpointForWebhookTests0123", "whsec_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := NewHandler(tt.secret)
			if h != nil || !errors.Is(err, ErrInvalidSecret) {
				t.Fatalf("NewHandler = %v, %v; want ErrInvalidSecret", h, err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
			if v := strings.TrimSpace(tt.secret); len(v) > 6 && strings.Contains(err.Error(), v[6:]) {
				t.Errorf("error %q echoes the secret", err)
			}
		})
	}
	if _, err := NewHandler(testSecret); err != nil {
		t.Errorf("a signing secret refused: %v", err)
	}
}
