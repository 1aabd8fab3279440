package fincon

import (
	"context"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/permissions"
)

// PaymentIntentParams describes an ACH Direct Debit PaymentIntent from a
// linked Financial Connections account.
type PaymentIntentParams struct {
	// Account is the linked account to debit (fca_…, required). It is read
	// first and checked with ach.Check.
	Account string
	// Customer (cus_…) or CustomerAccount (Accounts v2, acct_…) owns the
	// account; exactly one is required.
	Customer        string
	CustomerAccount string
	// Amount in minor units; ACH debits are in USD.
	Amount balances.Money
	// BillingName is the account holder's name (required by Stripe for
	// us_bank_account payment methods).
	BillingName  string
	BillingEmail string
	// VerificationMethod: zero means automatic. Microdeposits cannot be
	// used with a Financial Connections account.
	VerificationMethod ach.VerificationMethod
	// Permissions and Prefetch for a Financial Connections flow started
	// from this PaymentIntent
	// (payment_method_options[us_bank_account][financial_connections]).
	// Permissions, when set, must include payment_method.
	Permissions permissions.Set
	Prefetch    []permissions.PrefetchFeature
	// Confirm confirms at once; it then requires Mandate. Without Confirm
	// the PaymentIntent waits for ConfirmPaymentIntent.
	Confirm bool
	// Mandate is the customer's acceptance, sent as mandate_data (only
	// with Confirm).
	Mandate     *ach.CustomerAcceptance
	Description string
	Metadata    map[string]string
	// IdempotencyKey, e.g. an order id, makes the creation exactly-once
	// even across process restarts. Without it each call gets a fresh key
	// (reused by transport retries of that call only).
	IdempotencyKey string
}

// SetupIntentParams describes an ACH SetupIntent from a linked account, to
// debit it later.
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
	IdempotencyKey     string
}

// ConfirmParams confirms a PaymentIntent or SetupIntent with a mandate:
// either the customer's acceptance (a new mandate) or, for a PaymentIntent,
// the id of an existing mandate (mandate_…).
type ConfirmParams struct {
	Mandate        *ach.CustomerAcceptance
	MandateID      string
	IdempotencyKey string
}

// PaymentStatus is a PaymentIntent or SetupIntent status.
type PaymentStatus string

// PaymentIntent and SetupIntent statuses. ACH debits stay processing for
// up to four business days before succeeded (or requires_payment_method on
// failure, e.g. R01 insufficient funds).
const (
	PaymentRequiresPaymentMethod PaymentStatus = "requires_payment_method"
	PaymentRequiresConfirmation  PaymentStatus = "requires_confirmation"
	PaymentRequiresAction        PaymentStatus = "requires_action"
	PaymentProcessing            PaymentStatus = "processing"
	PaymentRequiresCapture       PaymentStatus = "requires_capture"
	PaymentCanceled              PaymentStatus = "canceled"
	PaymentSucceeded             PaymentStatus = "succeeded"
)

// PaymentIntent is the part of a Stripe PaymentIntent an ACH integration
// needs; Stripe returns the full object.
type PaymentIntent struct {
	ID            string
	Status        PaymentStatus
	Amount        balances.Money
	Customer      string
	PaymentMethod string
	// FinancialConnectionsAccount is set when the payment method was
	// expanded and came from Financial Connections.
	FinancialConnectionsAccount string
	// ClientSecret prints as "[redacted]"; use Reveal.
	ClientSecret Secret
	// NextAction is the type of next_action (e.g. verify_with_microdeposits).
	NextAction string
	// LastErrorCode and LastErrorMessage describe the last payment failure.
	LastErrorCode    string
	LastErrorMessage string
	Created          time.Time
	Livemode         bool

	raw *stripe.PaymentIntent
}

// Stripe returns the stripe-go object (read-only).
func (p *PaymentIntent) Stripe() *stripe.PaymentIntent { return p.raw }

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

func paymentIntentFromStripe(pi *stripe.PaymentIntent) *PaymentIntent {
	p := &PaymentIntent{
		ID:           pi.ID,
		Status:       PaymentStatus(pi.Status),
		Amount:       balances.Money{Amount: pi.Amount, Currency: balances.Currency(strings.ToLower(string(pi.Currency)))},
		ClientSecret: Secret(pi.ClientSecret),
		Created:      unixTime(pi.Created),
		Livemode:     pi.Livemode,
		raw:          pi,
	}
	if pi.Customer != nil {
		p.Customer = pi.Customer.ID
	}
	if pm := pi.PaymentMethod; pm != nil {
		p.PaymentMethod = pm.ID
		if pm.USBankAccount != nil {
			p.FinancialConnectionsAccount = pm.USBankAccount.FinancialConnectionsAccount
		}
	}
	if pi.NextAction != nil {
		p.NextAction = string(pi.NextAction.Type)
	}
	if e := pi.LastPaymentError; e != nil {
		p.LastErrorCode = string(e.Code)
		p.LastErrorMessage = redact(e.Msg)
	}
	return p
}

func setupIntentFromStripe(si *stripe.SetupIntent) *SetupIntent {
	s := &SetupIntent{
		ID:           si.ID,
		Status:       PaymentStatus(si.Status),
		ClientSecret: Secret(si.ClientSecret),
		Created:      unixTime(si.Created),
		Livemode:     si.Livemode,
		raw:          si,
	}
	if si.Customer != nil {
		s.Customer = si.Customer.ID
	}
	if pm := si.PaymentMethod; pm != nil {
		s.PaymentMethod = pm.ID
		if pm.USBankAccount != nil {
			s.FinancialConnectionsAccount = pm.USBankAccount.FinancialConnectionsAccount
		}
	}
	if m := si.Mandate; m != nil {
		s.Mandate = m.ID
	}
	if si.NextAction != nil {
		s.NextAction = string(si.NextAction.Type)
	}
	if e := si.LastSetupError; e != nil {
		s.LastErrorCode = string(e.Code)
		s.LastErrorMessage = redact(e.Msg)
	}
	return s
}

// common holds the checks shared by PaymentIntents and SetupIntents.
type intentCommon struct {
	account, customer, customerAccount, billingName string
	vm                                              ach.VerificationMethod
	perms                                           permissions.Set
	prefetch                                        []permissions.PrefetchFeature
	confirm                                         bool
	mandate                                         *ach.CustomerAcceptance
	idempotencyKey                                  string
}

func (c *Client) checkIntent(ctx context.Context, op string, p intentCommon) error {
	switch {
	case p.account == "":
		return paramErr(op, "", "account", "the financial connections account is required", nil)
	case p.customer != "" && p.customerAccount != "":
		return paramErr(op, p.account, "customer", "set either Customer or CustomerAccount, not both", nil)
	case p.customer == "" && p.customerAccount == "":
		return paramErr(op, p.account, "customer", "Customer or CustomerAccount is required", nil)
	case strings.TrimSpace(p.billingName) == "":
		return paramErr(op, p.account, "billing_name", "the account holder's name is required", nil)
	case !p.vm.Valid():
		return paramErr(op, p.account, "verification_method", "unknown verification method", ach.ErrInvalidVerificationMethod)
	case !p.vm.UsesFinancialConnections():
		return paramErr(op, p.account, "verification_method", "microdeposits cannot verify a financial connections account", ach.ErrInvalidVerificationMethod)
	case !p.perms.IsEmpty() && !p.perms.Has(permissions.PaymentMethod):
		return paramErr(op, p.account, "permissions", "must include payment_method", nil)
	case len(p.idempotencyKey) > 255:
		return paramErr(op, p.account, "idempotency_key", "at most 255 characters", nil)
	case p.mandate != nil && !p.confirm:
		return paramErr(op, p.account, "mandate", "mandate data is only sent when confirming (set Confirm)", nil)
	case p.confirm && p.mandate == nil:
		return paramErr(op, p.account, "mandate", "confirming an ACH debit needs the customer's acceptance", nil)
	}
	if len(p.prefetch) > 0 {
		perms := p.perms
		if perms.IsEmpty() {
			return paramErr(op, p.account, "prefetch", "prefetch needs Permissions", nil)
		}
		if err := permissions.ValidatePrefetch(perms, p.prefetch...); err != nil {
			return paramErr(op, p.account, "prefetch", "each prefetch feature needs its permission", err)
		}
	}
	if p.mandate != nil {
		if err := p.mandate.Validate(c.clock.Now()); err != nil {
			return paramErr(op, p.account, "mandate", "invalid customer acceptance", err)
		}
	}
	if set, ok := c.perms.get(p.account); ok && !set.Has(permissions.PaymentMethod) {
		return notGranted(op, p.account, permissions.PaymentMethod)
	}
	sa, _, err := c.getAccount(ctx, op, p.account)
	if err != nil {
		return err
	}
	if e := ach.Check(sa); !e.OK() {
		return &Error{Op: op, ID: p.account, Err: e.Err()}
	}
	return nil
}

// CreatePaymentIntent creates an ACH Direct Debit PaymentIntent that debits
// a linked account. It validates the parameters, reads the account and
// checks it with ach.Check (one request; the error matches
// ach.ErrIneligible), then creates the PaymentIntent, confirmed at once when
// p.Confirm is set. Pass p.IdempotencyKey to make the creation exactly-once
// across retries of the whole call.
func (c *Client) CreatePaymentIntent(ctx context.Context, p PaymentIntentParams) (*PaymentIntent, error) {
	const op = "create payment intent"
	if err := ach.ValidateAmount(p.Amount.Amount, string(p.Amount.Currency)); err != nil {
		return nil, paramErr(op, p.Account, "amount", "invalid ACH amount", err)
	}
	if err := c.checkIntent(ctx, op, intentCommon{
		account: p.Account, customer: p.Customer, customerAccount: p.CustomerAccount, billingName: p.BillingName,
		vm: p.VerificationMethod, perms: p.Permissions, prefetch: p.Prefetch, confirm: p.Confirm, mandate: p.Mandate,
		idempotencyKey: p.IdempotencyKey,
	}); err != nil {
		return nil, err
	}
	sp := &stripe.PaymentIntentCreateParams{
		Amount:             stripe.Int64(p.Amount.Amount),
		Currency:           stripe.String(string(p.Amount.Currency)),
		PaymentMethodTypes: []*string{stripe.String("us_bank_account")},
		PaymentMethodData: &stripe.PaymentIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.PaymentMethodUSBankAccountParams{FinancialConnectionsAccount: stripe.String(p.Account)},
			BillingDetails: &stripe.PaymentIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String(p.BillingName)},
		},
	}
	if p.BillingEmail != "" {
		sp.PaymentMethodData.BillingDetails.Email = stripe.String(p.BillingEmail)
	}
	if p.Customer != "" {
		sp.Customer = stripe.String(p.Customer)
	} else {
		sp.AddExtra("customer_account", p.CustomerAccount)
	}
	usb := &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{}
	if p.VerificationMethod != "" {
		usb.VerificationMethod = p.VerificationMethod.StripeParam()
	}
	if !p.Permissions.IsEmpty() {
		usb.FinancialConnections = &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
			Permissions: p.Permissions.StripeParams(),
		}
		if len(p.Prefetch) > 0 {
			usb.FinancialConnections.Prefetch = permissions.PrefetchParams(p.Prefetch...)
		}
	}
	if usb.VerificationMethod != nil || usb.FinancialConnections != nil {
		sp.PaymentMethodOptions = &stripe.PaymentIntentCreatePaymentMethodOptionsParams{USBankAccount: usb}
	}
	if p.Confirm {
		sp.Confirm = stripe.Bool(true)
		sp.MandateData = p.Mandate.PaymentIntentCreateMandateData()
	}
	if p.Description != "" {
		sp.Description = stripe.String(p.Description)
	}
	for k, v := range p.Metadata {
		sp.AddMetadata(k, v)
	}
	if p.IdempotencyKey != "" {
		sp.SetIdempotencyKey(p.IdempotencyKey)
	}
	sp.Context = ctx
	pi, err := c.sc.V1PaymentIntents.Create(ctx, sp)
	if err != nil {
		return nil, wrapErr(op, p.Account, err)
	}
	return paymentIntentFromStripe(pi), nil
}

// ConfirmPaymentIntent confirms a PaymentIntent with the customer's
// acceptance (a new mandate) or an existing mandate id — exactly one.
func (c *Client) ConfirmPaymentIntent(ctx context.Context, id string, p ConfirmParams) (*PaymentIntent, error) {
	const op = "confirm payment intent"
	if id == "" {
		return nil, paramErr(op, "", "id", "empty payment intent id", nil)
	}
	if err := c.checkConfirm(op, id, p, true); err != nil {
		return nil, err
	}
	sp := &stripe.PaymentIntentConfirmParams{}
	if p.Mandate != nil {
		sp.MandateData = p.Mandate.PaymentIntentMandateData()
	} else {
		sp.Mandate = stripe.String(p.MandateID)
	}
	if p.IdempotencyKey != "" {
		sp.SetIdempotencyKey(p.IdempotencyKey)
	}
	sp.Context = ctx
	pi, err := c.sc.V1PaymentIntents.Confirm(ctx, id, sp)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return paymentIntentFromStripe(pi), nil
}

func (c *Client) checkConfirm(op, id string, p ConfirmParams, mandateIDAllowed bool) error {
	switch {
	case p.Mandate != nil && p.MandateID != "":
		return paramErr(op, id, "mandate", "set either Mandate or MandateID, not both", nil)
	case p.Mandate == nil && p.MandateID == "":
		return paramErr(op, id, "mandate", "a mandate is required to confirm an ACH debit", nil)
	case p.MandateID != "" && !mandateIDAllowed:
		return paramErr(op, id, "mandate", "a SetupIntent is confirmed with the customer's acceptance", nil)
	case len(p.IdempotencyKey) > 255:
		return paramErr(op, id, "idempotency_key", "at most 255 characters", nil)
	}
	if p.Mandate != nil {
		if err := p.Mandate.Validate(c.clock.Now()); err != nil {
			return paramErr(op, id, "mandate", "invalid customer acceptance", err)
		}
	}
	return nil
}

// CreateSetupIntent creates an ACH SetupIntent from a linked account, to
// debit it later without the customer present. Like CreatePaymentIntent, it
// checks the account with ach.Check first.
func (c *Client) CreateSetupIntent(ctx context.Context, p SetupIntentParams) (*SetupIntent, error) {
	const op = "create setup intent"
	if err := c.checkIntent(ctx, op, intentCommon{
		account: p.Account, customer: p.Customer, customerAccount: p.CustomerAccount, billingName: p.BillingName,
		vm: p.VerificationMethod, perms: p.Permissions, prefetch: p.Prefetch, confirm: p.Confirm, mandate: p.Mandate,
		idempotencyKey: p.IdempotencyKey,
	}); err != nil {
		return nil, err
	}
	sp := &stripe.SetupIntentCreateParams{
		PaymentMethodTypes: []*string{stripe.String("us_bank_account")},
		PaymentMethodData: &stripe.SetupIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.SetupIntentCreatePaymentMethodDataUSBankAccountParams{FinancialConnectionsAccount: stripe.String(p.Account)},
			BillingDetails: &stripe.SetupIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String(p.BillingName)},
		},
	}
	if p.BillingEmail != "" {
		sp.PaymentMethodData.BillingDetails.Email = stripe.String(p.BillingEmail)
	}
	if p.Customer != "" {
		sp.Customer = stripe.String(p.Customer)
	} else {
		sp.AddExtra("customer_account", p.CustomerAccount)
	}
	usb := &stripe.SetupIntentCreatePaymentMethodOptionsUSBankAccountParams{}
	if p.VerificationMethod != "" {
		usb.VerificationMethod = p.VerificationMethod.StripeParam()
	}
	if !p.Permissions.IsEmpty() {
		usb.FinancialConnections = &stripe.SetupIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
			Permissions: p.Permissions.StripeParams(),
		}
		if len(p.Prefetch) > 0 {
			usb.FinancialConnections.Prefetch = permissions.PrefetchParams(p.Prefetch...)
		}
	}
	if usb.VerificationMethod != nil || usb.FinancialConnections != nil {
		sp.PaymentMethodOptions = &stripe.SetupIntentCreatePaymentMethodOptionsParams{USBankAccount: usb}
	}
	if p.Confirm {
		sp.Confirm = stripe.Bool(true)
		sp.MandateData = p.Mandate.SetupIntentCreateMandateData()
	}
	if p.Description != "" {
		sp.Description = stripe.String(p.Description)
	}
	for k, v := range p.Metadata {
		sp.AddMetadata(k, v)
	}
	if p.IdempotencyKey != "" {
		sp.SetIdempotencyKey(p.IdempotencyKey)
	}
	sp.Context = ctx
	si, err := c.sc.V1SetupIntents.Create(ctx, sp)
	if err != nil {
		return nil, wrapErr(op, p.Account, err)
	}
	return setupIntentFromStripe(si), nil
}

// ConfirmSetupIntent confirms a SetupIntent with the customer's acceptance
// (p.Mandate; a mandate id cannot confirm a SetupIntent).
func (c *Client) ConfirmSetupIntent(ctx context.Context, id string, p ConfirmParams) (*SetupIntent, error) {
	const op = "confirm setup intent"
	if id == "" {
		return nil, paramErr(op, "", "id", "empty setup intent id", nil)
	}
	if err := c.checkConfirm(op, id, p, false); err != nil {
		return nil, err
	}
	sp := &stripe.SetupIntentConfirmParams{MandateData: p.Mandate.SetupIntentMandateData()}
	if p.IdempotencyKey != "" {
		sp.SetIdempotencyKey(p.IdempotencyKey)
	}
	sp.Context = ctx
	si, err := c.sc.V1SetupIntents.Confirm(ctx, id, sp)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return setupIntentFromStripe(si), nil
}

// GetPaymentIntent retrieves a PaymentIntent, to follow an ACH debit from
// processing to succeeded (or to a failure such as R01).
func (c *Client) GetPaymentIntent(ctx context.Context, id string) (*PaymentIntent, error) {
	const op = "get payment intent"
	if id == "" {
		return nil, paramErr(op, "", "id", "empty payment intent id", nil)
	}
	p := &stripe.PaymentIntentRetrieveParams{}
	p.Context = ctx
	pi, err := c.sc.V1PaymentIntents.Retrieve(ctx, id, p)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return paymentIntentFromStripe(pi), nil
}

// FinancialConnectionsAccountOf returns the fca_… id of the account behind a
// PaymentIntent's payment method (one request, expanding payment_method). It
// fails with ErrNoFinancialConnectionsAccount when the account details were
// entered by hand (or the payment method is not a US bank account).
func (c *Client) FinancialConnectionsAccountOf(ctx context.Context, paymentIntentID string) (string, error) {
	const op = "get payment intent"
	if paymentIntentID == "" {
		return "", paramErr(op, "", "id", "empty payment intent id", nil)
	}
	p := &stripe.PaymentIntentRetrieveParams{}
	p.AddExpand("payment_method")
	p.Context = ctx
	pi, err := c.sc.V1PaymentIntents.Retrieve(ctx, paymentIntentID, p)
	if err != nil {
		return "", wrapErr(op, paymentIntentID, err)
	}
	if pm := pi.PaymentMethod; pm != nil && pm.USBankAccount != nil && pm.USBankAccount.FinancialConnectionsAccount != "" {
		return pm.USBankAccount.FinancialConnectionsAccount, nil
	}
	return "", &Error{Op: op, ID: paymentIntentID, Err: ErrNoFinancialConnectionsAccount}
}
