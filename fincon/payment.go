package fincon

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/internal/stripetime"
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
	// with Confirm). With an IdempotencyKey, store it with the order —
	// AcceptedAt, IPAddress and UserAgent exactly as first sent — and
	// replay it on every retry: it is part of the request's parameters, so
	// a retry that rebuilds it (say with AcceptedAt = now) is refused by
	// Stripe with a 400 idempotency_error (an *Error with Type
	// "idempotency_error") instead of returning the PaymentIntent.
	Mandate     *ach.CustomerAcceptance
	Description string
	Metadata    map[string]string
	// IdempotencyKey, e.g. an order id, makes the creation exactly-once
	// even across process restarts. Stripe replays the first answer only to
	// a request with the same parameters, so a retry, in this process or
	// after a restart, must rebuild the params from what was stored with
	// the order: the same Account, Customer, Amount, BillingName,
	// Description, Metadata and Mandate (see Mandate). Without a key each
	// call gets a fresh key (reused by transport retries of that call
	// only).
	//
	// How the key meets the account check (ach.Check). Without a key, an
	// account the check rejects is refused before any create request, with
	// an error matching ach.ErrIneligible: after the one account read, or
	// with no request at all when the client already knows that the
	// account lacks the payment_method permission (*PaymentPermissionError,
	// which also matches ErrPermissionNotGranted, whichever way it was
	// found).
	//
	// With a key, the create is never refused locally, because the library
	// cannot tell a first attempt from a retry of one Stripe already
	// committed: the account may have become ineligible (disconnected, say)
	// after the PaymentIntent was created, and Stripe then replays it. The
	// account is still read and checked, the create is sent anyway, and
	// Stripe's answer is authoritative:
	//
	//   - a PaymentIntent (a replay, or Stripe accepted an account the local
	//     check rejected) is returned without error — a committed payment is
	//     never reported as failed; the disagreement is logged at warn level
	//     to the WithLogger logger, with the check's reasons;
	//   - a definite refusal (a 400 or 402 invalid_request_error or
	//     card_error that is not about the key and carries no intent) means
	//     nothing was created: the error matches ach.ErrIneligible and wraps
	//     Stripe's (*IneligibleAccountError);
	//   - any other failure — a network error, a cancelled or expired
	//     context, a 5xx, a 409 idempotency_key_in_use, a 400
	//     idempotency_error, a 401 — leaves the outcome unknown: a
	//     PaymentIntent may exist. The plain *Error does not match
	//     ach.ErrIneligible; retry with the same key and parameters to learn
	//     the outcome.
	//
	// The cost of this rule: a new key on an ineligible account spends one
	// create request, which Stripe refuses, after the account read.
	IdempotencyKey string
	// AccountRead is the caller's own read of Account (from FreshBalance,
	// GetAccount, ListAccounts…), or nil. When set, the account check
	// (ach.Check) uses it instead of reading the account again, so the
	// create is the only request: a bulk debit job holding each account
	// gets one payment per request instead of one per two. Its ID must be
	// Account's, or the create fails with ErrInvalidParams before any
	// request. It is checked as Account.CheckACH checks it, as it stands
	// however old: an account disconnected since is refused by Stripe
	// instead, and that error is returned.
	AccountRead *Account
}

// SetupIntentParams describes an ACH SetupIntent from a linked account, to
// debit it later. Its fields mean what PaymentIntentParams' do; in
// particular a retry with IdempotencyKey must replay the Mandate stored
// with the first call, and the account check meets the key the same way
// (see PaymentIntentParams.IdempotencyKey): without a key an account
// ach.Check rejects is refused with no create request (and, when the
// client knows the account lacks payment_method, no request at all); with
// a key the create is always sent and Stripe's answer decides — a
// SetupIntent is returned, a definite refusal matches ach.ErrIneligible,
// anything else leaves the outcome unknown.
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
	// PaymentIntentParams.IdempotencyKey).
	IdempotencyKey string
	// AccountRead is the caller's own read of Account, used for the check
	// instead of a new read (see PaymentIntentParams.AccountRead).
	AccountRead *Account
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

// Valid reports whether s is one of the statuses above.
func (s PaymentStatus) Valid() bool {
	switch s {
	case PaymentRequiresPaymentMethod, PaymentRequiresConfirmation, PaymentRequiresAction,
		PaymentProcessing, PaymentRequiresCapture, PaymentCanceled, PaymentSucceeded:
		return true
	}
	return false
}

// ParsePaymentStatus returns the PaymentStatus named s, or an *EnumError
// (ErrUnknownValue).
func ParsePaymentStatus(s string) (PaymentStatus, error) {
	return parseEnum("payment status", s, PaymentStatus.Valid)
}

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
	// Return is the NACHA return of a failed ACH debit, read with
	// ach.ReturnFromPaymentIntent from last_payment_error (and the
	// latest_charge when expanded); nil when the last failure, if any, is
	// not an ACH return. Its MayRepresent and StopDebits say whether the
	// debit may be retried and whether the payment method may be debited
	// again.
	Return   *ach.Return
	Created  time.Time
	Livemode bool

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
		Customer:     customerID(pi.Customer),
		ClientSecret: Secret(pi.ClientSecret),
		Created:      stripetime.Time(pi.Created),
		Livemode:     pi.Livemode,
		raw:          pi,
	}
	p.PaymentMethod, p.FinancialConnectionsAccount = paymentMethodIDs(pi.PaymentMethod)
	if pi.NextAction != nil {
		p.NextAction = string(pi.NextAction.Type)
	}
	p.LastErrorCode, p.LastErrorMessage = lastError(pi.LastPaymentError)
	if r, ok := ach.ReturnFromPaymentIntent(pi); ok {
		p.Return = &r
	}
	return p
}

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
// checks it with ach.Check. Without an idempotency key an ineligible
// account is refused here: with no request at all when the permission
// cache already says it lacks payment_method, after the account read
// otherwise; both give a *PaymentPermissionError for a missing
// payment_method permission. With a key the account is always read and an
// ineligible one is no error: the *ach.IneligibleError is returned as
// ineligible, for createRefused and acceptedIneligible, and the create goes
// ahead (see PaymentIntentParams.IdempotencyKey).
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
	case len(p.IdempotencyKey) > 255:
		return nil, paramErr(op, p.Account, "idempotency_key", "at most 255 characters", nil)
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
// *Error's cause is an *IneligibleAccountError, matching both
// ach.ErrIneligible and Stripe's error. Any other error is returned as
// wrapErr makes it: the outcome is unknown, the intent may exist, and
// saying "ineligible" would tell the caller that nothing was debited.
func createRefused(op, id string, err error, ineligible *ach.IneligibleError) error {
	err = wrapErr(op, id, err)
	var fe *Error
	if ineligible == nil || !errors.As(err, &fe) || !definiteRefusal(fe) {
		return err
	}
	out := *fe
	out.Err = &IneligibleAccountError{Ineligible: ineligible, Err: fe.Err}
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
// customer_account, metadata, the idempotency key and the context.
func (p intentFields) finish(ctx context.Context, sp createParams) {
	if p.Customer == "" {
		sp.GetParams().AddExtra("customer_account", p.CustomerAccount)
	}
	for k, v := range p.Metadata {
		sp.AddMetadata(k, v)
	}
	setRequest(ctx, sp.GetParams(), p.IdempotencyKey)
}

// setRequest sets the idempotency key (when not empty) and the context.
func setRequest(ctx context.Context, sp *stripe.Params, idempotencyKey string) {
	if idempotencyKey != "" {
		sp.SetIdempotencyKey(idempotencyKey)
	}
	sp.Context = ctx
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

// CreatePaymentIntent creates an ACH Direct Debit PaymentIntent that debits
// a linked account. It validates the parameters, reads the account and
// checks it with ach.Check (one request; the error matches
// ach.ErrIneligible, and for a missing payment_method permission also
// ErrPermissionNotGranted), then creates the PaymentIntent, confirmed at
// once when p.Confirm is set. Pass p.IdempotencyKey to make the creation
// exactly-once across retries of the whole call; a retry must send the
// same parameters, mandate included. With a key, an ineligible account
// does not stop the create, so that a retry still gets the PaymentIntent an
// earlier call created; Stripe's answer decides, and only its definite
// refusal matches ach.ErrIneligible (*IneligibleAccountError). See
// PaymentIntentParams.IdempotencyKey for the whole rule.
func (c *Client) CreatePaymentIntent(ctx context.Context, p PaymentIntentParams) (*PaymentIntent, error) {
	const op = "create payment intent"
	if err := ach.ValidateAmount(p.Amount.Amount, string(p.Amount.Currency)); err != nil {
		return nil, paramErr(op, p.Account, "amount", "invalid ACH amount", err)
	}
	f := p.fields()
	ineligible, err := c.checkIntent(ctx, op, f)
	if err != nil {
		return nil, err
	}
	sp := &stripe.PaymentIntentCreateParams{
		Amount:             stripe.Int64(p.Amount.Amount),
		Currency:           stripe.String(string(p.Amount.Currency)),
		Customer:           optString(p.Customer),
		Description:        optString(p.Description),
		PaymentMethodTypes: []*string{stripe.String(usBankAccount)},
		PaymentMethodData: &stripe.PaymentIntentCreatePaymentMethodDataParams{
			Type:           stripe.String(usBankAccount),
			USBankAccount:  &stripe.PaymentMethodUSBankAccountParams{FinancialConnectionsAccount: stripe.String(p.Account)},
			BillingDetails: &stripe.PaymentIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String(p.BillingName), Email: optString(p.BillingEmail)},
		},
	}
	if vm, perms, prefetch, ok := f.options(); ok {
		usb := &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{VerificationMethod: vm}
		if perms != nil {
			usb.FinancialConnections = &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{Permissions: perms, Prefetch: prefetch}
		}
		sp.PaymentMethodOptions = &stripe.PaymentIntentCreatePaymentMethodOptionsParams{USBankAccount: usb}
	}
	if p.Confirm {
		sp.Confirm = stripe.Bool(true)
		sp.MandateData = p.Mandate.PaymentIntentCreateMandateData()
	}
	f.finish(ctx, sp)
	pi, err := c.sc.V1PaymentIntents.Create(ctx, sp)
	if err != nil {
		return nil, createRefused(op, p.Account, err, ineligible)
	}
	out := paymentIntentFromStripe(pi)
	c.acceptedIneligible(ctx, op, p.Account, out.ID, ineligible)
	return out, nil
}

// ConfirmPaymentIntent confirms a PaymentIntent with the customer's
// acceptance (a new mandate) or an existing mandate id — exactly one.
func (c *Client) ConfirmPaymentIntent(ctx context.Context, id string, p ConfirmParams) (*PaymentIntent, error) {
	const op = "confirm payment intent"
	if err := c.checkConfirm(op, "payment intent", id, p, true); err != nil {
		return nil, err
	}
	sp := &stripe.PaymentIntentConfirmParams{}
	if p.Mandate != nil {
		sp.MandateData = p.Mandate.PaymentIntentMandateData()
	} else {
		sp.Mandate = stripe.String(p.MandateID)
	}
	setRequest(ctx, &sp.Params, p.IdempotencyKey)
	pi, err := c.sc.V1PaymentIntents.Confirm(ctx, id, sp)
	return converted(op, id, paymentIntentFromStripe, pi, err)
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
	case len(p.IdempotencyKey) > 255:
		return paramErr(op, id, "idempotency_key", "at most 255 characters", nil)
	}
	return c.checkMandate(op, id, p.Mandate)
}

// CreateSetupIntent creates an ACH SetupIntent from a linked account, to
// debit it later without the customer present. Like CreatePaymentIntent, it
// checks the account with ach.Check first, and with an IdempotencyKey sends
// the create anyway (see PaymentIntentParams.IdempotencyKey).
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
	f.finish(ctx, sp)
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
	setRequest(ctx, &sp.Params, p.IdempotencyKey)
	si, err := c.sc.V1SetupIntents.Confirm(ctx, id, sp)
	return converted(op, id, setupIntentFromStripe, si, err)
}

// GetPaymentIntent retrieves a PaymentIntent, to follow an ACH debit from
// processing to succeeded (or to a failure such as R01).
func (c *Client) GetPaymentIntent(ctx context.Context, id string) (*PaymentIntent, error) {
	const op = "get payment intent"
	if err := requireID(op, id, "payment intent"); err != nil {
		return nil, err
	}
	p := &stripe.PaymentIntentRetrieveParams{}
	p.Context = ctx
	pi, err := c.sc.V1PaymentIntents.Retrieve(ctx, id, p)
	return converted(op, id, paymentIntentFromStripe, pi, err)
}

// FinancialConnectionsAccountOf returns the fca_… id of the account behind a
// PaymentIntent's (pi_…) or SetupIntent's (seti_…) payment method (one
// request, expanding payment_method). It fails with
// ErrNoFinancialConnectionsAccount when the account details were entered by
// hand (or the payment method is not a US bank account); BankAccountOf
// reports a hand-entered account as a typed outcome instead.
func (c *Client) FinancialConnectionsAccountOf(ctx context.Context, intentID string) (string, error) {
	const op = "get payment intent account"
	pm, err := c.intentPaymentMethod(ctx, op, intentID)
	if err != nil {
		return "", err
	}
	if _, fca := paymentMethodIDs(pm); fca != "" {
		return fca, nil
	}
	return "", &Error{Op: op, ID: intentID, Err: ErrNoFinancialConnectionsAccount}
}
