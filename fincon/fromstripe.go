package fincon

import (
	"github.com/stripe/stripe-go/v82"
)

// AccountFromStripe converts a stripe-go Financial Connections account
// into an Account, as the client does with every account it reads: for
// fakes in tests, and for accounts that arrive another way (a webhook's
// data.object, a stripe-go call). The Account keeps sa (Account.Stripe),
// so ach.Check and Account.Balance see what Stripe sent; treat sa as
// read-only afterwards. Unknown permission or subscription names are
// dropped. A nil sa, or one without an id, is an *Error matching
// ErrInvalidParams.
func AccountFromStripe(sa *stripe.FinancialConnectionsAccount) (*Account, error) {
	const op = "account from stripe"
	switch {
	case sa == nil:
		return nil, paramErr(op, "", "account", "nil stripe-go account", nil)
	case sa.ID == "":
		return nil, paramErr(op, "", "id", "account without an id", nil)
	}
	return accountFromStripe(sa), nil
}
