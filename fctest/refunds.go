package fctest

import (
	"fmt"
	"strconv"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// Refund events, as Stripe names them.
const (
	EventRefundCreated       = "refund.created"
	EventRefundUpdated       = "refund.updated"
	EventRefundFailed        = "refund.failed"
	EventChargeRefunded      = "charge.refunded"
	EventChargeRefundUpdated = "charge.refund.updated"
)

// Refund rules for ACH Direct Debit, from Stripe's "Refunds for ACH Direct
// Debit payments" (support.stripe.com/questions/refunds-for-ach-direct-debit-payments):
// a refund must be initiated within 180 days of the original payment; it
// is processed only once the payment has completed (a refund of a
// processing payment stays pending until then, and is canceled if the
// payment fails, since no money was debited); it typically takes three
// business days to arrive.
const (
	RefundWindow       = 180 * 24 * time.Hour
	RefundBusinessDays = 3
)

// Refund statuses the simulator uses.
const (
	refundPending   = "pending"
	refundSucceeded = "succeeded"
	refundFailed    = "failed"
	refundCanceled  = "canceled"
)

const (
	codeChargeAlreadyRefunded = "charge_already_refunded"
	codeChargeNotRefundable   = "charge_not_refundable"
)

var (
	refundCreateParams = []string{"payment_intent", "charge", "amount", "reason", "metadata"}
	refundReasons      = []string{"duplicate", "fraudulent", "requested_by_customer"}
)

type refund struct {
	id            string
	created       time.Time
	pi            *paymentIntent
	amount        int64
	reason        string
	metadata      map[string]string
	status        string
	failureReason string
	submitted     bool // sent against the charge (charge.refunded emitted)
}

// refundState is the simulator's refunds and the accounts whose refunds
// fail ([Sim.FailRefunds]).
type refundState struct {
	byID    map[string]*refund
	failing map[string]bool // account id
}

func (r *refundState) init() {
	if r.byID == nil {
		r.byID = map[string]*refund{}
		r.failing = map[string]bool{}
	}
}

type refundJSON struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	Amount        int64             `json:"amount"`
	Charge        *string           `json:"charge"`
	Created       int64             `json:"created"`
	Currency      string            `json:"currency"`
	FailureReason *string           `json:"failure_reason,omitempty"`
	Metadata      map[string]string `json:"metadata"`
	PaymentIntent string            `json:"payment_intent"`
	Reason        *string           `json:"reason"`
	Status        string            `json:"status"`
}

func (r *refund) json() refundJSON {
	return refundJSON{
		ID: r.id, Object: "refund", Amount: r.amount, Charge: strPtr(r.pi.latestCharge), Created: r.created.Unix(),
		Currency: r.pi.currency, FailureReason: strPtr(r.failureReason), Metadata: r.metadata,
		PaymentIntent: r.pi.id, Reason: strPtr(r.reason), Status: r.status,
	}
}

type chargeJSON struct {
	ID             string  `json:"id"`
	Object         string  `json:"object"`
	Amount         int64   `json:"amount"`
	AmountCaptured int64   `json:"amount_captured"`
	AmountRefunded int64   `json:"amount_refunded"`
	Captured       bool    `json:"captured"`
	Currency       string  `json:"currency"`
	Customer       *string `json:"customer"`
	Paid           bool    `json:"paid"`
	PaymentIntent  string  `json:"payment_intent"`
	PaymentMethod  *string `json:"payment_method"`
	Refunded       bool    `json:"refunded"`
	Status         string  `json:"status"`
}

// chargeJSON renders a succeeded PaymentIntent's charge; amount_refunded
// counts refunds that are pending or succeeded, as Stripe's does.
func (s *Sim) chargeJSON(pi *paymentIntent) chargeJSON {
	refunded := s.refundedLocked(pi)
	return chargeJSON{
		ID: pi.latestCharge, Object: "charge", Amount: pi.amount, AmountCaptured: pi.amountReceived,
		AmountRefunded: refunded, Captured: true, Currency: pi.currency, Customer: strPtr(pi.customer),
		Paid: true, PaymentIntent: pi.id, PaymentMethod: strPtr(pi.pm), Refunded: refunded == pi.amountReceived,
		Status: "succeeded",
	}
}

// refundedLocked is the amount of the PaymentIntent's refunds that are
// pending or succeeded: what can no longer be refunded.
func (s *Sim) refundedLocked(pi *paymentIntent) int64 {
	var sum int64
	for _, r := range s.refunds.byID {
		if r.pi == pi && (r.status == refundPending || r.status == refundSucceeded) {
			sum += r.amount
		}
	}
	return sum
}

// refundTarget finds the PaymentIntent a refund is for, by payment_intent
// or charge (py_…).
func (s *Sim) refundTarget(f *form) (*paymentIntent, *apiError) {
	piID, hasPI := f.str("payment_intent")
	chID, hasCh := f.str("charge")
	switch {
	case hasPI && hasCh:
		return nil, invalidRequest("charge", "You may only specify one of these parameters: charge, payment_intent.")
	case hasPI:
		return lookup(s.paymentIntents, "payment_intent", "payment_intent", piID)
	case hasCh:
		for _, pi := range s.paymentIntents {
			if pi.latestCharge != "" && pi.latestCharge == chID {
				return pi, nil
			}
		}
		return nil, noSuch("charge", "charge", chID)
	}
	return nil, missingParam("payment_intent")
}

func handleCreateRefund(c *call) (any, *apiError) {
	s, f := c.s, c.form
	s.refunds.init()
	pi, aerr := s.refundTarget(f)
	if aerr != nil {
		return nil, aerr
	}
	if pi.status != "succeeded" && pi.status != "processing" {
		return nil, invalidRequestCode(codeChargeNotRefundable, "payment_intent",
			"This PaymentIntent (%s) does not have a successful charge to refund.", pi.id)
	}
	if c.now.Sub(pi.created) > RefundWindow {
		return nil, invalidRequestCode(codeChargeNotRefundable, "payment_intent",
			"ACH Direct Debit payments can only be refunded within 180 days of the original payment.")
	}
	remaining := pi.amount - s.refundedLocked(pi)
	amount := remaining
	if v, ok := f.str("amount"); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, invalidRequestCode(codeParameterInvalidInt, "amount", "Invalid integer: amount must be an integer number of cents.")
		}
		if n <= 0 {
			return nil, invalidRequest("amount", "Invalid positive integer")
		}
		amount = n
	}
	if remaining == 0 {
		return nil, invalidRequestCode(codeChargeAlreadyRefunded, "", "This PaymentIntent (%s) has already been refunded.", pi.id)
	}
	if amount > remaining {
		return nil, invalidRequest("amount", "Refund amount (%s) is greater than unrefunded amount on charge (%s)", dollars(amount), dollars(remaining))
	}
	reason, _ := f.str("reason")
	if reason != "" && !contains(refundReasons, reason) {
		return nil, invalidValue("reason", reason, refundReasons...)
	}
	r := &refund{
		id: s.newID("pyr_"), created: c.now, pi: pi, amount: amount, reason: reason,
		metadata: metadataOf(f), status: refundPending,
	}
	s.refunds.byID[r.id] = r
	s.stats.created["refund"]++
	s.emitLocked(EventRefundCreated, r.json(), c.now, c)
	if pi.status == "succeeded" {
		s.submitRefundLocked(r, c.now, c)
	}
	return r.json(), nil
}

// dollars formats cents as "$12.34".
func dollars(cents int64) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }

// submitRefundLocked sends a pending refund against the settled charge: it
// emits charge.refunded and completes RefundBusinessDays business days
// later.
func (s *Sim) submitRefundLocked(r *refund, at time.Time, c *call) {
	r.submitted = true
	s.emitLocked(EventChargeRefunded, s.chargeJSON(r.pi), at, c)
	s.schedule(addBusinessDays(at, RefundBusinessDays), func(at time.Time) { s.completeRefundLocked(r, at) })
}

// completeRefundLocked ends a submitted refund: failed when its account's
// refunds fail ([Sim.FailRefunds]), else succeeded, crediting the account.
func (s *Sim) completeRefundLocked(r *refund, at time.Time) {
	if r.status != refundPending {
		return
	}
	a := s.debitedAccount(r.pi.pm)
	if a != nil && s.refunds.failing[a.id] {
		r.status, r.failureReason = refundFailed, "declined"
		s.emitLocked(EventRefundUpdated, r.json(), at, nil)
		s.emitLocked(EventChargeRefundUpdated, r.json(), at, nil)
		s.emitLocked(EventRefundFailed, r.json(), at, nil)
		return
	}
	r.status = refundSucceeded
	if a != nil {
		a.post(at, r.amount, r.id)
	}
	s.emitLocked(EventRefundUpdated, r.json(), at, nil)
	s.emitLocked(EventChargeRefundUpdated, r.json(), at, nil)
}

// paymentSettledLocked moves the refunds of a PaymentIntent that was
// processing when they were created: submitted once it succeeded, canceled
// when it failed (no money was debited).
func (s *Sim) paymentSettledLocked(pi *paymentIntent, at time.Time) {
	for _, id := range s.idsByCreation(keysOf(s.refunds.byID)) {
		r := s.refunds.byID[id]
		if r.pi != pi || r.status != refundPending || r.submitted {
			continue
		}
		if pi.status == "succeeded" {
			s.submitRefundLocked(r, at, nil)
			continue
		}
		r.status = refundCanceled
		s.emitLocked(EventRefundUpdated, r.json(), at, nil)
	}
}

func handleGetRefund(c *call) (any, *apiError) {
	c.s.refunds.init()
	r, aerr := lookup(c.s.refunds.byID, "refund", "refund", c.ids[0])
	if aerr != nil {
		return nil, aerr
	}
	return r.json(), nil
}

// handleListRefunds lists refunds, newest first, optionally of one
// payment_intent or charge.
func handleListRefunds(c *call) (any, *apiError) {
	s := c.s
	s.refunds.init()
	var pi *paymentIntent
	if c.form.has("payment_intent") || c.form.has("charge") {
		var aerr *apiError
		if pi, aerr = s.refundTarget(c.form); aerr != nil {
			return nil, aerr
		}
	}
	all := s.idsByCreation(keysOf(s.refunds.byID))
	ids := make([]string, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		if pi == nil || s.refunds.byID[all[i]].pi == pi {
			ids = append(ids, all[i])
		}
	}
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	data := make([]any, 0, hi-lo)
	for _, id := range ids[lo:hi] {
		data = append(data, s.refunds.byID[id].json())
	}
	return newList("/v1/refunds", data, more), nil
}

func handleGetCharge(c *call) (any, *apiError) {
	for _, pi := range c.s.paymentIntents {
		if pi.latestCharge != "" && pi.latestCharge == c.ids[0] {
			c.s.refunds.init()
			return c.s.chargeJSON(pi), nil
		}
	}
	return nil, noSuch("charge", "charge", c.ids[0])
}

// FailRefunds makes the refunds of payments from the account fail when
// they complete (status failed, failure_reason declined, refund.failed),
// as when the customer's bank refuses the credit. It returns an error for
// an unknown account.
func (s *Sim) FailRefunds(accountID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[accountID]; !ok {
		return fmt.Errorf("fctest: no account %q", accountID)
	}
	s.refunds.init()
	s.refunds.failing[accountID] = true
	return nil
}

// Refunds returns every refund, oldest first, as stripe-go decodes them.
func (s *Sim) Refunds() []*stripe.Refund {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refunds.init()
	ids := s.idsByCreation(keysOf(s.refunds.byID))
	out := make([]*stripe.Refund, 0, len(ids))
	for _, id := range ids {
		out = append(out, decodeInto[stripe.Refund](s.refunds.byID[id].json()))
	}
	return out
}
