package fctest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
)

func TestConnectEndpoints(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	std, err := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: fctest.ConnectStandard})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: "platform"}); err == nil {
		t.Error("unknown type accepted")
	}
	// A Standard account: no data permissions, no external-account changes.
	r := raw(t, sim, http.MethodPost, "/v1/financial_connections/sessions", url.Values{
		"account_holder[type]": {"account"}, "account_holder[account]": {std}, "permissions[]": {"payment_method", "balances"}})
	if e := r.apiErr(t); r.status != 400 || e.Param != "permissions" {
		t.Errorf("standard data session: %d %+v", r.status, e)
	}
	r = raw(t, sim, http.MethodPost, "/v1/accounts/"+std+"/external_accounts", url.Values{"external_account": {"btok_1"}})
	if e := r.apiErr(t); r.status != 400 || e.Code != "not_allowed_on_standard_account" {
		t.Errorf("standard attach: %d %+v", r.status, e)
	}
	// Unknown Stripe-Account header.
	r = raw(t, sim, http.MethodPost, "/v1/customers", url.Values{"name": {"x"}}, "Stripe-Account", "acct_unknown123456789")
	if e := r.apiErr(t); r.status != 403 || e.Code != "account_invalid" {
		t.Errorf("unknown Stripe-Account: %d %+v", r.status, e)
	}
	r = raw(t, sim, http.MethodPost, "/v1/customers", url.Values{"name": {"x"}}, "Stripe-Account", std)
	if r.status != 200 {
		t.Errorf("known Stripe-Account: %d %s", r.status, r.body)
	}
	if reqs := sim.Requests(); reqs[len(reqs)-1].StripeAccount != std {
		t.Errorf("request record: %+v", reqs[len(reqs)-1])
	}
	// The customer belongs to the connected account it was created as.
	var cu struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(r.body, &cu); err != nil {
		t.Fatal(err)
	}
	if r := raw(t, sim, http.MethodGet, "/v1/customers/"+cu.ID, nil); r.status != 404 {
		t.Errorf("platform read of a connected account's customer: %d", r.status)
	}
	if r := raw(t, sim, http.MethodGet, "/v1/customers/"+cu.ID, nil, "Stripe-Account", std); r.status != 200 {
		t.Errorf("connected account read of its customer: %d %s", r.status, r.body)
	}
	r = raw(t, sim, http.MethodPost, "/v1/financial_connections/sessions", url.Values{
		"account_holder[type]": {"customer"}, "account_holder[customer]": {cu.ID}, "permissions[]": {"payment_method"}})
	if e := r.apiErr(t); e.Code != "resource_missing" {
		t.Errorf("platform session for a connected account's customer: %d %+v", r.status, e)
	}
	r = raw(t, sim, http.MethodPost, "/v1/financial_connections/sessions", url.Values{
		"account_holder[type]": {"customer"}, "account_holder[customer]": {cu.ID}, "permissions[]": {"payment_method"}}, "Stripe-Account", std)
	var se struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(r.body, &se); err != nil || r.status != 200 {
		t.Fatalf("session as the connected account: %d %s", r.status, r.body)
	}
	ids, err := sim.LinkAccounts(se.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := raw(t, sim, http.MethodGet, "/v1/financial_connections/accounts/"+ids[0], nil); r.status != 404 {
		t.Errorf("platform read of a connected account's linked account: %d", r.status)
	}
	if r := raw(t, sim, http.MethodGet, "/v1/financial_connections/accounts/"+ids[0], nil, "Stripe-Account", std); r.status != 200 {
		t.Errorf("connected account read of its linked account: %d %s", r.status, r.body)
	}
	if r := raw(t, sim, http.MethodGet, "/v1/financial_connections/sessions/"+se.ID, nil); r.status != 404 {
		t.Errorf("platform read of a connected account's session: %d", r.status)
	}

	// A Custom account's flow, and the default account cannot be deleted.
	cus, _ := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: fctest.ConnectCustom, BusinessType: "company", CompanyName: "Rocket Rides"})
	session := func() string {
		r := raw(t, sim, http.MethodPost, "/v1/financial_connections/sessions", url.Values{
			"account_holder[type]": {"account"}, "account_holder[account]": {cus}, "permissions[]": {"payment_method"}})
		if r.status != 200 {
			t.Fatalf("session: %s", r.body)
		}
		var s struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(r.body, &s); err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	tok, err := sim.CollectBankAccountToken(session())
	if err != nil {
		t.Fatal(err)
	}
	if own := sim.Accounts(); own[len(own)-1].ID != tok.FinancialConnectionsAccount {
		t.Errorf("token's account not linked")
	}
	r = raw(t, sim, http.MethodPost, "/v1/accounts/"+cus+"/external_accounts", url.Values{"external_account": {tok.Token}})
	if r.status != 200 {
		t.Fatalf("attach: %s", r.body)
	}
	ba := sim.ExternalAccounts(cus)
	if len(ba) != 1 || !ba[0].DefaultForCurrency {
		t.Fatalf("first external account not the default: %+v", ba)
	}
	r = raw(t, sim, http.MethodDelete, "/v1/accounts/"+cus+"/external_accounts/"+ba[0].ID, nil)
	if r.status != 400 {
		t.Errorf("deleting the default: %d %s", r.status, r.body)
	}
	if _, err := sim.CollectBankAccountToken("fcsess_nope"); !errors.Is(err, fctest.ErrNotFound) {
		t.Errorf("unknown session: %v", err)
	}
}
