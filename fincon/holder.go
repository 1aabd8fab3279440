package fincon

import (
	"bytes"
	"encoding/json"

	"github.com/stripe/stripe-go/v82"
)

// HolderType says who owns a linked account or a session.
type HolderType string

// Holder types.
const (
	// HolderCustomer: a Customer (cus_…) or, for Accounts v2, a
	// customer-configured Account (acct_…, see AccountHolder.CustomerAccount).
	HolderCustomer HolderType = "customer"
	// HolderAccount: a Connect account.
	HolderAccount HolderType = "account"
)

// Valid reports whether t is HolderCustomer or HolderAccount.
func (t HolderType) Valid() bool { return t == HolderCustomer || t == HolderAccount }

// ParseHolderType returns the HolderType named s, or an error
// matching ErrUnknownValue.
func ParseHolderType(s string) (HolderType, error) {
	return parseEnum("holder type", s, HolderType.Valid)
}

// AccountHolder identifies the owner of a session or an account: exactly one
// of Customer, CustomerAccount (Accounts v2) or Account (Connect) is set.
// Use CustomerHolder, CustomerAccountHolder or ConnectHolder.
type AccountHolder struct {
	Customer        string
	CustomerAccount string
	Account         string
}

// CustomerHolder is the holder for a Customer (cus_…).
func CustomerHolder(id string) AccountHolder { return AccountHolder{Customer: id} }

// CustomerAccountHolder is the holder for an Accounts v2 customer-configured
// Account (acct_…).
func CustomerAccountHolder(id string) AccountHolder { return AccountHolder{CustomerAccount: id} }

// ConnectHolder is the holder for a Connect account (acct_…).
func ConnectHolder(id string) AccountHolder { return AccountHolder{Account: id} }

// Type returns the Stripe account_holder[type] for h.
func (h AccountHolder) Type() HolderType {
	if h.Account != "" {
		return HolderAccount
	}
	return HolderCustomer
}

// IsZero reports whether no holder is set.
func (h AccountHolder) IsZero() bool { return h == AccountHolder{} }

func (h AccountHolder) validate() (string, string) {
	n := 0
	for _, v := range []string{h.Customer, h.CustomerAccount, h.Account} {
		if v != "" {
			n++
		}
	}
	switch n {
	case 0:
		return "account_holder", "one of Customer, CustomerAccount or Account is required"
	case 1:
		return "", ""
	default:
		return "account_holder", "set only one of Customer, CustomerAccount or Account"
	}
}

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
// accountFromStripe and sessionFromStripe then read the holder with
// holderFromStripe.

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

// holderFromStripe is the holder of a stripe-go account_holder (of an
// account or a session: the two types have the same fields): its customer
// or Connect account, and when it names neither, the Accounts v2
// customer_account read from the raw JSON in lr (see above).
func holderFromStripe(customer *stripe.Customer, account *stripe.Account, lr *stripe.APIResponse) AccountHolder {
	var h AccountHolder
	if customer != nil {
		h.Customer = customer.ID
	}
	if account != nil {
		h.Account = account.ID
	}
	if customer == nil && account == nil && lr != nil {
		h.CustomerAccount = customerAccountOf(lr.RawJSON)
	}
	return h
}
