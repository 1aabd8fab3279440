package fctest

import (
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v82"
)

type mandate struct {
	id         string
	created    time.Time
	pm         string
	multiUse   bool
	amount     int64
	currency   string
	acceptance mandateSpec
	status     string // "" means active; see statusOrActive
}

type mandateSpec struct {
	typ        string // online | offline
	acceptedAt time.Time
	ip         string
	userAgent  string
}

type mandateJSON struct {
	ID                 string `json:"id"`
	Object             string `json:"object"`
	CustomerAcceptance struct {
		AcceptedAt *int64 `json:"accepted_at"`
		Offline    *struct {
		} `json:"offline"`
		Online *struct {
			IPAddress string `json:"ip_address"`
			UserAgent string `json:"user_agent"`
		} `json:"online"`
		Type string `json:"type"`
	} `json:"customer_acceptance"`
	Livemode bool `json:"livemode"`
	MultiUse *struct {
	} `json:"multi_use"`
	PaymentMethod        string `json:"payment_method"`
	PaymentMethodDetails struct {
		Type          string `json:"type"`
		USBankAccount struct {
			CollectionMethod string `json:"collection_method"`
		} `json:"us_bank_account"`
	} `json:"payment_method_details"`
	SingleUse *struct {
		Amount   int64  `json:"amount"`
		Currency string `json:"currency"`
	} `json:"single_use"`
	Status string `json:"status"`
	Type   string `json:"type"`
}

func (m *mandate) json() mandateJSON {
	var j mandateJSON
	j.ID, j.Object, j.PaymentMethod, j.Status = m.id, "mandate", m.pm, m.statusOrActive()
	ca := &j.CustomerAcceptance
	ca.AcceptedAt = unixPtr(m.acceptance.acceptedAt)
	ca.Type = m.acceptance.typ
	if m.acceptance.typ == "online" {
		ca.Online = &struct {
			IPAddress string `json:"ip_address"`
			UserAgent string `json:"user_agent"`
		}{m.acceptance.ip, m.acceptance.userAgent}
	} else {
		ca.Offline = &struct{}{}
	}
	j.PaymentMethodDetails.Type = "us_bank_account"
	j.PaymentMethodDetails.USBankAccount.CollectionMethod = "paper"
	if m.multiUse {
		j.Type = "multi_use"
		j.MultiUse = &struct{}{}
	} else {
		j.Type = "single_use"
		j.SingleUse = &struct {
			Amount   int64  `json:"amount"`
			Currency string `json:"currency"`
		}{m.amount, m.currency}
	}
	return j
}

// parseMandateData validates mandate_data[customer_acceptance].
func parseMandateData(f *form) (*mandateSpec, *apiError) {
	if !f.has("mandate_data") {
		return nil, nil
	}
	const p = "mandate_data[customer_acceptance]"
	typ, _ := f.str("mandate_data", "customer_acceptance", "type")
	m := &mandateSpec{typ: typ}
	switch typ {
	case "":
		return nil, missingParam(p + "[type]")
	case "online":
		m.ip, _ = f.str("mandate_data", "customer_acceptance", "online", "ip_address")
		m.userAgent, _ = f.str("mandate_data", "customer_acceptance", "online", "user_agent")
		if m.ip == "" {
			return nil, missingParam(p + "[online][ip_address]")
		}
		if m.userAgent == "" {
			return nil, missingParam(p + "[online][user_agent]")
		}
	case "offline":
	default:
		return nil, invalidValue(p+"[type]", typ, "online", "offline")
	}
	if n, ok, aerr := parseUnix(f, p+"[accepted_at]", "mandate_data", "customer_acceptance", "accepted_at"); aerr != nil {
		return nil, aerr
	} else if ok {
		m.acceptedAt = time.Unix(n, 0).UTC()
	}
	return m, nil
}

// checkMandate validates the mandate or mandate_data given at confirmation.
func (s *Sim) checkMandate(mandateID string, md *mandateSpec, spec *pmSpec) (*mandate, *apiError) {
	switch {
	case mandateID != "" && md != nil:
		return nil, invalidRequest("mandate", "You may only specify one of these parameters: mandate, mandate_data.")
	case mandateID != "":
		m, ok := s.mandates[mandateID]
		if !ok {
			return nil, noSuchParam("mandate", "mandate", mandateID)
		}
		if spec == nil || spec.existing == nil || spec.existing.id != m.pm || !m.multiUse {
			return nil, invalidRequest("mandate", "The mandate %s cannot be used with this PaymentMethod.", mandateID)
		}
		if aerr := m.usable(); aerr != nil {
			return nil, aerr
		}
		return m, nil
	case md == nil:
		return nil, invalidRequestCode(codeParameterMissing, "mandate_data",
			"A mandate is required to confirm a us_bank_account payment: pass mandate_data[customer_acceptance] or an existing mandate.")
	}
	return nil, nil
}

func (s *Sim) newMandateLocked(pm string, multi bool, amount int64, currency string, md *mandateSpec, now time.Time) *mandate {
	m := &mandate{id: s.newID("mandate_"), created: now, pm: pm, multiUse: multi, amount: amount, currency: currency, acceptance: *md}
	if m.acceptance.acceptedAt.IsZero() {
		m.acceptance.acceptedAt = now
	}
	s.mandates[m.id] = m
	s.stats.created["mandate"]++
	return m
}

func handleGetMandate(c *call) (any, *apiError) {
	m, aerr := lookup(c.s.mandates, "mandate", "mandate", c.ids[0])
	if aerr != nil {
		return nil, aerr
	}
	return m.json(), nil
}

// Saved payment methods and mandates over time: mandates that become
// inactive, ACH returns forced on a debit, and the payment method blocked
// after a return that closes the account. Intent-first collection helpers
// are in collect.go.

type statusDetailsJSON struct {
	Blocked *blockedJSON `json:"blocked"`
}

// blockedJSON is us_bank_account.status_details.blocked.
type blockedJSON struct {
	NetworkCode string `json:"network_code"`
	Reason      string `json:"reason"`
}

func (m *mandate) statusOrActive() string {
	if m.status == "" {
		return "active"
	}
	return m.status
}

// usable refuses an inactive mandate the way Stripe refuses a debit under
// it.
func (m *mandate) usable() *apiError {
	if st := m.statusOrActive(); st != "active" {
		return invalidRequest("mandate", "The mandate %s is %s and cannot be used to create a payment.", m.id, st)
	}
	return nil
}

// usable refuses a payment method Stripe blocked after an ACH return.
func (p *paymentMethod) usable() *apiError {
	if p.blocked != nil {
		return invalidRequestCode("payment_method_unexpected_state", "payment_method",
			"The PaymentMethod %s is blocked (%s %s) and cannot be used for new payments; collect a new bank account.",
			p.id, p.blocked.NetworkCode, p.blocked.Reason)
	}
	return nil
}

// checkOffSession validates off_session on a PaymentIntent create: Stripe
// accepts it only with confirm=true.
func checkOffSession(f *form, confirm bool) *apiError {
	off, aerr := parseBool(f, "off_session")
	if aerr != nil {
		return aerr
	}
	if off && !confirm {
		return invalidRequest("off_session", "You can only pass off_session when confirm=true.")
	}
	return nil
}

// ACH return codes the simulator can force on a debit with [Sim.ReturnNextDebit]
// (NACHA return codes): the last_payment_error code it leaves, and, for the
// returns after which no further debit may be taken, the
// us_bank_account.status_details.blocked reason Stripe sets.
var returnCodes = map[string]struct{ code, blocked, message string }{
	"R01": {"insufficient_funds", "", "insufficient funds"},
	"R02": {"account_closed", "bank_account_closed", "account closed"},
	"R03": {"no_account", "bank_account_invalid_details", "no account / unable to locate account"},
	"R04": {"account_number_invalid", "bank_account_invalid_details", "invalid account number"},
	"R05": {"debit_not_authorized", "debit_not_authorized", "unauthorized debit to consumer account"},
	"R07": {"debit_not_authorized", "debit_not_authorized", "authorization revoked by customer"},
	"R08": {"debit_not_authorized", "debit_not_authorized", "payment stopped"},
	"R09": {"insufficient_funds", "", "uncollected funds"},
	"R10": {"debit_not_authorized", "debit_not_authorized", "customer advises not authorized"},
	"R11": {"debit_not_authorized", "debit_not_authorized", "entry not in accordance with the authorization"},
	"R16": {"bank_account_restricted", "bank_account_frozen", "account frozen"},
	"R20": {"bank_account_restricted", "bank_account_restricted", "non-transaction account"},
	"R29": {"debit_not_authorized", "debit_not_authorized", "corporate customer advises not authorized"},
	"R31": {"debit_not_authorized", "debit_not_authorized", "permissible return entry"},
}

// ReturnNextDebit makes the next debit of the payment method that settles
// come back with the NACHA return code (R01, R02, R03, R04, R05, R07, R08,
// R09, R10, R11, R16, R20, R29 or R31; last_payment_error.code as Stripe
// reports each) instead of succeeding; calls queue up, one
// code per debit. The PaymentIntent goes to requires_payment_method with
// last_payment_error and emits payment_intent.payment_failed. A return
// that stops further debits (all but R01 and R09) also blocks the payment
// method (us_bank_account.status_details.blocked with the network code and
// reason) and makes its mandates inactive, emitting mandate.updated for
// each. It fails with [ErrNotFound] for an unknown payment method.
func (s *Sim) ReturnNextDebit(paymentMethod, code string) error {
	if _, ok := returnCodes[code]; !ok {
		return fmt.Errorf("fctest: return code %q is not one the simulator models", code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.paymentMethods[paymentMethod]; !ok {
		return fmt.Errorf("%w: payment method %q", ErrNotFound, paymentMethod)
	}
	if s.forcedReturns == nil {
		s.forcedReturns = map[string][]string{}
	}
	s.forcedReturns[paymentMethod] = append(s.forcedReturns[paymentMethod], code)
	return nil
}

// returnDueLocked fails a settling debit with the payment method's next
// forced return code, if any, and reports whether it did.
func (s *Sim) returnDueLocked(pi *paymentIntent, pmID string, at time.Time) bool {
	q := s.forcedReturns[pmID]
	if len(q) == 0 {
		return false
	}
	code := q[0]
	s.forcedReturns[pmID] = q[1:]
	rc := returnCodes[code]
	pi.status = "requires_payment_method"
	pi.lastErr = &lastError{
		code: rc.code, typ: typeCard, pm: pmID,
		message: fmt.Sprintf("The customer's bank returned the debit: %s (ACH return code %s).", rc.message, code),
	}
	pi.pm, pi.mandate = "", ""
	s.stats.paymentsFailed++
	if pm := s.paymentMethods[pmID]; pm != nil && rc.blocked != "" {
		pm.blocked = &blockedJSON{NetworkCode: code, Reason: rc.blocked}
		for _, id := range s.idsByCreation(keysOf(s.mandates)) {
			if m := s.mandates[id]; m.pm == pmID {
				s.deactivateMandateLocked(m, at)
			}
		}
	}
	s.emitLocked("payment_intent.payment_failed", s.piJSON(pi, nil), at, nil)
	return true
}

func (s *Sim) deactivateMandateLocked(m *mandate, at time.Time) {
	if m.statusOrActive() == "inactive" {
		return
	}
	m.status = "inactive"
	s.emitLocked("mandate.updated", m.json(), at, nil)
}

// DeactivateMandate makes a mandate inactive, as the customer revoking it
// would, and emits mandate.updated; later debits under it are refused. It
// fails with [ErrNotFound] for an unknown mandate.
func (s *Sim) DeactivateMandate(id string) error {
	s.mu.Lock()
	m, ok := s.mandates[id]
	if ok {
		s.deactivateMandateLocked(m, s.now())
	}
	s.mu.Unlock()
	s.flushWebhooks()
	if !ok {
		return fmt.Errorf("%w: mandate %q", ErrNotFound, id)
	}
	return nil
}

func handleListPaymentMethods(c *call) (any, *apiError) {
	s, f := c.s, c.form
	cus, _ := f.str("customer")
	if typ, ok := f.str("type"); ok && typ != "us_bank_account" {
		return nil, invalidValue("type", typ, "us_bank_account")
	}
	if cus != "" {
		if _, ok := s.customers[cus]; !ok {
			return nil, noSuchParam("customer", "customer", cus)
		}
	}
	var ids []string
	for id, pm := range s.paymentMethods {
		if cus != "" && pm.customer != cus || pm.customer == "" {
			continue
		}
		ids = append(ids, id)
	}
	ids = s.sortedByCreation(ids)
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	var data []any
	for _, id := range ids[lo:hi] {
		data = append(data, s.paymentMethods[id].json())
	}
	return newList("/v1/payment_methods", data, more), nil
}

// PaymentMethods returns every PaymentMethod, oldest first, as stripe-go
// decodes them.
func (s *Sim) PaymentMethods() []*stripe.PaymentMethod {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.idsByCreation(keysOf(s.paymentMethods))
	out := make([]*stripe.PaymentMethod, 0, len(ids))
	for _, id := range ids {
		out = append(out, decodeInto[stripe.PaymentMethod](s.paymentMethods[id].json()))
	}
	return out
}

// Mandates returns every Mandate, oldest first, as stripe-go decodes them.
func (s *Sim) Mandates() []*stripe.Mandate {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.idsByCreation(keysOf(s.mandates))
	out := make([]*stripe.Mandate, 0, len(ids))
	for _, id := range ids {
		out = append(out, decodeInto[stripe.Mandate](s.mandates[id].json()))
	}
	return out
}
