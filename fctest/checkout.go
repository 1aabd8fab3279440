package fctest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fcsdk/fcsdk/ach"
)

// Checkout Sessions in payment and setup mode, collecting a US bank
// account, completed by [Sim.CompleteCheckoutSession].

var csCreateParams = []string{
	"mode", "customer", "success_url", "cancel_url", "line_items", "payment_method_types", "payment_method_options",
	"payment_intent_data", "currency", "metadata",
}

type checkoutSession struct {
	id            string
	created       time.Time
	mode          string
	customer      string
	successURL    string
	cancelURL     string
	currency      string
	amountTotal   int64
	futureUsage   string
	types         []string
	opts          pmOptions
	metadata      map[string]string
	status        string // open | complete
	paymentStatus string // unpaid | paid | no_payment_required
	pi, si        string
}

type csJSON struct {
	ID                   string            `json:"id"`
	Object               string            `json:"object"`
	AmountTotal          int64             `json:"amount_total"`
	CancelURL            *string           `json:"cancel_url"`
	ClientSecret         *string           `json:"client_secret"`
	Created              int64             `json:"created"`
	Currency             *string           `json:"currency"`
	Customer             *string           `json:"customer"`
	ExpiresAt            int64             `json:"expires_at"`
	Livemode             bool              `json:"livemode"`
	Metadata             map[string]string `json:"metadata"`
	Mode                 string            `json:"mode"`
	PaymentIntent        any               `json:"payment_intent"`
	PaymentMethodOptions pmOptionsJSON     `json:"payment_method_options"`
	PaymentMethodTypes   []string          `json:"payment_method_types"`
	PaymentStatus        string            `json:"payment_status"`
	SetupIntent          any               `json:"setup_intent"`
	Status               string            `json:"status"`
	SuccessURL           string            `json:"success_url"`
	URL                  *string           `json:"url"`
}

// subExpand reports whether field is expanded and returns the expansions
// below it ("payment_intent.payment_method" → "payment_method").
func subExpand(expand []string, field string) (bool, []string) {
	found := false
	var sub []string
	for _, e := range expand {
		switch {
		case e == field:
			found = true
		case strings.HasPrefix(e, field+"."):
			found = true
			sub = append(sub, strings.TrimPrefix(e, field+"."))
		}
	}
	return found, sub
}

func (s *Sim) csJSON(cs *checkoutSession, expand []string) csJSON {
	j := csJSON{
		ID: cs.id, Object: "checkout.session", AmountTotal: cs.amountTotal, CancelURL: strPtr(cs.cancelURL),
		Created: cs.created.Unix(), Currency: strPtr(cs.currency), Customer: strPtr(cs.customer),
		ExpiresAt: cs.created.Add(24 * time.Hour).Unix(), Metadata: cs.metadata, Mode: cs.mode,
		PaymentMethodOptions: cs.opts.json(), PaymentMethodTypes: cs.types, PaymentStatus: cs.paymentStatus,
		Status: cs.status, SuccessURL: cs.successURL,
	}
	if cs.status == "open" {
		j.URL = strPtr("https://checkout.stripe.com/c/pay/" + cs.id)
	}
	if cs.pi != "" {
		j.PaymentIntent = cs.pi
		if ok, sub := subExpand(expand, "payment_intent"); ok {
			j.PaymentIntent = s.piJSON(s.paymentIntents[cs.pi], sub)
		}
	}
	if cs.si != "" {
		j.SetupIntent = cs.si
		if ok, sub := subExpand(expand, "setup_intent"); ok {
			j.SetupIntent = s.siJSON(s.setupIntents[cs.si], sub)
		}
	}
	return j
}

// checkURLParam requires an absolute http(s) URL.
func checkURLParam(param, v string) *apiError {
	if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
		return invalidRequestCode("url_invalid", param, "Not a valid URL")
	}
	return nil
}

func handleCreateCheckoutSession(c *call) (any, *apiError) {
	s, f := c.s, c.form
	cs := &checkoutSession{created: c.now, metadata: metadataOf(f), status: "open"}
	cs.mode, _ = f.str("mode")
	switch cs.mode {
	case "":
		return nil, missingParam("mode")
	case "payment", "setup":
	default:
		return nil, invalidValue("mode", cs.mode, "payment", "setup")
	}
	var ok bool
	if cs.successURL, ok = f.str("success_url"); !ok || cs.successURL == "" {
		return nil, missingParam("success_url")
	}
	if aerr := checkURLParam("success_url", cs.successURL); aerr != nil {
		return nil, aerr
	}
	if cs.cancelURL, ok = f.str("cancel_url"); ok {
		if aerr := checkURLParam("cancel_url", cs.cancelURL); aerr != nil {
			return nil, aerr
		}
	}
	var aerr *apiError
	if cs.customer, aerr = s.parseCustomer(f); aerr != nil {
		return nil, aerr
	}
	if cs.types, aerr = parseTypes(f); aerr != nil {
		return nil, aerr
	}
	if cs.opts, aerr = parsePMOptions(f, pmOptions{}); aerr != nil {
		return nil, aerr
	}
	cs.currency, _ = f.str("currency")
	if cs.currency != "" && cs.currency != "usd" {
		return nil, invalidRequest("currency", "us_bank_account only supports usd.")
	}
	if cs.mode == "setup" {
		if f.has("line_items") || f.has("payment_intent_data") {
			return nil, invalidRequest("line_items", "line_items and payment_intent_data cannot be used in setup mode.")
		}
		cs.paymentStatus = "no_payment_required"
	} else if aerr := cs.parsePayment(f); aerr != nil {
		return nil, aerr
	}
	cs.id = s.newID("cs_test_")
	if s.checkoutSessions == nil {
		s.checkoutSessions = map[string]*checkoutSession{}
	}
	s.checkoutSessions[cs.id] = cs
	s.stats.created["checkout.session"]++
	return s.csJSON(cs, c.expand()), nil
}

// parsePayment validates the line items (usd price_data with a product
// name) and payment_intent_data of a payment-mode session.
func (cs *checkoutSession) parsePayment(f *form) *apiError {
	items := f.list("line_items")
	if len(items) == 0 {
		return missingParam("line_items")
	}
	for i, it := range items {
		p := fmt.Sprintf("line_items[%d]", i)
		cur, _ := it.str("price_data", "currency")
		if cur != "usd" {
			return invalidRequest(p+"[price_data][currency]", "us_bank_account only supports usd.")
		}
		amt, err := strconv.ParseInt(firstStr(it, "price_data", "unit_amount"), 10, 64)
		if err != nil || amt < 0 {
			return invalidRequestCode(codeParameterInvalidInt, p+"[price_data][unit_amount]", "Invalid integer.")
		}
		if name, _ := it.str("price_data", "product_data", "name"); name == "" {
			return missingParam(p + "[price_data][product_data][name]")
		}
		qty := int64(1)
		if q, ok := it.str("quantity"); ok {
			if qty, err = strconv.ParseInt(q, 10, 64); err != nil || qty < 1 {
				return invalidRequestCode(codeParameterInvalidInt, p+"[quantity]", "Invalid integer.")
			}
		}
		cs.amountTotal += amt * qty
	}
	cs.currency, cs.paymentStatus = "usd", "unpaid"
	// The limits of a PaymentIntent: [ach.MinAmount] and [ach.MaxAmount].
	if cs.amountTotal < ach.MinAmount {
		return invalidRequestCode(codeAmountTooSmall, "line_items", "The Checkout Session's total amount due must add up to at least $0.50 usd")
	}
	if cs.amountTotal > ach.MaxAmount {
		return invalidRequestCode(codeAmountTooLarge, "line_items", "Amount must be no more than $999,999.99")
	}
	cs.futureUsage, _ = f.str("payment_intent_data", "setup_future_usage")
	if cs.futureUsage != "" && cs.futureUsage != "off_session" && cs.futureUsage != "on_session" {
		return invalidValue("payment_intent_data[setup_future_usage]", cs.futureUsage, "off_session", "on_session")
	}
	return nil
}

func firstStr(f *form, path ...string) string {
	v, _ := f.str(path...)
	return v
}

func handleGetCheckoutSession(c *call) (any, *apiError) {
	cs, aerr := lookup(c.s.checkoutSessions, "checkout.session", "session", c.ids[0])
	if aerr != nil {
		return nil, aerr
	}
	return c.s.csJSON(cs, c.expand()), nil
}

// ErrSessionNotOpen is returned by CompleteCheckoutSession for a Checkout
// Session that is not open.
var ErrSessionNotOpen = fmt.Errorf("%w: checkout session is not open", ErrNotCollecting)

// CompleteCheckoutSession completes a Checkout Session as a customer
// linking an account at the test institution and accepting the mandate on
// the hosted page would. In payment mode it creates the session's
// PaymentIntent, collects the account (as [Sim.CollectBankAccount]) and
// confirms it (processing; payment_status unpaid); when the debit settles,
// checkout.session.async_payment_succeeded or _failed follows, and
// payment_status becomes paid. In setup mode it creates and confirms the
// SetupIntent, leaving a PaymentMethod and a multi_use Mandate (payment
// status no_payment_required). Either way the session becomes complete
// and checkout.session.completed is emitted. It returns the fca_ id.
// Errors: [ErrNotFound], [ErrSessionNotOpen] (matching
// [ErrNotCollecting]), and [Sim.CollectBankAccount]'s.
func (s *Sim) CompleteCheckoutSession(id string, in Institution) (string, error) {
	if err := in.validate(); err != nil {
		return "", err
	}
	s.mu.Lock()
	fca, err := s.completeCheckoutLocked(id, in)
	s.mu.Unlock()
	s.flushWebhooks()
	return fca, err
}

func (s *Sim) completeCheckoutLocked(id string, in Institution) (string, error) {
	cs, ok := s.checkoutSessions[id]
	if !ok {
		return "", fmt.Errorf("%w: checkout session %q", ErrNotFound, id)
	}
	if cs.status != "open" {
		return "", fmt.Errorf("%w: %s is %s", ErrSessionNotOpen, id, cs.status)
	}
	now := s.now()
	c := &call{s: s, now: now}
	empty, _ := parseForm("")
	create := intentCreate{types: cs.types, customer: cs.customer, opts: cs.opts}
	md := &mandateSpec{typ: "online", acceptedAt: now, ip: "203.0.113.7", userAgent: "Mozilla/5.0 (fctest Checkout)"}
	var fca string
	var err error
	if cs.mode == "payment" {
		pi := &paymentIntent{intent: s.newIntent(piKind, create, empty, now), amount: cs.amountTotal, currency: "usd", futureUsage: cs.futureUsage}
		s.paymentIntents[pi.id] = pi
		if fca, err = s.collectLocked(pi.id, in); err != nil {
			return "", err
		}
		s.confirmPILocked(pi, nil, md, c)
		cs.pi = pi.id
		// Runs after the settlement step scheduled for the same time.
		s.schedule(addBusinessDays(now, s.settlementDays), func(at time.Time) { s.checkoutSettledLocked(cs, pi, at) })
	} else {
		si := &setupIntent{intent: s.newIntent(siKind, create, empty, now), usage: "off_session"}
		s.setupIntents[si.id] = si
		if fca, err = s.collectLocked(si.id, in); err != nil {
			return "", err
		}
		s.confirmSILocked(si, md, c)
		cs.si = si.id
	}
	cs.status = "complete"
	s.emitLocked("checkout.session.completed", s.csJSON(cs, nil), now, nil)
	return fca, nil
}

// checkoutSettledLocked reports the outcome of a Checkout Session's debit.
func (s *Sim) checkoutSettledLocked(cs *checkoutSession, pi *paymentIntent, at time.Time) {
	switch pi.status {
	case "succeeded":
		cs.paymentStatus = "paid"
		s.emitLocked("checkout.session.async_payment_succeeded", s.csJSON(cs, nil), at, nil)
	case "requires_payment_method":
		s.emitLocked("checkout.session.async_payment_failed", s.csJSON(cs, nil), at, nil)
	}
}
