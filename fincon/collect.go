package fincon

import (
	"context"
	"net/url"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/permissions"
)

// BankAccountOptions are the us_bank_account payment method options every
// ACH flow shares — PaymentIntents and SetupIntents created before an
// account is linked, Checkout Sessions, and Invoices' and Subscriptions'
// payment_settings: Stripe's
// payment_method_options[us_bank_account][verification_method] and
// [financial_connections][permissions|prefetch]. The zero value asks for
// Stripe's defaults (verification automatic, permissions payment_method).
//
// Validate states the rules once; every builder and create call of this
// package applies them before anything is sent.
type BankAccountOptions struct {
	// VerificationMethod is how the account is verified; zero means
	// ach.Automatic (Financial Connections with manual entry and
	// microdeposit fallback). ach.Microdeposits collects a hand-entered
	// account verified with microdeposits: such an account has no
	// balances, ownership or transactions data, so Permissions beyond
	// payment_method and Prefetch are refused with it.
	VerificationMethod ach.VerificationMethod
	// Permissions requested from the customer; when set they must include
	// payment_method, the permission an ACH debit needs. Empty leaves
	// Stripe's default (payment_method).
	Permissions permissions.Set
	// Prefetch lists data fetched right after linking; each feature needs
	// its permission in Permissions.
	Prefetch []permissions.PrefetchFeature
}

// Validate checks the options against Stripe's rules for
// payment_method_options[us_bank_account]. It returns nil or a *ParamError
// (matching ErrInvalidParams) naming the parameter:
//
//   - verification_method: not one of ach's three methods (the cause
//     matches ach.ErrInvalidVerificationMethod);
//   - permissions: set without payment_method, or asking for data
//     (balances, ownership, transactions) with ach.Microdeposits, which
//     links no Financial Connections account;
//   - prefetch: without Permissions, with ach.Microdeposits, or a feature
//     whose permission is missing (the cause matches
//     permissions.ErrNotGranted).
func (o BankAccountOptions) Validate() error {
	data := o.Permissions.Remove(permissions.PaymentMethod)
	switch {
	case !o.VerificationMethod.Valid():
		return &ParamError{Param: "verification_method", Err: o.VerificationMethod.Validate()}
	case !o.Permissions.IsEmpty() && !o.Permissions.Has(permissions.PaymentMethod):
		return &ParamError{Param: "permissions", Reason: "must include payment_method"}
	case !o.VerificationMethod.UsesFinancialConnections() && !data.IsEmpty():
		return &ParamError{Param: "permissions", Reason: "microdeposits link no financial connections account, so no data permissions can be granted"}
	case len(o.Prefetch) == 0:
		return nil
	case !o.VerificationMethod.UsesFinancialConnections():
		return &ParamError{Param: "prefetch", Reason: "microdeposits link no financial connections account to prefetch from"}
	case o.Permissions.IsEmpty():
		return &ParamError{Param: "prefetch", Reason: "prefetch needs Permissions"}
	}
	if err := permissions.ValidatePrefetch(o.Permissions, o.Prefetch...); err != nil {
		return &ParamError{Param: "prefetch", Reason: "each prefetch feature needs its permission", Err: err}
	}
	return nil
}

// params returns the verification method, permissions and prefetch as
// stripe-go fields; all nil for the zero value, so that Stripe's defaults
// apply and nothing is sent.
func (o BankAccountOptions) params() (vm *string, perms, prefetch []*string) {
	if o.VerificationMethod != "" {
		vm = o.VerificationMethod.StripeParam()
	}
	if !o.Permissions.IsEmpty() {
		perms = o.Permissions.StripeParams()
		if len(o.Prefetch) > 0 {
			prefetch = permissions.PrefetchParams(o.Prefetch...)
		}
	}
	return vm, perms, prefetch
}

// CollectPaymentParams describes a PaymentIntent created before any bank
// account is linked (intent-first): the browser collects the account with
// Stripe.js collectBankAccountForPayment and the PaymentIntent's client
// secret, then confirms it with the customer's mandate.
type CollectPaymentParams struct {
	// Customer (cus_…) or CustomerAccount (Accounts v2, acct_…) pays;
	// exactly one is required.
	Customer        string
	CustomerAccount string
	// Amount in minor units (cents); ACH debits are in USD, [ach.MinAmount]
	// to [ach.MaxAmount] ([ach.ValidateAmount]).
	Amount balances.Money
	// Options are the verification method and Financial Connections
	// permissions and prefetch (see BankAccountOptions.Validate).
	Options BankAccountOptions
	// ReturnURL is where a webview integration returns after the bank's
	// OAuth login
	// (payment_method_options[us_bank_account][financial_connections][return_url]);
	// optional, an absolute http(s) URL. Not allowed with
	// ach.Microdeposits.
	ReturnURL string
	// SaveForLater sets setup_future_usage=off_session: once paid, the
	// payment method and its multi_use mandate can fund later
	// off-session debits (CreateOffSessionPaymentIntent).
	SaveForLater bool
	Description  string
	Metadata     map[string]string
	// IdempotencyKey makes the creation exactly-once across retries of the
	// whole call; a retry must send the same parameters.
	IdempotencyKey string
}

// CollectSetupParams describes a SetupIntent created before any bank
// account is linked: the browser collects the account with Stripe.js
// collectBankAccountForSetup and the client secret, and confirms it with
// the customer's mandate; the SetupIntent then holds the PaymentMethod and
// its multi_use Mandate for later debits. Its fields mean what
// CollectPaymentParams' do.
type CollectSetupParams struct {
	Customer        string
	CustomerAccount string
	Options         BankAccountOptions
	ReturnURL       string
	Description     string
	Metadata        map[string]string
	IdempotencyKey  string
}

// checkCollect validates what intent-first PaymentIntents and SetupIntents
// share.
func checkCollect(op, customer, customerAccount string, o BankAccountOptions, returnURL, key string) error {
	switch {
	case customer != "" && customerAccount != "":
		return paramErr(op, "", "customer", "set either Customer or CustomerAccount, not both", nil)
	case customer == "" && customerAccount == "":
		return paramErr(op, "", "customer", "Customer or CustomerAccount is required", nil)
	}
	if err := checkIdempotencyKey(op, "", key); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return &Error{Op: op, Err: err}
	}
	if returnURL == "" {
		return nil
	}
	if !o.VerificationMethod.UsesFinancialConnections() {
		return paramErr(op, "", "return_url", "microdeposits do not open a financial connections flow to return from", nil)
	}
	return checkURL(op, "return_url", returnURL)
}

// checkURL accepts an absolute http or https URL.
func checkURL(op, param, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(raw, " \t\r\n") {
		return paramErr(op, "", param, "must be an absolute http(s) URL", nil)
	}
	return nil
}

// intentRequest fills customer_account (when set), the metadata and the
// idempotency key of an intent-first create.
func intentRequest(sp createParams, customerAccount string, md map[string]string, key string) {
	if customerAccount != "" {
		sp.GetParams().AddExtra("customer_account", customerAccount)
	}
	for k, v := range md {
		sp.AddMetadata(k, v)
	}
	setIdempotencyKey(sp.GetParams(), key)
}

// CreateCollectPaymentIntent creates a PaymentIntent with
// payment_method_types=[us_bank_account] and no payment method, for the
// browser to collect the account (collectBankAccountForPayment with
// ClientSecret.Reveal()) and confirm it with the mandate. The verification
// method, permissions, prefetch and return URL go in
// payment_method_options[us_bank_account]. Invalid parameters are refused
// before any request with an *Error whose cause is a *ParamError
// (ErrInvalidParams): amount (also matching ach.ErrInvalidAmount or
// ach.ErrUnsupportedCurrency), customer, idempotency_key, return_url and
// the BankAccountOptions rules. After the customer finishes, BankAccountOf
// (or FinancialConnectionsAccountOf) tells which account was linked.
func (c *Client) CreateCollectPaymentIntent(ctx context.Context, p CollectPaymentParams) (*PaymentIntent, error) {
	const op = "create payment intent"
	if err := ach.ValidateAmount(p.Amount.Amount, string(p.Amount.Currency)); err != nil {
		return nil, paramErr(op, "", "amount", "invalid ACH amount", err)
	}
	if err := checkCollect(op, p.Customer, p.CustomerAccount, p.Options, p.ReturnURL, p.IdempotencyKey); err != nil {
		return nil, err
	}
	sp := newACHDebit(p.Amount, p.Customer, p.Description)
	if p.SaveForLater {
		sp.SetupFutureUsage = stripe.String(string(stripe.PaymentIntentSetupFutureUsageOffSession))
	}
	vm, perms, prefetch := p.Options.params()
	if vm != nil || perms != nil || p.ReturnURL != "" {
		usb := &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{VerificationMethod: vm}
		if perms != nil || p.ReturnURL != "" {
			usb.FinancialConnections = &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: perms, Prefetch: prefetch, ReturnURL: optString(p.ReturnURL)}
		}
		sp.PaymentMethodOptions = &stripe.PaymentIntentCreatePaymentMethodOptionsParams{USBankAccount: usb}
	}
	intentRequest(sp, p.CustomerAccount, p.Metadata, p.IdempotencyKey)
	pi, err := c.sc.V1PaymentIntents.Create(ctx, sp)
	return converted(op, "", paymentIntentFromStripe, pi, err)
}

// CreateCollectSetupIntent creates a SetupIntent with
// payment_method_types=[us_bank_account], usage off_session and no payment
// method, for the browser to collect the account
// (collectBankAccountForSetup) and confirm it with the mandate. It refuses
// invalid parameters as CreateCollectPaymentIntent does (without the
// amount). Once it has succeeded, GetSetupIntent returns the PaymentMethod
// and Mandate to debit later with CreateOffSessionPaymentIntent.
func (c *Client) CreateCollectSetupIntent(ctx context.Context, p CollectSetupParams) (*SetupIntent, error) {
	const op = "create setup intent"
	if err := checkCollect(op, p.Customer, p.CustomerAccount, p.Options, p.ReturnURL, p.IdempotencyKey); err != nil {
		return nil, err
	}
	sp := &stripe.SetupIntentCreateParams{
		Customer:           optString(p.Customer),
		Description:        optString(p.Description),
		PaymentMethodTypes: []*string{stripe.String(usBankAccount)},
		Usage:              stripe.String(string(stripe.SetupIntentUsageOffSession)),
	}
	vm, perms, prefetch := p.Options.params()
	if vm != nil || perms != nil || p.ReturnURL != "" {
		usb := &stripe.SetupIntentCreatePaymentMethodOptionsUSBankAccountParams{VerificationMethod: vm}
		if perms != nil || p.ReturnURL != "" {
			usb.FinancialConnections = &stripe.SetupIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: perms, Prefetch: prefetch, ReturnURL: optString(p.ReturnURL)}
		}
		sp.PaymentMethodOptions = &stripe.SetupIntentCreatePaymentMethodOptionsParams{USBankAccount: usb}
	}
	intentRequest(sp, p.CustomerAccount, p.Metadata, p.IdempotencyKey)
	si, err := c.sc.V1SetupIntents.Create(ctx, sp)
	return converted(op, "", setupIntentFromStripe, si, err)
}

// GetSetupIntent retrieves a SetupIntent: once it has succeeded, its
// PaymentMethod (pm_…) and Mandate (mandate_…) fund later debits. An empty
// id is refused with ErrInvalidParams before any request.
func (c *Client) GetSetupIntent(ctx context.Context, id string) (*SetupIntent, error) {
	const op = "get setup intent"
	if err := requireID(op, id, "setup intent"); err != nil {
		return nil, err
	}
	p := &stripe.SetupIntentRetrieveParams{}
	si, err := c.sc.V1SetupIntents.Retrieve(ctx, id, p)
	return converted(op, id, setupIntentFromStripe, si, err)
}

// Collection says how the bank account behind an intent's payment method
// was collected.
type Collection string

// Collections.
const (
	// CollectedFinancialConnections: the customer linked the account
	// through Financial Connections; FinancialConnectionsAccount is set and
	// the account's data can be read within the granted permissions.
	CollectedFinancialConnections Collection = "financial_connections"
	// CollectedManually: the customer typed in the account and routing
	// numbers (verification_method automatic's fallback, or
	// microdeposits); the payment method's
	// us_bank_account.financial_connections_account is null, and there is
	// no balances, ownership or transactions data.
	CollectedManually Collection = "manual_entry"
)

// BankAccount is the bank account behind a PaymentIntent's or
// SetupIntent's us_bank_account payment method (read with BankAccountOf).
type BankAccount struct {
	// Intent is the pi_… or seti_… id asked about.
	Intent string
	// PaymentMethod is the pm_… id.
	PaymentMethod string
	// Collection says how the account was collected.
	Collection Collection
	// FinancialConnectionsAccount is the fca_… id; empty exactly when
	// Collection is CollectedManually.
	FinancialConnectionsAccount string
	// Last4 and BankName describe the account (never its number).
	Last4    string
	BankName string
	// Blocked is set when Stripe blocked the payment method after an ACH
	// return (us_bank_account.status_details.blocked).
	Blocked *ach.Blocked
}

// HasAccountData reports whether balances, ownership and transactions can
// be read for the account (within the granted permissions): only for
// accounts linked through Financial Connections.
func (b *BankAccount) HasAccountData() bool { return b.Collection == CollectedFinancialConnections }

// BankAccountOf returns the bank account behind a PaymentIntent (pi_…),
// SetupIntent (seti_…) or completed Checkout Session (cs_…; its
// PaymentIntent's or SetupIntent's) once the customer has provided one: one
// request,
// expanding payment_method (Stripe's documented way to find the Financial
// Connections account). A hand-entered account is not an error: its
// Collection is CollectedManually. Errors: an id of another kind
// (ErrInvalidParams, no request); an intent without a payment method yet,
// or whose payment method is not a us_bank_account one
// (ErrNoFinancialConnectionsAccount); Stripe's errors as *Error.
func (c *Client) BankAccountOf(ctx context.Context, intentID string) (*BankAccount, error) {
	const op = "get intent bank account"
	pm, err := c.intentPaymentMethod(ctx, op, intentID)
	if err != nil {
		return nil, err
	}
	if pm == nil || pm.ID == "" || pm.USBankAccount == nil {
		return nil, &Error{Op: op, ID: intentID, Err: ErrNoFinancialConnectionsAccount}
	}
	b := &BankAccount{
		Intent: intentID, PaymentMethod: pm.ID, Collection: CollectedManually,
		FinancialConnectionsAccount: pm.USBankAccount.FinancialConnectionsAccount,
		Last4:                       pm.USBankAccount.Last4, BankName: pm.USBankAccount.BankName, Blocked: ach.BlockedOf(pm),
	}
	if b.FinancialConnectionsAccount != "" {
		b.Collection = CollectedFinancialConnections
	}
	return b, nil
}

// intentPaymentMethod retrieves a PaymentIntent, SetupIntent or Checkout
// Session, chosen by the id's prefix, with its payment method expanded; nil
// when there is none yet.
func (c *Client) intentPaymentMethod(ctx context.Context, op, id string) (*stripe.PaymentMethod, error) {
	switch {
	case strings.HasPrefix(id, "pi_"):
		p := &stripe.PaymentIntentRetrieveParams{}
		p.AddExpand("payment_method")
		pi, err := c.sc.V1PaymentIntents.Retrieve(ctx, id, p)
		if err != nil {
			return nil, wrapErr(op, id, err)
		}
		return pi.PaymentMethod, nil
	case strings.HasPrefix(id, "seti_"):
		p := &stripe.SetupIntentRetrieveParams{}
		p.AddExpand("payment_method")
		si, err := c.sc.V1SetupIntents.Retrieve(ctx, id, p)
		if err != nil {
			return nil, wrapErr(op, id, err)
		}
		return si.PaymentMethod, nil
	case strings.HasPrefix(id, "cs_"):
		p := &stripe.CheckoutSessionRetrieveParams{}
		p.AddExpand("payment_intent.payment_method")
		p.AddExpand("setup_intent.payment_method")
		cs, err := c.sc.V1CheckoutSessions.Retrieve(ctx, id, p)
		if err != nil {
			return nil, wrapErr(op, id, err)
		}
		switch {
		case cs.PaymentIntent != nil && cs.PaymentIntent.PaymentMethod != nil:
			return cs.PaymentIntent.PaymentMethod, nil
		case cs.SetupIntent != nil:
			return cs.SetupIntent.PaymentMethod, nil
		}
		return nil, nil
	}
	if err := requireID(op, id, "payment intent or setup intent"); err != nil {
		return nil, err
	}
	return nil, paramErr(op, id, "id", "not a payment intent (pi_…), setup intent (seti_…) or checkout session (cs_…) id", nil)
}
