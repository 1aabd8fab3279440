package fctest

import (
	"net/http"
	"strings"
)

type handlerFunc func(c *call) (any, *apiError)

type route struct {
	method  string
	pattern []string // "*" captures a path segment
	allowed []string // accepted top-level parameters besides expand
	h       handlerFunc
}

var routes = []route{
	{http.MethodPost, seg("customers"), []string{"name", "email", "phone", "description", "metadata", "address"}, handleCreateCustomer},
	{http.MethodGet, seg("customers", "*"), nil, handleGetCustomer},

	{http.MethodPost, seg("financial_connections", "sessions"), []string{"account_holder", "permissions", "prefetch", "filters", "return_url"}, handleCreateSession},
	{http.MethodGet, seg("financial_connections", "sessions", "*"), nil, handleGetSession},

	{http.MethodGet, seg("financial_connections", "accounts"), []string{"account_holder", "session", "limit", "starting_after", "ending_before"}, handleListAccounts},
	{http.MethodGet, seg("financial_connections", "accounts", "*"), nil, handleGetAccount},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "disconnect"), nil, handleDisconnect},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "refresh"), []string{"features"}, handleRefresh},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "subscribe"), []string{"features"}, handleSubscribe},
	{http.MethodPost, seg("financial_connections", "accounts", "*", "unsubscribe"), []string{"features"}, handleUnsubscribe},
	{http.MethodGet, seg("financial_connections", "accounts", "*", "owners"), []string{"ownership", "limit", "starting_after", "ending_before"}, handleListOwners},

	{http.MethodGet, seg("financial_connections", "transactions"), []string{"account", "transacted_at", "transaction_refresh", "limit", "starting_after", "ending_before"}, handleListTransactions},
	{http.MethodGet, seg("financial_connections", "transactions", "*"), nil, handleGetTransaction},

	{http.MethodPost, seg("payment_intents"), piCreateParams, handleCreatePaymentIntent},
	{http.MethodGet, seg("payment_intents", "*"), []string{"client_secret"}, handleGetPaymentIntent},
	{http.MethodPost, seg("payment_intents", "*", "confirm"), piConfirmParams, handleConfirmPaymentIntent},
	{http.MethodPost, seg("payment_intents", "*", "cancel"), []string{"cancellation_reason"}, handleCancelPaymentIntent},

	{http.MethodPost, seg("setup_intents"), siCreateParams, handleCreateSetupIntent},
	{http.MethodGet, seg("setup_intents", "*"), []string{"client_secret"}, handleGetSetupIntent},
	{http.MethodPost, seg("setup_intents", "*", "confirm"), siConfirmParams, handleConfirmSetupIntent},
	{http.MethodPost, seg("setup_intents", "*", "cancel"), []string{"cancellation_reason"}, handleCancelSetupIntent},

	{http.MethodGet, seg("payment_methods"), []string{"customer", "type", "limit", "starting_after", "ending_before"}, handleListPaymentMethods},
	{http.MethodGet, seg("payment_methods", "*"), nil, handleGetPaymentMethod},
	{http.MethodGet, seg("mandates", "*"), nil, handleGetMandate},
	{http.MethodPost, seg("checkout", "sessions"), csCreateParams, handleCreateCheckoutSession},
	{http.MethodGet, seg("checkout", "sessions", "*"), nil, handleGetCheckoutSession},

	{http.MethodPost, seg("payment_intents", "*", "verify_microdeposits"), []string{"amounts", "descriptor_code", "client_secret"}, handleVerifyPIMicrodeposits},
	{http.MethodPost, seg("setup_intents", "*", "verify_microdeposits"), []string{"amounts", "descriptor_code", "client_secret"}, handleVerifySIMicrodeposits},
	{http.MethodPost, seg("refunds"), refundCreateParams, handleCreateRefund},
	{http.MethodGet, seg("refunds"), []string{"payment_intent", "charge", "limit", "starting_after", "ending_before"}, handleListRefunds},
	{http.MethodGet, seg("refunds", "*"), nil, handleGetRefund},
	{http.MethodGet, seg("charges", "*"), nil, handleGetCharge},
}

func seg(parts ...string) []string { return append([]string{"v1"}, parts...) }

// match finds the route for method and path and its path parameters.
func match(method, path string) (*route, []string, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	pathKnown := false
	for i := range routes {
		r := &routes[i]
		if len(r.pattern) != len(parts) {
			continue
		}
		var ids []string
		ok := true
		for j, p := range r.pattern {
			if p == "*" {
				if parts[j] == "" {
					ok = false
					break
				}
				ids = append(ids, parts[j])
				continue
			}
			if p != parts[j] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		pathKnown = true
		if r.method == method {
			return r, ids, true
		}
	}
	return nil, nil, pathKnown
}
