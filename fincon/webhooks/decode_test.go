package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// Run longer with:
//
//	go test ./fincon/webhooks -run '^$' -fuzz FuzzDecodeEventLikeStripe -fuzztime 60s

// FuzzDecodeEventLikeStripe: decodeEvent fails exactly when json.Unmarshal
// into a stripe.Event fails, and otherwise yields the same envelope and the
// same data.object bytes.
func FuzzDecodeEventLikeStripe(f *testing.F) {
	for _, obj := range []string{piJSON, siJSON, accountJSON, `null`, `1`, `"x"`, `[1]`, `{}`, `{"a":1e400}`, `{"a":1e-400}`,
		`{"a":-0.5e+10,"b":[1,2,{"c":"\"1e999"}]}`, `{"a":"\\"}`, `{"n":` + string(bytes.Repeat([]byte("9"), 400)) + `}`} {
		f.Add(eventJSON("evt_1", stripe.EventTypePaymentIntentSucceeded, obj))
		f.Add(eventJSON("evt_1", "charge.succeeded", obj))
	}
	f.Add([]byte(`{"id":"evt_1","data":{}}`))
	f.Add([]byte(`{"id":"evt_1","data":null}`))
	f.Add([]byte(`{"id":"evt_1","data":{"object":{},"previous_attributes":1}}`))
	f.Add([]byte(`{"id":"evt_1","DATA":{"OBJECT":{"id":"x"}}}`))
	f.Add([]byte(`{"id":"evt_1","pending_webhooks":"1","data":{"object":{}}}`))
	f.Add([]byte(`{"id":"evt_1","request":{"id":5}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var want stripe.Event
		wantErr := json.Unmarshal(body, &want)
		got, raw, hasData, err := decodeEvent(body)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("decodeEvent err %v, stripe-go err %v, for %q", err, wantErr, body)
		}
		if err != nil {
			return
		}
		if hasData != (want.Data != nil) {
			t.Fatalf("hasData %v, stripe-go data %v", hasData, want.Data)
		}
		if want.Data != nil && !bytes.Equal(raw, want.Data.Raw) {
			t.Fatalf("object %q, stripe-go %q", raw, want.Data.Raw)
		}
		want.Data = nil
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("envelope %+v, stripe-go %+v", got, want)
		}
	})
}

// benchPI is a PaymentIntent as Stripe renders it in a
// payment_intent.processing event for an ACH debit.
const benchPI = `{"id":"pi_3QxYz2LkdIwHu7ix0abcdEFG","object":"payment_intent","amount":1234,"amount_capturable":0,` +
	`"amount_details":{"tip":{}},"amount_received":0,"application":null,"application_fee_amount":null,` +
	`"automatic_payment_methods":null,"canceled_at":null,"cancellation_reason":null,"capture_method":"automatic",` +
	`"client_secret":"pi_3QxYz2LkdIwHu7ix0abcdEFG_secret_abcdefghijklmnopqrstuvwx","confirmation_method":"automatic",` +
	`"created":1756728000,"currency":"usd","customer":"cus_RkdIwHu7ix0abc","description":"Order 42",` +
	`"last_payment_error":null,"latest_charge":"py_3QxYz2LkdIwHu7ix0xyz","livemode":false,"metadata":{"order":"42"},` +
	`"next_action":null,"on_behalf_of":null,"payment_method":"pm_1QxYz2LkdIwHu7ixabcdefgh",` +
	`"payment_method_configuration_details":null,"payment_method_options":{"us_bank_account":{"financial_connections":` +
	`{"permissions":["payment_method","balances"],"prefetch":["balances"]},"mandate_options":{},"verification_method":"automatic"}},` +
	`"payment_method_types":["us_bank_account"],"processing":null,"receipt_email":null,"review":null,` +
	`"setup_future_usage":null,"shipping":null,"source":null,"statement_descriptor":null,` +
	`"statement_descriptor_suffix":null,"status":"processing","transfer_data":null,"transfer_group":null}`

// nopStore claims every event, so each iteration dispatches.
type nopStore struct{}

func (nopStore) Claim(context.Context, string) (Claim, error) { return Claimed, nil }
func (nopStore) Complete(context.Context, string) error       { return nil }
func (nopStore) Release(context.Context, string) error        { return nil }

// BenchmarkDelivery compares one payment_intent.processing delivery
// through the Handler (signature, decode, replay claim, dispatch to a
// callback) with stripe-go's webhook.ConstructEvent alone (signature and
// decode, no object typed). Compare as ratios from one run:
//
//	go test ./fincon/webhooks -run '^$' -bench Delivery -benchmem -count 6
func BenchmarkDelivery(b *testing.B) {
	payload := eventJSON("evt_bench", stripe.EventTypePaymentIntentProcessing, benchPI)
	header := sign(payload, time.Now()) // ConstructEvent checks the tolerance on the wall clock
	b.Run("impl=ConstructEvent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := webhook.ConstructEvent(payload, header, testSecret); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=Handler", func(b *testing.B) {
		var seen int
		h, err := NewHandler(testSecret, WithReplayStore(nopStore{}),
			OnPaymentProcessing(func(_ context.Context, e PaymentIntentEvent) error { seen++; return nil }))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if out := h.deliver(ctx, payload, header); out.err != nil || out.status != 200 {
				b.Fatalf("status %d: %v", out.status, out.err)
			}
		}
		if seen == 0 {
			b.Fatal("callback never ran")
		}
	})
}
