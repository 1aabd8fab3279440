package fincon

import (
	"context"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/stripetime"
)

// MandateStatus is a Mandate's status (Stripe's Mandate object, status):
// whether it can authorize a debit.
type MandateStatus string

// Mandate statuses.
const (
	// MandateActive: the mandate authorizes debits.
	MandateActive MandateStatus = "active"
	// MandateInactive: the mandate no longer authorizes debits — revoked by
	// the customer, or ended after an ACH return; Stripe sends
	// mandate.updated when it changes.
	MandateInactive MandateStatus = "inactive"
	// MandatePending: the mandate is not yet usable.
	MandatePending MandateStatus = "pending"
)

// Valid reports whether s is one of the statuses above.
func (s MandateStatus) Valid() bool {
	switch s {
	case MandateActive, MandateInactive, MandatePending:
		return true
	}
	return false
}

// ParseMandateStatus returns the MandateStatus named s, or an error
// matching ErrUnknownValue.
func ParseMandateStatus(s string) (MandateStatus, error) {
	return parseEnum("mandate status", s, MandateStatus.Valid)
}

// MandateType is a Mandate's type (Stripe's Mandate object, type).
type MandateType string

// Mandate types.
const (
	// MandateMultiUse authorizes any number of later debits: what a
	// SetupIntent (or a PaymentIntent with setup_future_usage) leaves.
	MandateMultiUse MandateType = "multi_use"
	// MandateSingleUse authorizes one debit of a fixed amount.
	MandateSingleUse MandateType = "single_use"
)

// Valid reports whether t is one of the types above.
func (t MandateType) Valid() bool { return t == MandateMultiUse || t == MandateSingleUse }

// ParseMandateType returns the MandateType named s, or an error
// matching ErrUnknownValue.
func ParseMandateType(s string) (MandateType, error) {
	return parseEnum("mandate type", s, MandateType.Valid)
}

// Mandate is the part of a Stripe Mandate (mandate_…) an ACH integration
// needs: the customer's authorization to debit a payment method.
type Mandate struct {
	ID string
	// Status and Type are Stripe's values as sent; check Valid before
	// relying on an unknown one.
	Status MandateStatus
	Type   MandateType
	// PaymentMethod is the pm_… id the mandate authorizes debits on.
	PaymentMethod string
	// AcceptedAt is when the customer accepted (customer_acceptance.
	// accepted_at), UTC; zero when Stripe did not say.
	AcceptedAt time.Time
	Livemode   bool

	raw *stripe.Mandate
}

// Stripe returns the stripe-go object (read-only).
func (m *Mandate) Stripe() *stripe.Mandate { return m.raw }

func mandateFromStripe(sm *stripe.Mandate) *Mandate {
	m := &Mandate{ID: sm.ID, Status: MandateStatus(sm.Status), Type: MandateType(sm.Type), Livemode: sm.Livemode, raw: sm}
	if sm.PaymentMethod != nil {
		m.PaymentMethod = sm.PaymentMethod.ID
	}
	if ca := sm.CustomerAcceptance; ca != nil && ca.AcceptedAt > 0 {
		m.AcceptedAt = stripetime.Time(ca.AcceptedAt)
	}
	return m
}

// GetMandate retrieves a Mandate, to check that it is still active before a
// debit (or after a mandate.updated event). An empty id is refused with
// ErrInvalidParams before any request; Stripe's errors arrive as *Error.
func (c *Client) GetMandate(ctx context.Context, id string) (*Mandate, error) {
	const op = "get mandate"
	if err := requireID(op, id, "mandate"); err != nil {
		return nil, err
	}
	p := &stripe.MandateRetrieveParams{}
	m, err := c.sc.V1Mandates.Retrieve(ctx, id, p)
	return converted(op, id, mandateFromStripe, m, err)
}
