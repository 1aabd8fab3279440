package fincon_test

import (
	"encoding/json"

	"github.com/fcsdk/fcsdk/internal/stripefake"
)

// The fincon tests' scripted Stripe is internal/stripefake's, under the
// short names the tests use.
type (
	fakeStripe = stripefake.Server
	call       = stripefake.Call
	reply      = stripefake.Reply

	roundTripFunc = stripefake.RoundTripFunc
)

func newFake() *fakeStripe { return stripefake.New() }

func stripeErr(typ, code, param, msg string) string { return stripefake.Error(typ, code, param, msg) }

// acct builds a financial_connections.account JSON object.
type acct struct {
	id          string
	perms       []string
	status      string
	balance     bool
	ownership   string
	refresh     map[string]refresh // "balance", "ownership", "transaction"
	category    string
	subcategory string
}

type refresh struct {
	status string
	last   int64
	next   int64
	id     string
}

func (a acct) JSON() string {
	if a.status == "" {
		a.status = "active"
	}
	if a.category == "" {
		a.category, a.subcategory = "cash", "checking"
	}
	m := map[string]any{
		"id": a.id, "object": "financial_connections.account", "category": a.category, "subcategory": a.subcategory,
		"status": a.status, "permissions": a.perms, "display_name": "Checking", "institution_name": "Bank", "last4": "6789",
		"supported_payment_method_types": []string{"us_bank_account"}, "created": 1700000000, "livemode": false,
		"account_holder": map[string]any{"type": "customer", "customer": "cus_1"},
		"subscriptions":  []string{},
	}
	if a.perms == nil {
		m["permissions"] = []string{}
	}
	if a.balance {
		m["balance"] = map[string]any{"as_of": 1700000000, "type": "cash", "current": map[string]int64{"usd": 12345}, "cash": map[string]any{"available": map[string]int64{"usd": 10000}}}
	}
	if a.ownership != "" {
		m["ownership"] = a.ownership
	}
	for k, r := range a.refresh {
		rm := map[string]any{"status": r.status, "last_attempted_at": r.last, "next_refresh_available_at": nil}
		if r.next != 0 {
			rm["next_refresh_available_at"] = r.next
		}
		if k == "transaction" {
			rm["id"] = r.id
		}
		m[k+"_refresh"] = rm
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func list(url string, items ...string) string { return stripefake.List(url, items...) }
