package fincon

import (
	"context"

	"github.com/stripe/stripe-go/v82"
)

// CustomerParams describes a Customer, the usual account holder. An email
// lets returning Link users connect in fewer steps.
type CustomerParams struct {
	Email, Name string
	// IdempotencyKey, e.g. your user id, makes creation exactly-once.
	IdempotencyKey string
}

// CreateCustomer creates a Customer and returns its id (cus_…).
func (c *Client) CreateCustomer(ctx context.Context, p CustomerParams) (string, error) {
	const op = "create customer"
	sp := &stripe.CustomerCreateParams{}
	if p.Email != "" {
		sp.Email = stripe.String(p.Email)
	}
	if p.Name != "" {
		sp.Name = stripe.String(p.Name)
	}
	if p.IdempotencyKey != "" {
		if err := checkIdempotencyKey(op, "", p.IdempotencyKey); err != nil {
			return "", err
		}
		sp.SetIdempotencyKey(p.IdempotencyKey)
	}
	cus, err := c.sc.V1Customers.Create(ctx, sp)
	if err != nil {
		return "", wrapErr(op, "", err)
	}
	return cus.ID, nil
}
