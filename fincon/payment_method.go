package fincon

import (
	"context"
	"iter"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/internal/stripetime"
)

// PaymentMethod is the part of a saved us_bank_account PaymentMethod
// (pm_…) a recurring ACH integration needs. It never holds the account
// number (Stripe never returns it).
type PaymentMethod struct {
	ID string
	// Customer is the cus_… id the payment method is attached to, if any.
	Customer string
	// FinancialConnectionsAccount is the fca_… id; empty for an account
	// entered by hand (us_bank_account.financial_connections_account is
	// null), which has no balances, ownership or transactions data.
	FinancialConnectionsAccount string
	Last4                       string
	BankName                    string
	// Blocked is set when Stripe blocked the payment method after an ACH
	// return (us_bank_account.status_details.blocked); no debit can use it.
	Blocked *ach.Blocked
	// Created is the creation time, UTC.
	Created  time.Time
	Livemode bool

	raw *stripe.PaymentMethod
}

// Stripe returns the stripe-go object (read-only).
func (p *PaymentMethod) Stripe() *stripe.PaymentMethod { return p.raw }

func paymentMethodFromStripe(sp *stripe.PaymentMethod) *PaymentMethod {
	p := &PaymentMethod{ID: sp.ID, Customer: customerID(sp.Customer), Created: stripetime.Time(sp.Created),
		Livemode: sp.Livemode, Blocked: ach.BlockedOf(sp), raw: sp}
	if u := sp.USBankAccount; u != nil {
		p.FinancialConnectionsAccount, p.Last4, p.BankName = u.FinancialConnectionsAccount, u.Last4, u.BankName
	}
	return p
}

// GetPaymentMethod retrieves a PaymentMethod. An empty id is refused with
// ErrInvalidParams before any request; Stripe's errors arrive as *Error.
func (c *Client) GetPaymentMethod(ctx context.Context, id string) (*PaymentMethod, error) {
	const op = "get payment method"
	if err := requireID(op, id, "payment method"); err != nil {
		return nil, err
	}
	p := &stripe.PaymentMethodRetrieveParams{}
	pm, err := c.sc.V1PaymentMethods.Retrieve(ctx, id, p)
	return converted(op, id, paymentMethodFromStripe, pm, err)
}

// ListPaymentMethods lists a customer's saved us_bank_account payment
// methods (GET /v1/payment_methods with customer and
// type=us_bank_account), blocked ones included (check Blocked). Pages are
// fetched lazily as the sequence is ranged over; each range starts again
// from the first page. An error is yielded once, as the last element: an
// empty customer id (ErrInvalidParams, no request) or Stripe's (*Error).
func (c *Client) ListPaymentMethods(ctx context.Context, customer string) iter.Seq2[*PaymentMethod, error] {
	const op = "list payment methods"
	return func(yield func(*PaymentMethod, error) bool) {
		if err := requireID(op, customer, "customer"); err != nil {
			yield(nil, err)
			return
		}
		lp := &stripe.PaymentMethodListParams{Customer: stripe.String(customer), Type: stripe.String(usBankAccount)}
		for pm, err := range c.sc.V1PaymentMethods.List(ctx, lp) {
			if err != nil {
				yield(nil, wrapErr(op, customer, err))
				return
			}
			if !yield(paymentMethodFromStripe(pm), nil) {
				return
			}
		}
	}
}
