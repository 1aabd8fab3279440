package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// TestNoSecretsLeak runs failing and succeeding deliveries with a debug
// logger and OnError, and checks that neither the signing secret, nor the
// client secret in the payload, nor the payload itself reaches a log line,
// an error, a response or the %+v of a value handed to a callback.
func TestNoSecretsLeak(t *testing.T) {
	t.Parallel()
	const clientSecret = "pi_123_secret_topsecret"
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var seen []string
	fail := errors.New("callback down")
	failing := true
	h, err := NewHandler(testSecret, WithClock(fixedClock{}), WithLogger(logger),
		OnError(func(err error) { seen = append(seen, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)) }),
		OnPaymentSucceeded(func(_ context.Context, e PaymentIntentEvent) error {
			seen = append(seen, fmt.Sprintf("%+v", e), fmt.Sprintf("%+v", *e.PaymentIntent), fmt.Sprintf("%#v", *e.PaymentIntent))
			if failing {
				return fail
			}
			return nil
		}),
		OnUnknown(func(_ context.Context, e UnknownEvent) error {
			seen = append(seen, fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e), fmt.Sprint(e.Object), fmt.Sprintf("%s", e.Object))
			return nil
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	good := eventJSON("evt_s", stripe.EventTypePaymentIntentSucceeded, piJSON)
	unknown := eventJSON("evt_u", "payment_intent.created", piJSON)
	deliveries := []struct {
		body   []byte
		header string
	}{
		{good, sign(good, t0)},                    // callback fails
		{good, signWith(good, t0, "whsec_wrong")}, // bad signature
		{good, sign(good, t0.Add(-3600e9))},       // stale
		{[]byte(`{"client_secret":"` + clientSecret + `"`), sign([]byte(`{"client_secret":"`+clientSecret+`"`), t0)}, // malformed
		{eventJSONVersion("evt_v", stripe.EventTypePaymentIntentSucceeded, piJSON, "2020-01-01"), sign(eventJSONVersion("evt_v", stripe.EventTypePaymentIntentSucceeded, piJSON, "2020-01-01"), t0)},
		{unknown, sign(unknown, t0)},
		{good, "t=1," + testSecret}, // the secret in the header itself
	}
	for i, d := range deliveries {
		if i == 5 {
			failing = false
		}
		rec := post(h, d.body, d.header)
		seen = append(seen, rec.Body.String(), fmt.Sprint(rec.Header()))
	}
	seen = append(seen, logs.String())
	all := strings.Join(seen, "\n")
	for _, secret := range []string{testSecret, "topsecret", `"amount":1234`} {
		if strings.Contains(all, secret) {
			t.Errorf("%q leaked:\n%s", secret, all)
		}
	}
	if !strings.Contains(logs.String(), "evt_s") || !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("logs lack the failed delivery:\n%s", logs.String())
	}
}

func TestRedactNestedClientSecrets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ stripe.EventType
		obj string
	}{
		{stripe.EventTypePaymentIntentPaymentFailed, `{"id":"pi_1","object":"payment_intent","client_secret":"pi_1_secret_a",
			"last_payment_error":{"code":"insufficient_funds","payment_intent":{"id":"pi_1","client_secret":"pi_1_secret_b"},"setup_intent":{"id":"seti_1","client_secret":"seti_1_secret_c"}}}`},
		{stripe.EventTypeSetupIntentSetupFailed, `{"id":"seti_1","object":"setup_intent","client_secret":"seti_1_secret_a",
			"last_setup_error":{"code":"x","payment_intent":{"id":"pi_1","client_secret":"pi_1_secret_b"},"setup_intent":{"id":"seti_1","client_secret":"seti_1_secret_c"}}}`},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			r := &recorder{}
			h := newTestHandler(t, r)
			body := eventJSON("evt_1", tt.typ, tt.obj)
			if rec := post(h, body, sign(body, t0)); rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			var printed string
			switch e := r.events[0].(type) {
			case PaymentIntentEvent:
				printed = fmt.Sprintf("%+v %v", *e.PaymentIntent, e.PaymentIntent.LastPaymentError)
			case SetupIntentEvent:
				printed = fmt.Sprintf("%+v %v", *e.SetupIntent, e.SetupIntent.LastSetupError)
			}
			if strings.Contains(printed, "_secret_") || !strings.Contains(printed, "pi_1") {
				t.Errorf("client secret printed: %s", printed)
			}
		})
	}
}
