package fincon

import "testing"

// TestOpNameNeverCarriesWhatTheCallerPassed: whatever a caller passes
// where an id belongs (a client secret, an API key, an account number,
// text with spaces), the operation name is one of a fixed set and the id
// is reported only when it has the shape of a Stripe id.
func TestOpNameNeverCarriesWhatTheCallerPassed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path string
		name, id     string
	}{
		{"GET", "/v1/financial_connections/accounts/fca_1Nx2Abc", "GET /v1/financial_connections/accounts/{id}", "fca_1Nx2Abc"},
		{"GET", "/v1/payment_intents/pi_nope", "GET /v1/payment_intents/{id}", "pi_nope"},
		{"GET", "/v1/checkout/sessions/cs_test_a1B2", "GET /v1/checkout/sessions/{id}", "cs_test_a1B2"},
		{"POST", "/v1/accounts/acct_1032D82e/external_accounts/ba_9Xy", "POST /v1/accounts/{id}/external_accounts/{id}", "ba_9Xy"},
		{"POST", "/v1/payment_intents", "POST /v1/payment_intents", ""},
		{"GET", "/v1/financial_connections/accounts/fca_1/owners?ownership=fcaowns_2", "GET /v1/financial_connections/accounts/{id}/owners", "fca_1"},
		// What must never reach a span or a metric label:
		{"GET", "/v1/payment_intents/pi_3Mtw_secret_YrKJ", "GET /v1/payment_intents/{id}", ""},
		{"GET", "/v1/payment_intents/sk_test_51HabcDEF", "GET /v1/payment_intents/{id}", ""},
		{"GET", "/v1/payment_intents/rk_live_51HabcDEF", "GET /v1/payment_intents/{id}", ""},
		{"GET", "/v1/payment_intents/whsec_abc123", "GET /v1/payment_intents/{id}", ""},
		{"GET", "/v1/payment_intents/000123456789", "GET /v1/payment_intents/{id}", ""},
		{"POST", "/v1/payment_intents/pi_a+b/confirm", "POST /v1/payment_intents/{id}/confirm", ""},
		{"GET", "/v1/payment_intents/pi_..%2Fx", "GET /v1/payment_intents/{id}", ""},
	}
	for _, tt := range tests {
		name, id := opName(tt.method, tt.path)
		if name != tt.name || id != tt.id {
			t.Errorf("opName(%s %s) = %q, %q; want %q, %q", tt.method, tt.path, name, id, tt.name, tt.id)
		}
	}
}
