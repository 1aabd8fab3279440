package fincon

import (
	"context"
	"strings"

	"github.com/stripe/stripe-go/v82"
)

// Representatives lists the names of the people Stripe records as the
// representative of the connected account acct (GET
// /v1/accounts/{acct}/persons?relationship[representative]=true): for a
// company, the person who opened the account and attests to its
// information; an individual account's representative is the individual
// itself (ConnectedAccount.IndividualName). Names are first_name and
// last_name joined by a space; persons without a name are left out.
// Errors: ErrInvalidConnectedAccountID without a request, else Stripe's
// answer in an *Error.
func (c *Client) Representatives(ctx context.Context, acct string) ([]string, error) {
	const op = "list representatives"
	if err := connectedAccountErr(op, acct); err != nil {
		return nil, err
	}
	lp := &stripe.PersonListParams{Account: stripe.String(acct),
		Relationship: &stripe.PersonListRelationshipParams{Representative: stripe.Bool(true)}}
	var names []string
	for p, err := range c.sc.V1Persons.List(ctx, lp) {
		if err != nil {
			return nil, wrapErr(op, acct, err)
		}
		if n := strings.TrimSpace(p.FirstName + " " + p.LastName); n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}
