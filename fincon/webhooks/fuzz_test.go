package webhooks

import (
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// Run longer with, for example:
//
//	go test ./fincon/webhooks -run '^$' -fuzz FuzzHandlerPayload -fuzztime 60s
//	go test ./fincon/webhooks -run '^$' -fuzz FuzzSignatureHeader -fuzztime 60s

// FuzzHandlerPayload delivers arbitrary bodies with valid signatures: the
// handler must not panic and must answer 2xx or 4xx (never 5xx: callbacks
// succeed, the store works).
func FuzzHandlerPayload(f *testing.F) {
	for _, typ := range []stripe.EventType{
		stripe.EventTypePaymentIntentSucceeded, stripe.EventTypeSetupIntentSetupFailed,
		stripe.EventTypeFinancialConnectionsAccountRefreshedBalance, "charge.succeeded",
	} {
		f.Add(eventJSON("evt_1", typ, piJSON))
		f.Add(eventJSON("evt_1", typ, accountJSON))
		f.Add(eventJSON("evt_1", typ, siJSON))
		f.Add(eventJSON("evt_1", typ, `"pi_123"`))
		f.Add(eventJSON("evt_1", typ, `null`))
		f.Add(eventJSON("evt_1", typ, `[1,2]`))
	}
	f.Add(eventJSONVersion("evt_1", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-06-20"))
	f.Add(eventJSONVersion("evt_1", stripe.EventTypePaymentIntentSucceeded, piJSON, "."))
	f.Add([]byte(`{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","amount":1e400}}}`))
	f.Add([]byte(`{"id":"evt_1","type":"payment_intent.succeeded","data":null}`))
	f.Add([]byte(`{"id":"evt_1","type":"","api_version":"x.basil"}`))
	f.Add([]byte(`{`))
	f.Add([]byte(``))
	f.Add([]byte(`null`))
	f.Add([]byte(strings.Repeat("[", 5000)))
	f.Fuzz(func(t *testing.T, body []byte) {
		r := &recorder{}
		n := NewRefreshNotifier()
		_, cancel := n.Subscribe("fca_123", "balance")
		defer cancel()
		h := newTestHandler(t, r, WithRefreshNotifier(n), WithMaxBodyBytes(64<<10))
		rec := post(h, body, sign(body, t0))
		if rec.Code >= 500 || rec.Code < 200 || rec.Code == 409 {
			t.Fatalf("status %d for %q", rec.Code, body)
		}
		calls, errs := r.snapshot()
		if rec.Code < 300 && len(errs) != 0 {
			t.Errorf("2xx with errors %v", errs)
		}
		if rec.Code >= 300 && (len(calls) != 0 || len(errs) != 1) {
			t.Errorf("status %d with %d dispatches, errors %v", rec.Code, len(calls), errs)
		}
	})
}

// FuzzSignatureHeader delivers a valid event with arbitrary
// Stripe-Signature headers: no panic, and never 2xx unless stripe-go's own
// verification accepts the header too and its timestamp is within the
// tolerance.
func FuzzSignatureHeader(f *testing.F) {
	body := eventJSON("evt_sig", stripe.EventTypePaymentIntentSucceeded, piJSON)
	valid := sign(body, t0)
	sig := valid[strings.Index(valid, "v1="):]
	for _, s := range []string{
		valid,
		valid + ",v0=00",
		"v1=00," + valid,
		sig + ",t=1756728000",
		"t=1756728000," + strings.ToUpper(sig),
		"t=1756728000,v1=" + strings.Repeat("0", 64),
		"t=1756728000,t=1756728000," + sig,
		"t=01756728000," + sig,
		"t=+1756728000," + sig,
		"t=1756727000," + sig,
		"t=9223372036854775807," + sig,
		"t=-9223372036854775808," + sig,
		"t=1756728000,v1=",
		"t=1756728000;" + sig,
		"", ",", "=", "t=", "t==", "v1=v1=v1", strings.Repeat("t=1,", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		r := &recorder{}
		h := newTestHandler(t, r)
		rec := post(h, body, header)
		switch {
		case rec.Code == 200:
			if err := webhook.ValidatePayloadIgnoringTolerance(body, header, testSecret); err != nil {
				t.Fatalf("200 for header %q that stripe-go rejects: %v", header, err)
			}
			sh, err := parseSignatureHeader(header)
			if err != nil {
				t.Fatalf("200 for unparsable header %q", header)
			}
			if d := t0.Unix() - sh.timestamp; d > 300 || d < -300 {
				t.Fatalf("200 for header %q %ds off", header, d)
			}
			if calls, _ := r.snapshot(); len(calls) != 1 {
				t.Fatalf("200 with %d dispatches", len(calls))
			}
		case rec.Code == 400:
			if calls, _ := r.snapshot(); len(calls) != 0 {
				t.Fatalf("400 with %d dispatches", len(calls))
			}
		default:
			t.Fatalf("status %d for header %q", rec.Code, header)
		}
	})
}
