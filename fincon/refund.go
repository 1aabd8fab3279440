package fincon

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/internal/stripetime"
)

// RefundStatus is a Refund's status. An ACH refund is pending until the
// customer's bank accepts the credit, then succeeded, or failed when the
// bank refuses it; a refund of a payment that then fails is canceled
// (see [Client.RefundPaymentIntent]). Source: Stripe API reference, "The
// Refund object", status.
type RefundStatus string

// Refund statuses.
const (
	RefundPending        RefundStatus = "pending"
	RefundRequiresAction RefundStatus = "requires_action"
	RefundSucceeded      RefundStatus = "succeeded"
	RefundFailed         RefundStatus = "failed"
	RefundCanceled       RefundStatus = "canceled"
)

// Valid reports whether s is one of the statuses above.
func (s RefundStatus) Valid() bool {
	switch s {
	case RefundPending, RefundRequiresAction, RefundSucceeded, RefundFailed, RefundCanceled:
		return true
	}
	return false
}

// Final reports whether s is an end state: succeeded, failed or canceled.
func (s RefundStatus) Final() bool {
	return s == RefundSucceeded || s == RefundFailed || s == RefundCanceled
}

// ParseRefundStatus returns the RefundStatus named s, or an error
// matching ErrUnknownValue.
func ParseRefundStatus(s string) (RefundStatus, error) {
	return parseEnum("refund status", s, RefundStatus.Valid)
}

// RefundReason is the reason given for a refund (Stripe's reason
// parameter). The zero value sends none.
type RefundReason string

// Refund reasons Stripe accepts.
const (
	RefundDuplicate           RefundReason = "duplicate"
	RefundFraudulent          RefundReason = "fraudulent"
	RefundRequestedByCustomer RefundReason = "requested_by_customer"
)

// Valid reports whether r is the zero value or one of the reasons above.
func (r RefundReason) Valid() bool {
	switch r {
	case "", RefundDuplicate, RefundFraudulent, RefundRequestedByCustomer:
		return true
	}
	return false
}

// RefundParams describes a refund of an ACH PaymentIntent.
type RefundParams struct {
	// Amount in cents; 0 refunds everything not yet refunded. Must not be
	// negative.
	Amount int64
	// Reason is optional.
	Reason   RefundReason
	Metadata map[string]string
	// IdempotencyKey, e.g. "refund-" plus the order id, makes the refund
	// exactly-once across retries of the whole call and restarts; a retry
	// must send the same Amount, Reason and Metadata. The key is also
	// stored in the refund's metadata under [RefundKeyMetadata], so that
	// a retry's local limit check does not count the refund its first
	// attempt created.
	IdempotencyKey string
}

// RefundKeyMetadata is the metadata key under which RefundPaymentIntent
// stores the caller's idempotency key on the refund.
const RefundKeyMetadata = "fcsdk_idempotency_key"

// Refund is the part of a Stripe Refund an ACH integration needs.
type Refund struct {
	ID            string
	PaymentIntent string
	// Charge is the charge refunded; "" while the payment is processing
	// when the backend has not created the charge yet.
	Charge string
	Amount balances.Money
	Status RefundStatus
	Reason RefundReason
	// FailureReason is Stripe's failure_reason when Status is failed
	// (e.g. "declined"), else "".
	FailureReason string
	Metadata      map[string]string
	Created       time.Time

	raw *stripe.Refund
}

// Stripe returns the stripe-go object (read-only).
func (r *Refund) Stripe() *stripe.Refund { return r.raw }

func refundFromStripe(r *stripe.Refund) *Refund {
	out := &Refund{
		ID: r.ID, Amount: balances.Money{Amount: r.Amount, Currency: balances.Currency(strings.ToLower(string(r.Currency)))},
		Status: RefundStatus(r.Status), Reason: RefundReason(r.Reason), FailureReason: string(r.FailureReason),
		Metadata: r.Metadata, Created: stripetime.Time(r.Created), raw: r,
	}
	if r.PaymentIntent != nil {
		out.PaymentIntent = r.PaymentIntent.ID
	}
	if r.Charge != nil {
		out.Charge = r.Charge.ID
	}
	return out
}

// Causes of a refund refused before the create request; they arrive
// wrapped in an *Error.
var (
	// ErrNotRefundable: the PaymentIntent has no payment to refund: it is
	// neither processing nor succeeded. The error text names its status.
	ErrNotRefundable = errors.New("fincon: payment intent not refundable")
	// ErrRefundWindowClosed: more than [RefundWindow] has passed since the
	// payment was created.
	ErrRefundWindowClosed = errors.New("fincon: ach refund window closed")
	// ErrRefundExceedsCaptured: the refunds would total more than the
	// amount captured (see *RefundLimitError).
	ErrRefundExceedsCaptured = errors.New("fincon: refunds exceed the amount captured")
)

// RefundWindow is how long after an ACH payment a refund may be
// initiated: 180 days (support.stripe.com/questions/refunds-for-ach-direct-debit-payments).
const RefundWindow = 180 * 24 * time.Hour

// RefundLimitError says a refund would take the refunds of a payment past
// the amount captured. Amounts are in cents. It matches
// ErrRefundExceedsCaptured.
type RefundLimitError struct {
	// Requested is the refund asked for (0: the rest).
	Requested int64
	// Refunded is the total of the payment's pending and succeeded
	// refunds.
	Refunded int64
	// Captured is the amount of the payment (amount_received once it
	// succeeded, the amount while it is processing).
	Captured int64
}

// Error implements error, e.g. "fincon: refunds exceed the amount
// captured: requested 6000, already refunded 0 of 5000 cents".
func (e *RefundLimitError) Error() string {
	return fmt.Sprintf("%v: requested %d, already refunded %d of %d cents", ErrRefundExceedsCaptured, e.Requested, e.Refunded, e.Captured)
}

// Is matches ErrRefundExceedsCaptured.
func (e *RefundLimitError) Is(target error) bool { return target == ErrRefundExceedsCaptured }

// RefundPaymentIntent refunds all (p.Amount 0) or part of an ACH
// PaymentIntent. It reads the PaymentIntent and lists its refunds (two
// requests, more for a payment with over 100 refunds) and refuses locally,
// before any create request:
//
//   - a PaymentIntent neither processing nor succeeded: ErrNotRefundable,
//     the text naming its status;
//   - one created more than RefundWindow (180 days) ago:
//     ErrRefundWindowClosed;
//   - a refund that would take the pending and succeeded refunds past the
//     amount captured: *RefundLimitError (ErrRefundExceedsCaptured). A
//     refund carrying p.IdempotencyKey in its metadata is a retry's first
//     attempt and is not counted: the create is sent and Stripe replays it.
//
// Stripe's documented behaviour for ACH (support.stripe.com/questions/refunds-for-ach-direct-debit-payments):
// "A refund can only be processed once the payment process has been
// completed. If the payment fails, the full or partial refund will be
// marked as cancelled because the money was never debited from the
// customer's bank account." So a refund of a processing PaymentIntent is
// accepted and stays pending; once the payment succeeds it is sent and
// becomes succeeded or failed (typically three business days later), and
// when the payment fails it becomes canceled. Follow it with GetRefund or
// the refund.updated and refund.failed webhooks.
//
// Invalid parameters (empty id, negative Amount, unknown Reason, a key
// too long) are a *ParamError (ErrInvalidParams) with no request.
func (c *Client) RefundPaymentIntent(ctx context.Context, paymentIntentID string, p RefundParams) (*Refund, error) {
	const op = "refund payment intent"
	id := paymentIntentID
	if err := requireID(op, id, "payment intent"); err != nil {
		return nil, err
	}
	switch {
	case p.Amount < 0:
		return nil, paramErr(op, id, "amount", "must not be negative", nil)
	case !p.Reason.Valid():
		return nil, paramErr(op, id, "reason", "unknown refund reason (valid: duplicate, fraudulent, requested_by_customer, or none)", nil)
	}
	if err := checkIdempotencyKey(op, id, p.IdempotencyKey); err != nil {
		return nil, err
	}
	pi, err := c.GetPaymentIntent(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := c.checkRefund(ctx, op, pi, p); err != nil {
		return nil, err
	}
	sp := &stripe.RefundCreateParams{PaymentIntent: stripe.String(id)}
	if p.Amount > 0 {
		sp.Amount = stripe.Int64(p.Amount)
	}
	if p.Reason != "" {
		sp.Reason = stripe.String(string(p.Reason))
	}
	for k, v := range p.Metadata {
		sp.AddMetadata(k, v)
	}
	if p.IdempotencyKey != "" {
		sp.AddMetadata(RefundKeyMetadata, p.IdempotencyKey)
		sp.SetIdempotencyKey(p.IdempotencyKey)
	}
	r, err := c.sc.V1Refunds.Create(ctx, sp)
	return converted(op, id, refundFromStripe, r, err)
}

// checkRefund applies the local rules of RefundPaymentIntent.
func (c *Client) checkRefund(ctx context.Context, op string, pi *PaymentIntent, p RefundParams) error {
	var captured int64
	switch pi.Status {
	case PaymentSucceeded:
		captured = pi.raw.AmountReceived
	case PaymentProcessing:
		captured = pi.Amount.Amount
	default:
		return &Error{Op: op, ID: pi.ID, Err: fmt.Errorf("%w: status %s", ErrNotRefundable, pi.Status)}
	}
	if !pi.Created.IsZero() && c.clock.Now().Sub(pi.Created) > RefundWindow {
		return &Error{Op: op, ID: pi.ID, Err: ErrRefundWindowClosed}
	}
	var refunded int64
	for r, err := range c.ListRefunds(ctx, pi.ID) {
		if err != nil {
			return err
		}
		if p.IdempotencyKey != "" && r.Metadata[RefundKeyMetadata] == p.IdempotencyKey {
			return nil // a retry: Stripe replays the first answer
		}
		if r.Status == RefundPending || r.Status == RefundSucceeded || r.Status == RefundRequiresAction {
			refunded += r.Amount.Amount
		}
	}
	if remaining := captured - refunded; remaining <= 0 || p.Amount > remaining {
		return &Error{Op: op, ID: pi.ID, Err: &RefundLimitError{Requested: p.Amount, Refunded: refunded, Captured: captured}}
	}
	return nil
}

// GetRefund retrieves a refund, to follow it from pending to succeeded,
// failed or canceled.
func (c *Client) GetRefund(ctx context.Context, id string) (*Refund, error) {
	const op = "get refund"
	if err := requireID(op, id, "refund"); err != nil {
		return nil, err
	}
	r, err := c.sc.V1Refunds.Retrieve(ctx, id, &stripe.RefundRetrieveParams{})
	return converted(op, id, refundFromStripe, r, err)
}

// ListRefunds lists a PaymentIntent's refunds, newest first, 100 per page,
// fetching pages as the sequence is ranged over. An error is always the
// last element.
func (c *Client) ListRefunds(ctx context.Context, paymentIntentID string) iter.Seq2[*Refund, error] {
	const op = "list refunds"
	return func(yield func(*Refund, error) bool) {
		if err := requireID(op, paymentIntentID, "payment intent"); err != nil {
			yield(nil, err)
			return
		}
		lp := &stripe.RefundListParams{PaymentIntent: stripe.String(paymentIntentID)}
		lp.Limit = stripe.Int64(100)
		for r, err := range c.sc.V1Refunds.List(ctx, lp) {
			if err != nil {
				yield(nil, wrapErr(op, paymentIntentID, err))
				return
			}
			if !yield(refundFromStripe(r), nil) {
				return
			}
		}
	}
}
