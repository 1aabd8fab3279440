package fctest

import (
	"strconv"
	"time"

	"github.com/fcsdk/fcsdk/ach"
)

var (
	piCreateParams = []string{
		"amount", "currency", "customer", "customer_account", "description", "metadata", "payment_method",
		"payment_method_data", "payment_method_types", "payment_method_options", "confirm", "mandate",
		"mandate_data", "setup_future_usage", "statement_descriptor", "receipt_email", "return_url",
		"off_session",
	}
	piConfirmParams = []string{
		"payment_method", "payment_method_data", "payment_method_options", "mandate", "mandate_data",
		"return_url", "setup_future_usage", "receipt_email",
	}
)

// lastError is a PaymentIntent's last_payment_error.
type lastError struct {
	code, declineCode, message, typ, pm string
}

type paymentIntent struct {
	intent
	amount         int64
	currency       string
	futureUsage    string
	lastErr        *lastError
	canceledAt     time.Time
	amountReceived int64
	latestCharge   string
}

type lastErrorJSON struct {
	Code          string `json:"code"`
	DeclineCode   string `json:"decline_code,omitempty"`
	Message       string `json:"message"`
	PaymentMethod any    `json:"payment_method,omitempty"`
	Type          string `json:"type"`
}

type piJSON struct {
	ID                 string            `json:"id"`
	Object             string            `json:"object"`
	Amount             int64             `json:"amount"`
	AmountCapturable   int64             `json:"amount_capturable"`
	AmountReceived     int64             `json:"amount_received"`
	CanceledAt         *int64            `json:"canceled_at"`
	CancellationReason *string           `json:"cancellation_reason"`
	CaptureMethod      string            `json:"capture_method"`
	ClientSecret       string            `json:"client_secret"`
	ConfirmationMethod string            `json:"confirmation_method"`
	Created            int64             `json:"created"`
	Currency           string            `json:"currency"`
	Customer           *string           `json:"customer"`
	Description        *string           `json:"description"`
	LastPaymentError   *lastErrorJSON    `json:"last_payment_error"`
	LatestCharge       *string           `json:"latest_charge"`
	Livemode           bool              `json:"livemode"`
	Metadata           map[string]string `json:"metadata"`
	NextAction         any               `json:"next_action"`
	PaymentMethod      any               `json:"payment_method"`
	PMOptions          pmOptionsJSON     `json:"payment_method_options"`
	PMTypes            []string          `json:"payment_method_types"`
	Processing         any               `json:"processing"`
	SetupFutureUsage   *string           `json:"setup_future_usage"`
	Status             string            `json:"status"`
}

func (s *Sim) piJSON(pi *paymentIntent, expand []string) piJSON {
	j := piJSON{
		ID: pi.id, Object: "payment_intent", Amount: pi.amount, AmountReceived: pi.amountReceived,
		CanceledAt: unixPtr(pi.canceledAt), CancellationReason: strPtr(pi.cancelReason),
		CaptureMethod: "automatic", ClientSecret: pi.clientSecret, ConfirmationMethod: "automatic",
		Created: pi.created.Unix(), Currency: pi.currency, Customer: strPtr(pi.customer),
		Description: strPtr(pi.description), LatestCharge: strPtr(pi.latestCharge),
		Metadata: pi.metadata, PaymentMethod: s.expandedPM(pi.pm, expand), PMOptions: pi.opts.json(),
		PMTypes: pi.types, SetupFutureUsage: strPtr(pi.futureUsage), Status: pi.status,
		NextAction: s.nextActionJSON(&pi.intent),
	}
	if e := pi.lastErr; e != nil {
		j.LastPaymentError = &lastErrorJSON{Code: e.code, DeclineCode: e.declineCode, Message: e.message, Type: e.typ}
		if pm, ok := s.paymentMethods[e.pm]; ok {
			j.LastPaymentError.PaymentMethod = pm.json()
		}
	}
	return j
}

func handleCreatePaymentIntent(c *call) (any, *apiError) {
	s, f := c.s, c.form
	amtStr, ok := f.str("amount")
	if !ok {
		return nil, missingParam("amount")
	}
	amount, err := strconv.ParseInt(amtStr, 10, 64)
	if err != nil {
		return nil, invalidRequestCode(codeParameterInvalidInt, "amount", "Invalid integer: amount must be an integer number of cents.")
	}
	currency, ok := f.str("currency")
	if !ok || currency == "" {
		return nil, missingParam("currency")
	}
	if currency != "usd" {
		return nil, invalidRequest("currency", "The currency provided (%s) is invalid for us_bank_account payments, which only support usd.", currency)
	}
	// Stripe's limits, declared once as [ach.MinAmount] and [ach.MaxAmount];
	// the messages are Stripe's text.
	if amount < ach.MinAmount {
		return nil, invalidRequestCode(codeAmountTooSmall, "amount", "Amount must be at least $0.50 usd")
	}
	if amount > ach.MaxAmount {
		return nil, invalidRequestCode(codeAmountTooLarge, "amount", "Amount must be no more than $999,999.99")
	}
	in, aerr := s.parseIntentCreate(f)
	if aerr != nil {
		return nil, aerr
	}
	futureUsage, _ := f.str("setup_future_usage")
	if futureUsage != "" && futureUsage != "off_session" && futureUsage != "on_session" {
		return nil, invalidValue("setup_future_usage", futureUsage, "off_session", "on_session")
	}
	mandateID, _ := f.str("mandate")
	if aerr := checkOffSession(f, in.confirm); aerr != nil {
		return nil, aerr
	}
	if !in.confirm && (in.md != nil || mandateID != "") {
		return nil, invalidRequest("mandate_data", "You can only pass mandate_data or mandate when confirm=true.")
	}
	mnd, aerr := s.checkConfirmOnCreate(piKind, in, mandateID)
	if aerr != nil {
		return nil, aerr
	}
	pi := &paymentIntent{intent: s.newIntent(piKind, in, f, c.now), amount: amount, currency: currency, futureUsage: futureUsage}
	s.paymentIntents[pi.id] = pi
	if in.confirm {
		s.confirmPILocked(pi, mnd, in.md, c)
	}
	return s.piJSON(pi, c.expand()), nil
}

// confirmPILocked moves a PaymentIntent to processing and schedules its
// settlement. Validation has been done.
func (s *Sim) confirmPILocked(pi *paymentIntent, m *mandate, md *mandateSpec, c *call) {
	if m == nil {
		m = s.newMandateLocked(pi.pm, pi.futureUsage != "", pi.amount, pi.currency, md, c.now)
	}
	pi.mandate = m.id
	pi.lastErr = nil
	if s.needsMicrodepositsLocked(&pi.intent) { // microdeposits.go
		s.awaitMicrodepositsLocked(&pi.intent, nil, c.now)
		s.emitLocked(EventPaymentIntentRequiresAction, s.piJSON(pi, nil), c.now, c)
		return
	}
	pi.status = "processing"
	s.emitLocked("payment_intent.processing", s.piJSON(pi, nil), c.now, c)
	due := addBusinessDays(c.now, s.settlementDays)
	pmID := pi.pm
	s.schedule(due, func(at time.Time) { s.settlePILocked(pi, pmID, at) })
}

func (s *Sim) settlePILocked(pi *paymentIntent, pmID string, at time.Time) {
	if pi.status != "processing" || pi.pm != pmID {
		return
	}
	if s.returnDueLocked(pi, pmID, at) {
		s.paymentSettledLocked(pi, at)
		return
	}
	a := s.debitedAccount(pmID)
	if !s.coversDebit(a, pi.amount, at) {
		pi.status = "requires_payment_method"
		pi.lastErr = &lastError{
			code: codeInsufficientFunds, typ: typeCard, pm: pmID,
			message: "The customer's account has insufficient funds to cover this payment (ACH return code R01).",
		}
		pi.pm = ""
		pi.mandate = ""
		s.stats.paymentsFailed++
		s.emitLocked("payment_intent.payment_failed", s.piJSON(pi, nil), at, nil)
		s.paymentSettledLocked(pi, at)
		return
	}
	pi.status = "succeeded"
	pi.amountReceived = pi.amount
	pi.latestCharge = s.newID("py_")
	if a != nil {
		a.post(at, -pi.amount, pi.latestCharge)
	}
	s.stats.paymentsSucceeded++
	s.emitLocked("payment_intent.succeeded", s.piJSON(pi, nil), at, nil)
	s.paymentSettledLocked(pi, at)
}

func (c *call) paymentIntent() (*paymentIntent, *apiError) {
	return lookup(c.s.paymentIntents, piKind.object, "intent", c.ids[0])
}

func handleGetPaymentIntent(c *call) (any, *apiError) {
	pi, aerr := c.paymentIntent()
	if aerr != nil {
		return nil, aerr
	}
	return c.s.piJSON(pi, c.expand()), nil
}

func handleConfirmPaymentIntent(c *call) (any, *apiError) {
	pi, aerr := c.paymentIntent()
	if aerr != nil {
		return nil, aerr
	}
	mandateID, _ := c.form.str("mandate")
	m, md, aerr := c.s.confirmIntent(&pi.intent, c.form, mandateID, c.now)
	if aerr != nil {
		return nil, aerr
	}
	c.s.confirmPILocked(pi, m, md, c)
	return c.s.piJSON(pi, c.expand()), nil
}

func handleCancelPaymentIntent(c *call) (any, *apiError) {
	pi, aerr := c.paymentIntent()
	if aerr != nil {
		return nil, aerr
	}
	if aerr := pi.cancel(c.form); aerr != nil {
		return nil, aerr
	}
	pi.canceledAt = c.now
	c.s.emitLocked("payment_intent.canceled", c.s.piJSON(pi, nil), c.now, c)
	return c.s.piJSON(pi, c.expand()), nil
}
