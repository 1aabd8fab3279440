package fincon

import (
	"context"

	"github.com/stripe/stripe-go/v82"
)

// accountToCheck returns the account the create's ach.Check looks at: the
// caller's read when given (and valid), otherwise a new read.
func (c *Client) accountToCheck(ctx context.Context, op, id string, read *Account) (*stripe.FinancialConnectionsAccount, error) {
	if read == nil {
		sa, _, err := c.getAccount(ctx, op, id)
		return sa, err
	}
	if read.ID != id {
		return nil, paramErr(op, id, "account_read", "is a read of another account ("+redact(read.ID)+")", nil)
	}
	return read.forCheck(), nil
}
