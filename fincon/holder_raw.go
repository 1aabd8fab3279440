package fincon

import (
	"bytes"
	"encoding/json"

	"github.com/stripe/stripe-go/v82"
)

// Accounts v2 holders (account_holder[type]=customer with
// customer_account=acct_…) have no field in stripe-go v82: its
// FinancialConnectionsAccountAccountHolder and
// FinancialConnectionsSessionAccountHolder know only customer and account.
// The client reads customer_account from the raw JSON instead:
//
//   - a session or account answered on its own keeps its body in
//     LastResponse.RawJSON;
//   - an account inside a list page or a session's accounts has no
//     response of its own, so the transport's checked backend
//     (internal/transport, answer.go) gives it one whose RawJSON is that
//     row's JSON, for every successful answer that mentions
//     customer_account.
//
// accountFromStripe and sessionFromStripe then fill Holder.CustomerAccount.

var quotedCustomerAccount = []byte(`"customer_account"`)

// customerAccountOf returns account_holder.customer_account of the JSON
// object raw, or "".
func customerAccountOf(raw []byte) string {
	if !bytes.Contains(raw, quotedCustomerAccount) {
		return ""
	}
	var v struct {
		AccountHolder *struct {
			CustomerAccount string `json:"customer_account"`
		} `json:"account_holder"`
	}
	if json.Unmarshal(raw, &v) != nil || v.AccountHolder == nil {
		return ""
	}
	return v.AccountHolder.CustomerAccount
}

// customerAccountHolder is the holder of a stripe-go account_holder that
// names neither a customer nor an account, read from raw.
func customerAccountHolder(customer *stripe.Customer, account *stripe.Account, lr *stripe.APIResponse) string {
	if customer != nil || account != nil || lr == nil {
		return ""
	}
	return customerAccountOf(lr.RawJSON)
}
