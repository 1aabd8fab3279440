package fincon

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/internal/stripetime"
)

// CheckoutMode is a Checkout Session's mode (Stripe's mode parameter)
// among the two an ACH integration uses.
type CheckoutMode string

// Checkout modes.
const (
	// CheckoutPayment collects a bank account and debits it once (a
	// PaymentIntent).
	CheckoutPayment CheckoutMode = "payment"
	// CheckoutSetup collects and saves a bank account for later debits (a
	// SetupIntent, leaving a PaymentMethod and a multi_use Mandate).
	CheckoutSetup CheckoutMode = "setup"
)

// Valid reports whether m is one of the modes above.
func (m CheckoutMode) Valid() bool { return m == CheckoutPayment || m == CheckoutSetup }

// CheckoutSessionParams describes a Stripe-hosted Checkout Session that
// collects a US bank account (payment_method_types=[us_bank_account]).
// Checkout shows the mandate terms itself.
type CheckoutSessionParams struct {
	// Mode is CheckoutPayment or CheckoutSetup (required).
	Mode CheckoutMode
	// Customer (cus_…) is required: the collected payment method is
	// attached to it.
	Customer string
	// Amount (payment mode only, required there) is the price of the one
	// line item, in cents, USD, [ach.MinAmount] to [ach.MaxAmount].
	Amount balances.Money
	// ProductName names the line item (payment mode only, required there).
	ProductName string
	// SaveForLater (payment mode only) sets
	// payment_intent_data[setup_future_usage]=off_session, so the paid
	// account can be debited again.
	SaveForLater bool
	// SuccessURL (required) and CancelURL (optional) are absolute http(s)
	// URLs Checkout redirects to.
	SuccessURL string
	CancelURL  string
	// Options are the verification method and Financial Connections
	// permissions and prefetch
	// (payment_method_options[us_bank_account]); see
	// BankAccountOptions.Validate.
	Options  BankAccountOptions
	Metadata map[string]string
	// IdempotencyKey makes CreateCheckoutSession exactly-once across
	// retries of the whole call.
	IdempotencyKey string
}

// StripeParams validates p and builds stripe-go's create params (without
// the idempotency key, which CreateCheckoutSession sets; stripe-go sets
// the context from the ctx of its Create call). It
// returns a *ParamError (ErrInvalidParams) naming the parameter: mode
// (unknown), customer (missing), amount (missing in payment mode, also
// matching ach.ErrInvalidAmount or ach.ErrUnsupportedCurrency; or set in
// setup mode), product_name (missing in payment mode, or set in setup
// mode), setup_future_usage (SaveForLater in setup mode), success_url,
// cancel_url (not an absolute http(s) URL), idempotency_key (too long),
// and the BankAccountOptions rules.
func (p CheckoutSessionParams) StripeParams() (*stripe.CheckoutSessionCreateParams, error) {
	const op = "create checkout session"
	if err := p.validate(op); err != nil {
		var pe *ParamError
		if errors.As(err, &pe) {
			return nil, pe
		}
		return nil, err
	}
	sp := &stripe.CheckoutSessionCreateParams{
		Mode:               stripe.String(string(p.Mode)),
		Customer:           stripe.String(p.Customer),
		SuccessURL:         stripe.String(p.SuccessURL),
		CancelURL:          optString(p.CancelURL),
		PaymentMethodTypes: []*string{stripe.String(usBankAccount)},
	}
	if p.Mode == CheckoutPayment {
		sp.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:    stripe.String(string(p.Amount.Currency)),
				UnitAmount:  stripe.Int64(p.Amount.Amount),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String(p.ProductName)},
			},
		}}
		if p.SaveForLater {
			sp.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{
				SetupFutureUsage: stripe.String(string(stripe.PaymentIntentSetupFutureUsageOffSession))}
		}
	} else {
		// Setup mode needs the currency of the future payments when the
		// payment method types are given.
		sp.Currency = stripe.String(ach.Currency)
	}
	if vm, perms, prefetch := p.Options.params(); vm != nil || perms != nil {
		usb := &stripe.CheckoutSessionCreatePaymentMethodOptionsUSBankAccountParams{VerificationMethod: vm}
		if perms != nil {
			usb.FinancialConnections = &stripe.CheckoutSessionCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: perms, Prefetch: prefetch}
		}
		sp.PaymentMethodOptions = &stripe.CheckoutSessionCreatePaymentMethodOptionsParams{USBankAccount: usb}
	}
	for k, v := range p.Metadata {
		sp.AddMetadata(k, v)
	}
	return sp, nil
}

// validate applies the rules StripeParams documents.
func (p CheckoutSessionParams) validate(op string) error {
	switch {
	case !p.Mode.Valid():
		return paramErr(op, "", "mode", "must be payment or setup", nil)
	case p.Customer == "":
		return paramErr(op, "", "customer", "Customer is required", nil)
	}
	if err := checkIdempotencyKey(op, "", p.IdempotencyKey); err != nil {
		return err
	}
	switch {
	case p.Mode == CheckoutSetup && p.Amount != (balances.Money{}):
		return paramErr(op, "", "amount", "setup mode debits nothing: leave Amount zero", nil)
	case p.Mode == CheckoutSetup && p.ProductName != "":
		return paramErr(op, "", "product_name", "setup mode has no line items", nil)
	case p.Mode == CheckoutSetup && p.SaveForLater:
		return paramErr(op, "", "setup_future_usage", "setup mode always saves the account", nil)
	case p.Mode == CheckoutPayment && strings.TrimSpace(p.ProductName) == "":
		return paramErr(op, "", "product_name", "the line item needs a name", nil)
	}
	if p.Mode == CheckoutPayment {
		if err := ach.ValidateAmount(p.Amount.Amount, string(p.Amount.Currency)); err != nil {
			return paramErr(op, "", "amount", "invalid ACH amount", err)
		}
	}
	if err := checkURL(op, "success_url", p.SuccessURL); err != nil {
		return err
	}
	if p.CancelURL != "" {
		if err := checkURL(op, "cancel_url", p.CancelURL); err != nil {
			return err
		}
	}
	if err := p.Options.Validate(); err != nil {
		return &Error{Op: op, Err: err}
	}
	return nil
}

// CheckoutSession is the part of a Stripe Checkout Session an ACH
// integration needs.
type CheckoutSession struct {
	ID   string
	Mode CheckoutMode
	// Status is open, complete or expired; PaymentStatus is paid, unpaid
	// (an ACH debit still processing) or no_payment_required (setup mode).
	Status        string
	PaymentStatus string
	Customer      string
	// PaymentIntent (payment mode) or SetupIntent (setup mode) is set once
	// the customer completed Checkout.
	PaymentIntent string
	SetupIntent   string
	// URL is where to redirect the customer (hosted Checkout). It is not a
	// secret, but it lets whoever holds it pay: do not log it.
	URL      string
	Created  time.Time
	Livemode bool

	raw *stripe.CheckoutSession
}

// Stripe returns the stripe-go object (read-only).
func (s *CheckoutSession) Stripe() *stripe.CheckoutSession { return s.raw }

func checkoutSessionFromStripe(cs *stripe.CheckoutSession) *CheckoutSession {
	s := &CheckoutSession{ID: cs.ID, Mode: CheckoutMode(cs.Mode), Status: string(cs.Status), PaymentStatus: string(cs.PaymentStatus),
		Customer: customerID(cs.Customer), URL: cs.URL, Created: stripetime.Time(cs.Created), Livemode: cs.Livemode, raw: cs}
	if cs.PaymentIntent != nil {
		s.PaymentIntent = cs.PaymentIntent.ID
	}
	if cs.SetupIntent != nil {
		s.SetupIntent = cs.SetupIntent.ID
	}
	return s
}

// CreateCheckoutSession creates a Stripe-hosted Checkout Session that
// collects a US bank account, in payment or setup mode; redirect the
// customer to its URL. Invalid parameters are refused before any request
// (see CheckoutSessionParams.StripeParams) with an *Error whose cause is
// the *ParamError. Once the session is complete (webhook
// checkout.session.completed), BankAccountOf(ctx, session.ID) finds the
// linked account the same way as for intents.
func (c *Client) CreateCheckoutSession(ctx context.Context, p CheckoutSessionParams) (*CheckoutSession, error) {
	const op = "create checkout session"
	if err := p.validate(op); err != nil {
		return nil, err
	}
	sp, err := p.StripeParams()
	if err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	setIdempotencyKey(&sp.Params, p.IdempotencyKey)
	cs, err := c.sc.V1CheckoutSessions.Create(ctx, sp)
	return converted(op, "", checkoutSessionFromStripe, cs, err)
}

// GetCheckoutSession retrieves a Checkout Session. An empty id is refused
// with ErrInvalidParams before any request.
func (c *Client) GetCheckoutSession(ctx context.Context, id string) (*CheckoutSession, error) {
	const op = "get checkout session"
	if err := requireID(op, id, "checkout session"); err != nil {
		return nil, err
	}
	p := &stripe.CheckoutSessionRetrieveParams{}
	cs, err := c.sc.V1CheckoutSessions.Retrieve(ctx, id, p)
	return converted(op, id, checkoutSessionFromStripe, cs, err)
}
