package fincon

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/permissions"
)

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

// Valid reports whether s is one of the statuses above.
func (s PaymentStatus) Valid() bool {
	switch s {
	case PaymentRequiresPaymentMethod, PaymentRequiresConfirmation, PaymentRequiresAction,
		PaymentProcessing, PaymentRequiresCapture, PaymentCanceled, PaymentSucceeded:
		return true
	}
	return false
}

// ParsePaymentStatus returns the PaymentStatus named s, or an error
// matching ErrUnknownValue.
func ParsePaymentStatus(s string) (PaymentStatus, error) {
	return parseEnum("payment status", s, PaymentStatus.Valid)
}

// customerID is the id of a possibly unexpanded, possibly null customer.
func customerID(c *stripe.Customer) string {
	if c == nil {
		return ""
	}
	return c.ID
}

// paymentMethodIDs returns the id of an intent's payment method and the
// Financial Connections account behind it (empty when not expanded or
// entered by hand).
func paymentMethodIDs(pm *stripe.PaymentMethod) (id, account string) {
	if pm == nil {
		return "", ""
	}
	if pm.USBankAccount != nil {
		account = pm.USBankAccount.FinancialConnectionsAccount
	}
	return pm.ID, account
}

// lastError returns the code and redacted message of an intent's last
// payment or setup error.
func lastError(e *stripe.Error) (code, msg string) {
	if e == nil {
		return "", ""
	}
	return string(e.Code), redact(e.Msg)
}

// usBankAccount is the payment method type of every intent created here.
const usBankAccount = "us_bank_account"

// intentFields are the parameters PaymentIntents and SetupIntents share:
// SetupIntentParams converts to it, PaymentIntentParams (which adds Amount)
// through fields.
type intentFields SetupIntentParams

func (p PaymentIntentParams) fields() intentFields {
	return intentFields{
		Account: p.Account, Customer: p.Customer, CustomerAccount: p.CustomerAccount,
		BillingName: p.BillingName, BillingEmail: p.BillingEmail, VerificationMethod: p.VerificationMethod,
		Permissions: p.Permissions, Prefetch: p.Prefetch, Confirm: p.Confirm, Mandate: p.Mandate,
		Description: p.Description, Metadata: p.Metadata, IdempotencyKey: p.IdempotencyKey,
		AccountRead: p.AccountRead,
	}
}

// checkIntent validates the shared parameters, then reads the account and
// checks it with ach.Check, by the rule of
// [PaymentIntentParams.IdempotencyKey]: without a key an ineligible account
// is refused here; with a key the *ach.IneligibleError is returned as
// ineligible, for createRefused and acceptedIneligible, and the create goes
// ahead.
func (c *Client) checkIntent(ctx context.Context, op string, p intentFields) (ineligible *ach.IneligibleError, err error) {
	switch {
	case p.Account == "":
		return nil, paramErr(op, "", "account", "the financial connections account is required", nil)
	case p.Customer != "" && p.CustomerAccount != "":
		return nil, paramErr(op, p.Account, "customer", "set either Customer or CustomerAccount, not both", nil)
	case p.Customer == "" && p.CustomerAccount == "":
		return nil, paramErr(op, p.Account, "customer", "Customer or CustomerAccount is required", nil)
	case strings.TrimSpace(p.BillingName) == "":
		return nil, paramErr(op, p.Account, "billing_name", "the account holder's name is required", nil)
	case !p.VerificationMethod.Valid():
		return nil, paramErr(op, p.Account, "verification_method", "", p.VerificationMethod.Validate())
	case !p.VerificationMethod.UsesFinancialConnections():
		return nil, paramErr(op, p.Account, "verification_method", "microdeposits cannot verify a financial connections account", ach.ErrInvalidVerificationMethod)
	case !p.Permissions.IsEmpty() && !p.Permissions.Has(permissions.PaymentMethod):
		return nil, paramErr(op, p.Account, "permissions", "must include payment_method", nil)
	}
	if err := checkIdempotencyKey(op, p.Account, p.IdempotencyKey); err != nil {
		return nil, err
	}
	switch {
	case p.Mandate != nil && !p.Confirm:
		return nil, paramErr(op, p.Account, "mandate", "mandate data is only sent when confirming (set Confirm)", nil)
	case p.Confirm && p.Mandate == nil:
		return nil, paramErr(op, p.Account, "mandate", "confirming an ACH debit needs the customer's acceptance", nil)
	}
	if len(p.Prefetch) > 0 {
		if p.Permissions.IsEmpty() {
			return nil, paramErr(op, p.Account, "prefetch", "prefetch needs Permissions", nil)
		}
		if err := permissions.ValidatePrefetch(p.Permissions, p.Prefetch...); err != nil {
			return nil, paramErr(op, p.Account, "prefetch", "each prefetch feature needs its permission", err)
		}
	}
	if err := c.checkMandate(op, p.Account, p.Mandate); err != nil {
		return nil, err
	}
	keyed := p.IdempotencyKey != ""
	if set, ok := c.perms.get(p.Account); ok && !set.Has(permissions.PaymentMethod) && !keyed {
		return nil, &Error{Op: op, ID: p.Account, Err: paymentPermissionErr(p.Account, nil)}
	}
	sa, err := c.accountToCheck(ctx, op, p.Account, p.AccountRead)
	if err != nil {
		return nil, err
	}
	e := ach.Check(sa)
	if e.OK() {
		return nil, nil
	}
	var ie *ach.IneligibleError
	switch {
	case !errors.As(e.Err(), &ie):
		return nil, &Error{Op: op, ID: p.Account, Err: e.Err()}
	case keyed:
		return ie, nil
	case slices.Contains(ie.Reasons, ach.ReasonPaymentMethodPermissionMissing):
		return nil, &Error{Op: op, ID: p.Account, Err: paymentPermissionErr(p.Account, ie)}
	}
	return nil, &Error{Op: op, ID: p.Account, Err: ie}
}

// createRefused wraps the error of a create. When the create was sent
// although ach.Check rejected the account (ineligible non-nil, see
// checkIntent) and Stripe definitely refused it (definiteRefusal), the
// *Error's cause is a *PermissionError carrying the verdict and Stripe's
// error, matching ach.ErrIneligible. Any other error is returned as
// wrapErr makes it: the outcome is unknown, the intent may exist, and
// saying "ineligible" would tell the caller that nothing was debited.
func createRefused(op, id string, err error, ineligible *ach.IneligibleError) error {
	err = wrapErr(op, id, err)
	var fe *Error
	if ineligible == nil || !errors.As(err, &fe) || !definiteRefusal(fe) {
		return err
	}
	out := *fe
	out.Err = refusedErr(id, ineligible, fe.Err)
	return &out
}

// definiteRefusal reports whether a failed create was refused by Stripe
// with nothing created: a *stripe.Error answered with 400 or 402, of type
// invalid_request_error or card_error, whose code is not about the
// idempotency key, and which carries no PaymentIntent or SetupIntent (a
// failed payment attached to an intent means the intent exists). Network
// and context errors, undecodable answers, 401, 403, 404 (the endpoint),
// 409, 429, 5xx and idempotency errors are not refusals: their outcome is
// unknown.
func definiteRefusal(fe *Error) bool {
	var se *stripe.Error
	if !errors.As(fe.Err, &se) || se.PaymentIntent != nil || se.SetupIntent != nil {
		return false
	}
	switch fe.HTTPStatus {
	case http.StatusBadRequest, http.StatusPaymentRequired:
	default:
		return false
	}
	switch stripe.ErrorType(fe.Type) {
	case stripe.ErrorTypeInvalidRequest, stripe.ErrorTypeCard:
	default:
		return false
	}
	switch fe.Code {
	case "idempotency_error", "idempotency_key_in_use":
		return false
	}
	return true
}

// acceptedIneligible logs, at warn level, a keyed create that Stripe
// accepted although ach.Check rejected the account (ineligible non-nil):
// the intent is returned, never reported as a failure, and the log says
// that the local check and Stripe disagree. Only ids and reasons are
// logged.
func (c *Client) acceptedIneligible(ctx context.Context, op, account, intent string, ineligible *ach.IneligibleError) {
	if ineligible == nil {
		return
	}
	c.warnAccepted(ctx, "stripe accepted an account the local ach check rejected", op,
		slog.String("account", redact(account)), intent, ineligible.Reasons)
}

// checkMandate validates the customer's acceptance, when there is one.
func (c *Client) checkMandate(op, id string, m *ach.CustomerAcceptance) error {
	if m == nil {
		return nil
	}
	if err := m.Validate(c.clock.Now()); err != nil {
		return paramErr(op, id, "mandate", "invalid customer acceptance", err)
	}
	return nil
}

// options returns payment_method_options[us_bank_account]: the
// verification method and the financial_connections permissions and
// prefetch; ok is false when none is set.
func (p intentFields) options() (vm *string, perms, prefetch []*string, ok bool) {
	if p.VerificationMethod != "" {
		vm = p.VerificationMethod.StripeParam()
	}
	if !p.Permissions.IsEmpty() {
		perms = p.Permissions.StripeParams()
		if len(p.Prefetch) > 0 {
			prefetch = permissions.PrefetchParams(p.Prefetch...)
		}
	}
	return vm, perms, prefetch, vm != nil || perms != nil
}

// createParams is the part of stripe-go's PaymentIntentCreateParams and
// SetupIntentCreateParams that finish fills in.
type createParams interface {
	stripe.ParamsContainer
	AddMetadata(key, value string)
}

// finish sets what goes into the embedded stripe.Params or the metadata:
// customer_account, metadata and the idempotency key.
func (p intentFields) finish(sp createParams) {
	if p.Customer == "" {
		sp.GetParams().AddExtra("customer_account", p.CustomerAccount)
	}
	for k, v := range p.Metadata {
		sp.AddMetadata(k, v)
	}
	setIdempotencyKey(sp.GetParams(), p.IdempotencyKey)
}

// setIdempotencyKey sets the idempotency key when not empty (stripe-go
// then sends a fresh one of its own). The context is not set here: the
// stripe-go v82 client methods set params.Context from their ctx argument.
func setIdempotencyKey(sp *stripe.Params, idempotencyKey string) {
	if idempotencyKey != "" {
		sp.SetIdempotencyKey(idempotencyKey)
	}
}

// newACHDebit is what every ACH Direct Debit PaymentIntent create sends
// (CreatePaymentIntent, CreateCollectPaymentIntent,
// CreateOffSessionPaymentIntent): the amount and its currency, the customer
// and description (left out when empty) and
// payment_method_types=[us_bank_account]. The caller adds the payment
// method part.
func newACHDebit(amount balances.Money, customer, description string) *stripe.PaymentIntentCreateParams {
	return &stripe.PaymentIntentCreateParams{
		Amount:             stripe.Int64(amount.Amount),
		Currency:           stripe.String(string(amount.Currency)),
		Customer:           optString(customer),
		Description:        optString(description),
		PaymentMethodTypes: []*string{stripe.String(usBankAccount)},
	}
}

// optString is nil for "", so that the parameter is left out.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return stripe.String(s)
}

// converted wraps the error of a stripe-go call or converts its result.
func converted[S, T any](op, id string, from func(*S) *T, s *S, err error) (*T, error) {
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return from(s), nil
}

// requireID rejects an empty object id.
func requireID(op, id, object string) error {
	if id == "" {
		return paramErr(op, "", "id", "empty "+object+" id", nil)
	}
	return nil
}

// checkConfirm validates the id (of an object such as "payment intent") and
// the ConfirmParams of a confirmation.
func (c *Client) checkConfirm(op, object, id string, p ConfirmParams, mandateIDAllowed bool) error {
	if err := requireID(op, id, object); err != nil {
		return err
	}
	switch {
	case p.Mandate != nil && p.MandateID != "":
		return paramErr(op, id, "mandate", "set either Mandate or MandateID, not both", nil)
	case p.Mandate == nil && p.MandateID == "":
		return paramErr(op, id, "mandate", "a mandate is required to confirm an ACH debit", nil)
	case p.MandateID != "" && !mandateIDAllowed:
		return paramErr(op, id, "mandate", "a SetupIntent is confirmed with the customer's acceptance", nil)
	}
	if err := checkIdempotencyKey(op, id, p.IdempotencyKey); err != nil {
		return err
	}
	return c.checkMandate(op, id, p.Mandate)
}
