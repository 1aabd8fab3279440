package fctest_test

import (
	"net/http"
	"net/url"
	"testing"
)

func TestRoutingAndParams(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	tests := []struct {
		name, method, path string
		form               url.Values
		status             int
		code               string
	}{
		{"unknown url", http.MethodGet, "/v1/charges", nil, 404, ""},
		{"wrong method", http.MethodDelete, "/v1/customers/cus_1", nil, 404, ""},
		{"unknown param", http.MethodPost, "/v1/customers", url.Values{"nickname": {"x"}}, 400, "parameter_unknown"},
		{"malformed key", http.MethodPost, "/v1/customers", url.Values{"metadata[a": {"x"}}, 400, ""},
		{"missing object", http.MethodGet, "/v1/financial_connections/accounts/fca_nope", nil, 404, "resource_missing"},
		{"missing session", http.MethodGet, "/v1/financial_connections/sessions/fcsess_nope", nil, 404, "resource_missing"},
		{"missing mandate", http.MethodGet, "/v1/mandates/mandate_nope", nil, 404, "resource_missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := raw(t, sim, tt.method, tt.path, tt.form)
			e := r.apiErr(t)
			if r.status != tt.status || string(e.Code) != tt.code || r.header.Get("Request-Id") == "" {
				t.Fatalf("got %d %q: %s", r.status, e.Code, e.Msg)
			}
		})
	}
}
