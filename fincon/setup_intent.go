package fincon

import (
	"context"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/internal/stripetime"
	"github.com/fcsdk/fcsdk/permissions"
)

// SetupIntentParams describes an ACH SetupIntent from a linked account, to
// debit it later. Its fields mean what PaymentIntentParams' do, the
// IdempotencyKey included (see [PaymentIntentParams.IdempotencyKey]).
type SetupIntentParams struct {
	// Account is the linked account (fca_…, required), checked with
	// ach.Check first.
	Account            string
	Customer           string
	CustomerAccount    string
	BillingName        string
	BillingEmail       string
	VerificationMethod ach.VerificationMethod
	Permissions        permissions.Set
	Prefetch           []permissions.PrefetchFeature
	Confirm            bool
	Mandate            *ach.CustomerAcceptance
	Description        string
	Metadata           map[string]string
	// IdempotencyKey makes the creation exactly-once; with a key an
	// ineligible account does not stop the create (see
	// [PaymentIntentParams.IdempotencyKey]).
	IdempotencyKey string
	// AccountRead is the caller's own read of Account, used for the check
	// instead of a new read (see PaymentIntentParams.AccountRead).
	AccountRead *Account
}

// SetupIntent is the part of a Stripe SetupIntent an ACH integration needs.
type SetupIntent struct {
	ID                          string
	Status                      PaymentStatus
	Customer                    string
	PaymentMethod               string
	FinancialConnectionsAccount string
	Mandate                     string
	ClientSecret                Secret
	NextAction                  string
	LastErrorCode               string
	LastErrorMessage            string
	Created                     time.Time
	Livemode                    bool

	raw *stripe.SetupIntent
}

// Stripe returns the stripe-go object (read-only).
func (s *SetupIntent) Stripe() *stripe.SetupIntent { return s.raw }

func setupIntentFromStripe(si *stripe.SetupIntent) *SetupIntent {
	s := &SetupIntent{
		ID:           si.ID,
		Status:       PaymentStatus(si.Status),
		Customer:     customerID(si.Customer),
		ClientSecret: Secret(si.ClientSecret),
		Created:      stripetime.Time(si.Created),
		Livemode:     si.Livemode,
		raw:          si,
	}
	s.PaymentMethod, s.FinancialConnectionsAccount = paymentMethodIDs(si.PaymentMethod)
	if m := si.Mandate; m != nil {
		s.Mandate = m.ID
	}
	if si.NextAction != nil {
		s.NextAction = string(si.NextAction.Type)
	}
	s.LastErrorCode, s.LastErrorMessage = lastError(si.LastSetupError)
	return s
}

// CreateSetupIntent creates an ACH SetupIntent from a linked account, to
// debit it later without the customer present. Like CreatePaymentIntent, it
// checks the account with ach.Check first, and with an IdempotencyKey sends
// the create anyway (see [PaymentIntentParams.IdempotencyKey]).
func (c *Client) CreateSetupIntent(ctx context.Context, p SetupIntentParams) (*SetupIntent, error) {
	const op = "create setup intent"
	f := intentFields(p)
	ineligible, err := c.checkIntent(ctx, op, f)
	if err != nil {
		return nil, err
	}
	sp := &stripe.SetupIntentCreateParams{
		Customer:           optString(p.Customer),
		Description:        optString(p.Description),
		PaymentMethodTypes: []*string{stripe.String(usBankAccount)},
		PaymentMethodData: &stripe.SetupIntentCreatePaymentMethodDataParams{
			Type:           stripe.String(usBankAccount),
			USBankAccount:  &stripe.SetupIntentCreatePaymentMethodDataUSBankAccountParams{FinancialConnectionsAccount: stripe.String(p.Account)},
			BillingDetails: &stripe.SetupIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String(p.BillingName), Email: optString(p.BillingEmail)},
		},
	}
	if vm, perms, prefetch, ok := f.options(); ok {
		usb := &stripe.SetupIntentCreatePaymentMethodOptionsUSBankAccountParams{VerificationMethod: vm}
		if perms != nil {
			usb.FinancialConnections = &stripe.SetupIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{Permissions: perms, Prefetch: prefetch}
		}
		sp.PaymentMethodOptions = &stripe.SetupIntentCreatePaymentMethodOptionsParams{USBankAccount: usb}
	}
	if p.Confirm {
		sp.Confirm = stripe.Bool(true)
		sp.MandateData = p.Mandate.SetupIntentCreateMandateData()
	}
	f.finish(sp)
	si, err := c.sc.V1SetupIntents.Create(ctx, sp)
	if err != nil {
		return nil, createRefused(op, p.Account, err, ineligible)
	}
	out := setupIntentFromStripe(si)
	c.acceptedIneligible(ctx, op, p.Account, out.ID, ineligible)
	return out, nil
}

// ConfirmSetupIntent confirms a SetupIntent with the customer's acceptance
// (p.Mandate; a mandate id cannot confirm a SetupIntent).
func (c *Client) ConfirmSetupIntent(ctx context.Context, id string, p ConfirmParams) (*SetupIntent, error) {
	const op = "confirm setup intent"
	if err := c.checkConfirm(op, "setup intent", id, p, false); err != nil {
		return nil, err
	}
	sp := &stripe.SetupIntentConfirmParams{MandateData: p.Mandate.SetupIntentMandateData()}
	setIdempotencyKey(&sp.Params, p.IdempotencyKey)
	si, err := c.sc.V1SetupIntents.Confirm(ctx, id, sp)
	return converted(op, id, setupIntentFromStripe, si, err)
}
