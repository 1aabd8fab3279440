package fincon_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/stripe/stripe-go/v82"
)

const (
	blockedPM = `{"id":"pm_1","object":"payment_method","type":"us_bank_account","customer":"cus_1",` +
		`"us_bank_account":{"last4":"6789","status_details":{"blocked":{"network_code":"R02","reason":"bank_account_closed"}}}}`
	activeMandate = `{"id":"mandate_1","object":"mandate","status":"active","type":"multi_use","payment_method":"pm_1"}`
)

// TestKeyedOffSessionOutcome: a keyed off-session debit of a blocked
// payment method is sent; Stripe's answer decides. Only a definite
// refusal matches ach.ErrPaymentMethodBlocked; an unknown outcome does
// not; a PaymentIntent Stripe returns (a replay) is returned and the
// disagreement logged without secrets.
func TestKeyedOffSessionOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		body        string
		wantBlocked bool
		wantPI      bool
	}{
		{name: "definite refusal", status: 400, body: stripeErr("invalid_request_error", "payment_method_unexpected_state", "payment_method", "blocked"), wantBlocked: true},
		{name: "server error", status: 500, body: stripeErr("api_error", "", "", "oops")},
		{name: "key in use", status: 409, body: stripeErr("invalid_request_error", "idempotency_key_in_use", "", "in use")},
		{name: "replayed intent", status: 200, body: `{"id":"pi_1","object":"payment_intent","status":"processing","amount":4900,"currency":"usd","client_secret":"pi_1_secret_abc"}`, wantPI: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake().Always("GET /v1/payment_methods/pm_1", blockedPM).Always("GET /v1/mandates/mandate_1", activeMandate)
			f.On("POST /v1/payment_intents", func(int, call) reply { return reply{Status: tt.status, Body: tt.body} })
			var buf bytes.Buffer
			c := setup(t, onFake(f), clientOptions(fincon.WithMaxRetries(0), fincon.WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))))).c
			pi, err := c.CreateOffSessionPaymentIntent(t.Context(), fincon.OffSessionPaymentParams{PaymentMethod: "pm_1", Mandate: "mandate_1",
				Customer: "cus_1", Amount: balances.Money{Amount: 4900, Currency: balances.USD}, IdempotencyKey: "sub_1-2026-03"})
			if tt.wantPI {
				if err != nil || pi == nil || pi.ID != "pi_1" {
					t.Fatalf("create = %v, %v; want the replayed pi_1", pi, err)
				}
				log := buf.String()
				if !strings.Contains(log, "level=WARN") || !strings.Contains(log, "payment_method_blocked") || strings.Contains(log, "_secret_") {
					t.Errorf("log %q: want a warning with the reason and no secret", log)
				}
				return
			}
			if err == nil {
				t.Fatal("err = nil, want an error")
			}
			if got := errors.Is(err, ach.ErrPaymentMethodBlocked); got != tt.wantBlocked {
				t.Errorf("errors.Is(%v, ErrPaymentMethodBlocked) = %v, want %v", err, got, tt.wantBlocked)
			}
			// The verdict is attached only to a definite refusal, next to
			// Stripe's answer.
			var verdict *ach.IneligibleError
			if found := errors.As(err, &verdict) && errors.As(err, new(*stripe.Error)); found != tt.wantBlocked {
				t.Errorf("verdict and Stripe's refusal found = %v, want %v (%v)", found, tt.wantBlocked, err)
			}
			// The refusal's cause names the verdict's reason and Stripe's
			// fields, not stripe-go's JSON dump.
			var fe *fincon.Error
			if tt.wantBlocked {
				if !errors.As(err, &fe) || fe.Err == nil {
					t.Fatalf("err = %v, want an *Error with a cause", err)
				}
				if msg := fe.Err.Error(); !strings.Contains(msg, "payment_method_blocked") || !strings.Contains(msg, "stripe refused the request: invalid_request_error payment_method_unexpected_state") || strings.Contains(msg, "{") {
					t.Errorf("cause = %q", msg)
				}
			}
		})
	}
}
