package fincon

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
)

// OffSessionPaymentParams describes a later debit of a saved bank account:
// a PaymentIntent with payment_method, mandate, off_session=true and
// confirm=true, the customer not present. The PaymentMethod and Mandate
// come from a succeeded SetupIntent (or a PaymentIntent created with
// setup_future_usage).
type OffSessionPaymentParams struct {
	// PaymentMethod (pm_…) and Mandate (mandate_…) are required; the
	// mandate must be the payment method's multi_use mandate.
	PaymentMethod string
	Mandate       string
	// Customer (cus_…) or CustomerAccount (Accounts v2, acct_…) owns the
	// payment method; exactly one is required.
	Customer        string
	CustomerAccount string
	// Amount in minor units (cents), USD, [ach.MinAmount] to [ach.MaxAmount].
	Amount      balances.Money
	Description string
	Metadata    map[string]string
	// IdempotencyKey (e.g. "sub_42-2026-03") makes the debit exactly-once
	// across retries of the whole call; it meets ach.CheckSaved by the rule
	// of [PaymentIntentParams.IdempotencyKey]. Without a key, a payment
	// method or mandate the check rejects (blocked, mandate inactive, …) is
	// refused after the two reads, with an *Error whose cause is the
	// *ach.IneligibleError; with a key, Stripe's definite refusal
	// is an *Error matching the same sentinels (errors.As finds the
	// *ach.IneligibleError and Stripe's *stripe.Error).
	IdempotencyKey string
}

// checkOffSession validates the parameters of an off-session debit.
func checkOffSession(op string, p OffSessionPaymentParams) error {
	switch {
	case p.PaymentMethod == "":
		return paramErr(op, "", "payment_method", "the saved payment method is required", nil)
	case p.Mandate == "":
		return paramErr(op, p.PaymentMethod, "mandate", "the payment method's mandate is required", nil)
	case p.Customer != "" && p.CustomerAccount != "":
		return paramErr(op, p.PaymentMethod, "customer", "set either Customer or CustomerAccount, not both", nil)
	case p.Customer == "" && p.CustomerAccount == "":
		return paramErr(op, p.PaymentMethod, "customer", "Customer or CustomerAccount is required", nil)
	}
	if err := checkIdempotencyKey(op, p.PaymentMethod, p.IdempotencyKey); err != nil {
		return err
	}
	if err := ach.ValidateAmount(p.Amount.Amount, string(p.Amount.Currency)); err != nil {
		return paramErr(op, p.PaymentMethod, "amount", "invalid ACH amount", err)
	}
	return nil
}

// CheckSavedPaymentMethod reads a saved payment method and its mandate (two
// requests) and applies ach.CheckSaved. It returns the verdict; err is set
// only when a read failed (*Error) or an id is empty (ErrInvalidParams).
func (c *Client) CheckSavedPaymentMethod(ctx context.Context, paymentMethod, mandate string) (ach.SavedEligibility, error) {
	const op = "check saved payment method"
	_, _, e, err := c.readSaved(ctx, op, paymentMethod, mandate)
	return e, err
}

// readSaved reads the payment method and mandate and checks them.
func (c *Client) readSaved(ctx context.Context, op, pmID, mandateID string) (*PaymentMethod, *Mandate, ach.SavedEligibility, error) {
	if err := requireID(op, pmID, "payment method"); err != nil {
		return nil, nil, ach.SavedEligibility{}, err
	}
	if err := requireID(op, mandateID, "mandate"); err != nil {
		return nil, nil, ach.SavedEligibility{}, err
	}
	pm, err := c.GetPaymentMethod(ctx, pmID)
	if err != nil {
		return nil, nil, ach.SavedEligibility{}, relabel(err, op)
	}
	m, err := c.GetMandate(ctx, mandateID)
	if err != nil {
		return nil, nil, ach.SavedEligibility{}, relabel(err, op)
	}
	return pm, m, ach.CheckSaved(pm.raw, m.raw), nil
}

// relabel sets the operation of an *Error returned by a read that is part
// of op.
func relabel(err error, op string) error {
	var fe *Error
	if !errors.As(err, &fe) {
		return err
	}
	out := *fe
	out.Op = op
	return &out
}

// CreateOffSessionPaymentIntent debits a saved bank account: it validates
// the parameters (ErrInvalidParams, no request: payment_method, mandate,
// customer, idempotency_key, amount — the amount cause also matching
// ach.ErrInvalidAmount or ach.ErrUnsupportedCurrency), reads the payment
// method and the mandate and checks them with ach.CheckSaved (a blocked
// payment method matches ach.ErrPaymentMethodBlocked, an inactive mandate
// ach.ErrMandateInactive, both ach.ErrIneligible), refuses a payment
// method attached to another customer (ErrInvalidParams), then creates the
// PaymentIntent with payment_method, mandate, off_session and confirm. The
// PaymentIntent is processing; it settles like any ACH debit (succeeded,
// or requires_payment_method after a return such as R01). See
// [OffSessionPaymentParams.IdempotencyKey] for how a key meets the check.
func (c *Client) CreateOffSessionPaymentIntent(ctx context.Context, p OffSessionPaymentParams) (*PaymentIntent, error) {
	const op = "create off-session payment intent"
	if err := checkOffSession(op, p); err != nil {
		return nil, err
	}
	pm, _, e, err := c.readSaved(ctx, op, p.PaymentMethod, p.Mandate)
	if err != nil {
		return nil, err
	}
	if p.Customer != "" && pm.Customer != "" && pm.Customer != p.Customer {
		return nil, paramErr(op, p.PaymentMethod, "customer", "the payment method is attached to another customer", nil)
	}
	var ineligible *ach.IneligibleError
	if !e.OK() {
		errors.As(e.Err(), &ineligible)
		if p.IdempotencyKey == "" {
			return nil, &Error{Op: op, ID: p.PaymentMethod, Err: ineligible}
		}
	}
	sp := newACHDebit(p.Amount, p.Customer, p.Description)
	sp.PaymentMethod = stripe.String(p.PaymentMethod)
	sp.Mandate = stripe.String(p.Mandate)
	sp.OffSession, sp.Confirm = stripe.Bool(true), stripe.Bool(true)
	intentRequest(sp, p.CustomerAccount, p.Metadata, p.IdempotencyKey)
	pi, err := c.sc.V1PaymentIntents.Create(ctx, sp)
	if err != nil {
		err = wrapErr(op, p.PaymentMethod, err)
		var fe *Error
		if ineligible != nil && errors.As(err, &fe) && definiteRefusal(fe) {
			out := *fe
			// The cause: the verdict, which matches what it matches
			// (ach.ErrIneligible, ach.ErrMandateInactive,
			// ach.ErrPaymentMethodBlocked), and Stripe's refusal.
			out.Err = &joined{msg: ineligible.Error() + refusedText(fe.Err), errs: nonNil(ineligible, fe.Err)}
			return nil, &out
		}
		return nil, err
	}
	out := paymentIntentFromStripe(pi)
	if ineligible != nil {
		c.warnAccepted(ctx, "stripe accepted a saved payment method the local ach check rejected", op,
			slog.String("payment_method", redact(p.PaymentMethod)), out.ID, ineligible.Reasons)
	}
	return out, nil
}

// warnAccepted logs, at warn level, a keyed create that Stripe accepted
// although the local check rejected what it debits (subject: the account or
// payment method): the intent is returned, never reported as a failure.
// Only ids and reasons are logged.
func (c *Client) warnAccepted(ctx context.Context, msg, op string, subject slog.Attr, intent string, reasons []ach.Reason) {
	if c.logger == nil {
		return
	}
	rs := make([]string, len(reasons))
	for i, r := range reasons {
		rs[i] = string(r)
	}
	c.logger.LogAttrs(ctx, slog.LevelWarn, msg, slog.String("op", op), subject,
		slog.String("intent", redact(intent)), slog.String("reasons", strings.Join(rs, ",")))
}
