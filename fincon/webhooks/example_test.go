package webhooks_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/permissions"
)

func ExampleHandler() {
	const secret = "whsec_example"
	h, err := webhooks.NewHandler(secret, // checks signatures against the wall clock
		webhooks.OnPaymentSucceeded(func(_ context.Context, e webhooks.PaymentIntentEvent) error {
			fmt.Println("dispatched", e.Type, e.PaymentIntent.ID, e.PaymentIntent.Amount, e.PaymentIntent.Currency)
			return nil
		}),
	)
	if err != nil {
		panic(err)
	}

	// What Stripe sends: an event, signed with the endpoint's secret just now.
	payload := []byte(`{"id":"evt_1","object":"event","api_version":"` + stripe.APIVersion + `","type":"payment_intent.succeeded",
		"created":1756728000,"data":{"object":{"id":"pi_1","object":"payment_intent","amount":1234,"currency":"usd","status":"succeeded"}}}`)
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: time.Now()})

	for range 2 { // the second delivery is a duplicate: acknowledged, not dispatched
		req := httptest.NewRequest(http.MethodPost, "/stripe/webhooks", bytes.NewReader(payload))
		req.Header.Set("Stripe-Signature", signed.Header)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("status", rec.Code)
	}
	// Output:
	// dispatched payment_intent.succeeded pi_1 1234 usd
	// status 200
	// status 200
}

func ExampleRefreshNotifier() {
	const secret = "whsec_example"
	n := webhooks.NewRefreshNotifier()
	h, err := webhooks.NewHandler(secret, webhooks.WithRefreshNotifier(n))
	if err != nil {
		panic(err)
	}

	// Subscribe first, then request the refresh: the event cannot be missed.
	done, cancel := n.Subscribe("fca_1", permissions.RefreshBalance)
	defer cancel()
	// ... client.RefreshAccount(ctx, "fca_1", permissions.RefreshBalance) ...

	// Stripe reports the finished refresh.
	payload := []byte(`{"id":"evt_2","object":"event","api_version":"` + stripe.APIVersion + `",
		"type":"financial_connections.account.refreshed_balance",
		"data":{"object":{"id":"fca_1","object":"financial_connections.account","balance_refresh":{"status":"succeeded"}}}}`)
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: time.Now()})
	req := httptest.NewRequest(http.MethodPost, "/stripe/webhooks", bytes.NewReader(payload))
	req.Header.Set("Stripe-Signature", signed.Header)
	h.ServeHTTP(httptest.NewRecorder(), req)

	select {
	case <-done:
		fmt.Println("balance refresh finished")
	default:
		fmt.Println("still waiting")
	}
	// Output:
	// balance refresh finished
}
