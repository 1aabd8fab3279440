package webhooks

import (
	"errors"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// Run longer with, for example:
//
//	go test ./fincon/webhooks -run '^$' -fuzz FuzzHandlerPayload -fuzztime 60s
//	go test ./fincon/webhooks -run '^$' -fuzz FuzzSignatureHeader -fuzztime 60s
//	go test ./fincon/webhooks -run '^$' -fuzz FuzzDecodeLikeStripe -fuzztime 60s

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

// FuzzDecodeLikeStripe checks that the Handler, which verifies the
// signature once and decodes the event itself, accepts and rejects
// correctly signed bodies as stripe-go's webhook.ConstructEventWithOptions
// would (JSON errors and the API-version release-train rule), and builds
// the same envelope — except that it reads api_version first, so that an
// event of another version is refused for its version even when its
// envelope has a shape stripe-go cannot decode.
func FuzzDecodeLikeStripe(f *testing.F) {
	for _, v := range []string{
		stripe.APIVersion, "2025-03-31.basil", "2024-12-18.acacia", "2024-06-20", "", ".", ".basil",
		"basil", "2025-08-27.basil.extra", "2025-08-27.preview", "x.basil.", "2025-08-27.BASIL",
	} {
		f.Add(eventJSONVersion("evt_v", stripe.EventTypePaymentIntentSucceeded, piJSON, v))
		f.Add(eventJSONVersion("evt_v", "charge.succeeded", `{"id":"ch_1"}`, v))
	}
	f.Add([]byte(`{"id":"evt_1","type":"charge.succeeded","api_version":1}`))
	f.Add([]byte(`{"id":"evt_1","type":"charge.succeeded","created":"soon"}`))
	f.Add([]byte(`{"id":"evt_1","type":"charge.succeeded","api_version":"` + stripe.APIVersion + `"}trailing`))
	f.Add([]byte(`{"id":"evt_1","type":"charge.succeeded","api_version":"` + stripe.APIVersion + `","data":{"object":1}}`))
	f.Add([]byte(`{`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		header := sign(body, t0)
		se, serr := webhook.ConstructEventWithOptions(body, header, testSecret, webhook.ConstructEventOptions{IgnoreTolerance: true})
		_, jsonErr := webhook.ConstructEventWithOptions(body, header, testSecret, webhook.ConstructEventOptions{IgnoreTolerance: true, IgnoreAPIVersionMismatch: true})
		r := &recorder{}
		h := newTestHandler(t, r, WithMaxBodyBytes(1<<20))
		rec := post(h, body, header)
		_, errs := r.snapshot()
		head, headErr := readHead(body)
		switch {
		case jsonErr != nil && headErr == nil && !compatibleAPIVersion(stripe.APIVersion, head.APIVersion):
			// The Handler reads api_version first (issue 10 §4): an event
			// of another release train is refused for its version even
			// when its envelope has an older shape stripe-go cannot decode.
			if rec.Code != 400 || len(errs) != 1 || !errors.Is(errs[0], ErrAPIVersionMismatch) {
				t.Fatalf("status %d, errors %v for api version %q with an envelope stripe-go cannot decode (%v)", rec.Code, errs, head.APIVersion, jsonErr)
			}
		case jsonErr != nil:
			// stripe-go cannot decode it: neither may the Handler.
			if rec.Code != 400 || len(errs) != 1 || !errors.Is(errs[0], ErrMalformedPayload) {
				t.Fatalf("status %d, errors %v for a body stripe-go cannot decode (%v)", rec.Code, errs, jsonErr)
			}
		case serr != nil:
			// Decodes, but stripe-go rejects the api version. An event
			// without id or type is rejected before the version check.
			if rec.Code != 400 || len(errs) != 1 {
				t.Fatalf("status %d, errors %v for api version %q that stripe-go rejects", rec.Code, errs, se.APIVersion)
			}
			if se.ID != "" && se.Type != "" && !errors.Is(errs[0], ErrAPIVersionMismatch) {
				t.Fatalf("error %v for api version %q, want ErrAPIVersionMismatch", errs[0], se.APIVersion)
			}
		default:
			// stripe-go accepts it: the Handler rejects it only for what
			// stripe-go does not check (missing id or type, a malformed
			// object), never for its version.
			if len(errs) == 1 && errors.Is(errs[0], ErrAPIVersionMismatch) {
				t.Fatalf("api version %q accepted by stripe-go, rejected by the Handler", se.APIVersion)
			}
			if rec.Code >= 300 && rec.Code != 400 {
				t.Fatalf("status %d", rec.Code)
			}
		}
	})
}
