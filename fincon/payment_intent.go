package fincon

import (
	"context"
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
	// even across process restarts (the package documentation, under
	// Retries, gives the key's length limit). Stripe replays the first
	// answer only to a request with the same parameters, so a retry, in
	// this process or after a restart, must rebuild the params from what
	// was stored with the order: the same Account, Customer, Amount,
	// BillingName, Description, Metadata and Mandate (see Mandate). Without
	// a key each call gets a fresh key (reused by transport retries of that
	// call only).
	//
	// How the key meets the account check (ach.Check). Without a key, an
	// account the check rejects is refused before any create request, with
	// an error matching ach.ErrIneligible: after the one account read, or
	// with no request at all when the client already knows that the
	// account lacks the payment_method permission (a *PermissionError,
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
	//     Stripe's (a *PermissionError with Ineligible and Err);
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

// CreatePaymentIntent creates an ACH Direct Debit PaymentIntent that debits
// a linked account. It validates the parameters, reads the account and
// checks it with ach.Check (one request; the error matches
// ach.ErrIneligible, and for a missing payment_method permission also
// ErrPermissionNotGranted), then creates the PaymentIntent, confirmed at
// once when p.Confirm is set. Pass p.IdempotencyKey to make the creation
// exactly-once across retries of the whole call; with a key an ineligible
// account does not stop the create (see
// [PaymentIntentParams.IdempotencyKey]).
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
	sp := newACHDebit(p.Amount, p.Customer, p.Description)
	sp.PaymentMethodData = &stripe.PaymentIntentCreatePaymentMethodDataParams{
		Type:           stripe.String(usBankAccount),
		USBankAccount:  &stripe.PaymentMethodUSBankAccountParams{FinancialConnectionsAccount: stripe.String(p.Account)},
		BillingDetails: &stripe.PaymentIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String(p.BillingName), Email: optString(p.BillingEmail)},
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
	f.finish(sp)
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
	setIdempotencyKey(&sp.Params, p.IdempotencyKey)
	pi, err := c.sc.V1PaymentIntents.Confirm(ctx, id, sp)
	return converted(op, id, paymentIntentFromStripe, pi, err)
}

// GetPaymentIntent retrieves a PaymentIntent, to follow an ACH debit from
// processing to succeeded (or to a failure such as R01).
func (c *Client) GetPaymentIntent(ctx context.Context, id string) (*PaymentIntent, error) {
	const op = "get payment intent"
	if err := requireID(op, id, "payment intent"); err != nil {
		return nil, err
	}
	p := &stripe.PaymentIntentRetrieveParams{}
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
