package fctest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

func TestSessionValidation(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	cusR := raw(t, sim, http.MethodPost, "/v1/customers", url.Values{"name": {"J"}})
	var cus stripe.Customer
	strict(t, cusR.body, &cus)
	base := func() url.Values {
		return url.Values{"account_holder[type]": {"customer"}, "account_holder[customer]": {cus.ID}, "permissions[]": {"payment_method", "balances"}}
	}
	tests := []struct {
		name  string
		edit  func(url.Values)
		ok    bool
		code  string
		param string
	}{
		{"valid", func(url.Values) {}, true, "", ""},
		{"indexed arrays", func(v url.Values) {
			v.Del("permissions[]")
			v.Set("permissions[0]", "payment_method")
			v.Set("permissions[1]", "transactions")
			v.Set("prefetch[0]", "transactions")
		}, true, "", ""},
		{"accounts v2 customer_account", func(v url.Values) {
			v.Del("account_holder[customer]")
			v.Set("account_holder[customer_account]", "acct_123")
		}, true, "", ""},
		{"connect account", func(v url.Values) {
			v.Set("account_holder[type]", "account")
			v.Del("account_holder[customer]")
			v.Set("account_holder[account]", "acct_123")
		}, true, "", ""},
		{"no account holder", func(v url.Values) {
			v.Del("account_holder[type]")
			v.Del("account_holder[customer]")
		}, false, "parameter_missing", "account_holder"},
		{"bad holder type", func(v url.Values) { v.Set("account_holder[type]", "person") }, false, "", "account_holder[type]"},
		{"both customer and customer_account", func(v url.Values) { v.Set("account_holder[customer_account]", "acct_1") }, false, "", "account_holder[customer_account]"},
		{"unknown customer", func(v url.Values) { v.Set("account_holder[customer]", "cus_nope") }, false, "resource_missing", "account_holder[customer]"},
		{"no permissions", func(v url.Values) { v.Del("permissions[]") }, false, "parameter_missing", "permissions"},
		{"unknown permission", func(v url.Values) { v.Add("permissions[]", "identity") }, false, "", "permissions"},
		{"prefetch without permission", func(v url.Values) { v.Set("prefetch[]", "ownership") }, false, "", "prefetch"},
		{"refresh name in prefetch", func(v url.Values) { v.Set("prefetch[]", "balance") }, false, "", "prefetch"},
		{"country", func(v url.Values) { v.Set("filters[countries][]", "CA") }, false, "", "filters[countries]"},
		{"subcategory", func(v url.Values) { v.Set("filters[account_subcategories][]", "brokerage") }, false, "", "filters[account_subcategories]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			tt.edit(f)
			r := raw(t, sim, http.MethodPost, "/v1/financial_connections/sessions", f)
			if tt.ok {
				var s stripe.FinancialConnectionsSession
				if strings.Contains(tt.name, "v2") {
					// stripe-go v82 has no customer_account field.
					if err := json.Unmarshal(r.body, &s); err != nil || !strings.Contains(string(r.body), `"customer_account":"acct_123"`) {
						t.Fatalf("%v %s", err, r.body)
					}
				} else {
					strict(t, r.body, &s)
				}
				if r.status != 200 || !strings.HasPrefix(s.ClientSecret, "fcsess_client_secret_") || !strings.HasPrefix(s.ID, "fcsess_") {
					t.Fatalf("%d %s", r.status, r.body)
				}
				return
			}
			e := r.apiErr(t)
			if r.status != 400 || string(e.Code) != tt.code || e.Param != tt.param {
				t.Fatalf("got %d %q %q: %s", r.status, e.Code, e.Param, e.Msg)
			}
		})
	}
}

func TestLinkAccountsErrors(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	if _, err := sim.LinkAccounts("fcsess_nope"); !errors.Is(err, fctest.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}
	cus, _ := linked(t, sim, sc, allPerms, nil)
	sess, err := sc.V1FinancialConnectionsSessions.Create(context.Background(), &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cus)},
		Permissions:   stripe.StringSlice([]string{"payment_method"}),
		Filters:       &stripe.FinancialConnectionsSessionCreateFiltersParams{AccountSubcategories: stripe.StringSlice([]string{"checking", "savings"})},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.LinkAccounts(sess.ID, "chase"); !errors.Is(err, fctest.ErrUnknownInstitution) || err.Error() != `fctest: unknown institution "chase"` {
		t.Fatalf("unknown institution: %v", err)
	}
	if _, err := sim.LinkAccounts(sess.ID, fctest.InstitutionCreditCard); !errors.Is(err, fctest.ErrFilteredOut) {
		t.Fatalf("filtered: %v", err)
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess, fctest.InstitutionSavings)
	if err != nil || len(ids) != 2 {
		t.Fatal(err)
	}
	if _, err := sim.LinkAccounts(sess.ID); !errors.Is(err, fctest.ErrSessionLinked) {
		t.Fatalf("twice: %v", err)
	}
	n := 0
	for a, err := range sc.V1FinancialConnectionsAccounts.List(context.Background(), &stripe.FinancialConnectionsAccountListParams{Session: stripe.String(sess.ID)}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != ids[1-n] {
			t.Fatalf("list order: %s at %d (want newest first)", a.ID, n)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("listed %d", n)
	}
	r := raw(t, sim, http.MethodGet, "/v1/financial_connections/accounts", url.Values{"account_holder[customer]": {cus}, "account_holder[account]": {"acct_1"}})
	if r.status != 400 {
		t.Fatalf("both holders: %d", r.status)
	}
	for _, in := range fctest.Institutions() {
		if !in.Valid() {
			t.Fatalf("%s not valid", in)
		}
	}
}
