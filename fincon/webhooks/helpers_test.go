package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

const testSecret = "whsec_test_0123456789abcdef"

// t0 is the handlers' clock in tests.
var t0 = time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)

// fixedClock is a fincon.Clock stopped at t0.
type fixedClock struct{}

// Now returns t0.
func (fixedClock) Now() time.Time { return t0 }

// Sleep returns at once: a Handler never sleeps.
func (fixedClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// Objects used in events.
const (
	piJSON      = `{"id":"pi_123","object":"payment_intent","amount":1234,"currency":"usd","status":"succeeded","client_secret":"pi_123_secret_topsecret"}`
	siJSON      = `{"id":"seti_123","object":"setup_intent","status":"succeeded","client_secret":"seti_123_secret_topsecret"}`
	accountJSON = `{"id":"fca_123","object":"financial_connections.account","category":"cash","subcategory":"checking","status":"active","last4":"6789"}`
)

// eventJSON renders an event envelope on stripe-go's API version.
func eventJSON(id string, typ stripe.EventType, obj string) []byte {
	return eventJSONVersion(id, typ, obj, stripe.APIVersion)
}

func eventJSONVersion(id string, typ stripe.EventType, obj, version string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"object":"event","api_version":%q,"created":1756728000,"livemode":false,"pending_webhooks":1,"type":%q,"data":{"object":%s}}`,
		id, version, typ, obj)
}

// sign returns a Stripe-Signature header for payload at time at.
func sign(payload []byte, at time.Time) string {
	return signWith(payload, at, testSecret)
}

func signWith(payload []byte, at time.Time, secret string) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: at}).Header
}

// post delivers payload with header to h.
func post(h http.Handler, payload []byte, header string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(payload))
	if header != "" {
		req.Header.Set("Stripe-Signature", header)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// recorder records callback invocations and reported errors.
type recorder struct {
	mu     sync.Mutex
	calls  []string // "type id"
	errs   []error
	events []any
	fail   error // returned by callbacks while non-nil
}

func (r *recorder) record(e Event, objID string, v any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, string(e.Type)+" "+objID)
	r.events = append(r.events, v)
	return r.fail
}

func (r *recorder) setFail(err error) {
	r.mu.Lock()
	r.fail = err
	r.mu.Unlock()
}

func (r *recorder) snapshot() ([]string, []error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...), append([]error(nil), r.errs...)
}

// options registers r for every callback and OnError.
func (r *recorder) options() []Option {
	acct := func(_ context.Context, e AccountEvent) error { return r.record(e.Event, e.Account.ID, e) }
	pay := func(_ context.Context, e PaymentIntentEvent) error { return r.record(e.Event, e.PaymentIntent.ID, e) }
	setup := func(_ context.Context, e SetupIntentEvent) error { return r.record(e.Event, e.SetupIntent.ID, e) }
	return []Option{
		OnAccountCreated(acct), OnAccountDeactivated(acct), OnAccountReactivated(acct), OnAccountDisconnected(acct),
		OnAccountRefreshed(func(_ context.Context, e AccountRefreshedEvent) error {
			return r.record(e.Event, e.Account.ID+" "+string(e.Feature), e)
		}),
		OnPaymentProcessing(pay), OnPaymentSucceeded(pay), OnPaymentFailed(pay), OnPaymentCanceled(pay),
		OnSetupSucceeded(setup), OnSetupFailed(setup),
		OnUnknown(func(_ context.Context, e UnknownEvent) error {
			return r.record(e.Event, fmt.Sprintf("raw:%d", len(e.Object)), e)
		}),
		OnError(func(err error) {
			r.mu.Lock()
			r.errs = append(r.errs, err)
			r.mu.Unlock()
		}),
	}
}

// newTestHandler returns a handler on the fixed clock with r's callbacks.
func newTestHandler(t testing.TB, r *recorder, opts ...Option) *Handler {
	t.Helper()
	all := append([]Option{WithClock(fixedClock{})}, r.options()...)
	h, err := NewHandler(testSecret, append(all, opts...)...)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	return h
}
