package fctest

var (
	siCreateParams = []string{
		"customer", "customer_account", "description", "metadata", "payment_method", "payment_method_data",
		"payment_method_types", "payment_method_options", "confirm", "mandate_data", "usage", "return_url",
		"flow_directions",
	}
	siConfirmParams = []string{"payment_method", "payment_method_data", "payment_method_options", "mandate_data", "return_url"}
)

type setupIntent struct {
	intent
	usage string
}

type siJSON struct {
	ID                 string            `json:"id"`
	Object             string            `json:"object"`
	Application        any               `json:"application"`
	CancellationReason *string           `json:"cancellation_reason"`
	ClientSecret       string            `json:"client_secret"`
	Created            int64             `json:"created"`
	Customer           *string           `json:"customer"`
	Description        *string           `json:"description"`
	LastSetupError     any               `json:"last_setup_error"`
	LatestAttempt      any               `json:"latest_attempt"`
	Livemode           bool              `json:"livemode"`
	Mandate            *string           `json:"mandate"`
	Metadata           map[string]string `json:"metadata"`
	NextAction         any               `json:"next_action"`
	PaymentMethod      any               `json:"payment_method"`
	PMOptions          pmOptionsJSON     `json:"payment_method_options"`
	PMTypes            []string          `json:"payment_method_types"`
	SingleUseMandate   any               `json:"single_use_mandate"`
	Status             string            `json:"status"`
	Usage              string            `json:"usage"`
}

func (s *Sim) siJSON(si *setupIntent, expand []string) siJSON {
	return siJSON{
		ID: si.id, Object: "setup_intent", CancellationReason: strPtr(si.cancelReason), ClientSecret: si.clientSecret,
		Created: si.created.Unix(), Customer: strPtr(si.customer), Description: strPtr(si.description),
		Mandate: strPtr(si.mandate), Metadata: si.metadata, PaymentMethod: s.expandedPM(si.pm, expand),
		PMOptions: si.opts.json(), PMTypes: si.types, Status: si.status, Usage: si.usage,
		NextAction: s.nextActionJSON(&si.intent), LastSetupError: s.lastSetupErrorJSON(si),
	}
}

func handleCreateSetupIntent(c *call) (any, *apiError) {
	s, f := c.s, c.form
	in, aerr := s.parseIntentCreate(f)
	if aerr != nil {
		return nil, aerr
	}
	usage, _ := f.str("usage")
	if usage == "" {
		usage = "off_session"
	}
	if usage != "off_session" && usage != "on_session" {
		return nil, invalidValue("usage", usage, "off_session", "on_session")
	}
	if !in.confirm && in.md != nil {
		return nil, invalidRequest("mandate_data", "You can only pass mandate_data when confirm=true.")
	}
	if _, aerr := s.checkConfirmOnCreate(siKind, in, ""); aerr != nil {
		return nil, aerr
	}
	si := &setupIntent{intent: s.newIntent(siKind, in, f, c.now), usage: usage}
	s.setupIntents[si.id] = si
	if in.confirm {
		s.confirmSILocked(si, in.md, c)
	}
	return s.siJSON(si, c.expand()), nil
}

// confirmSILocked succeeds at once: an account verified through Financial
// Connections needs no microdeposits.
func (s *Sim) confirmSILocked(si *setupIntent, md *mandateSpec, c *call) {
	if s.needsMicrodepositsLocked(&si.intent) { // microdeposits.go
		s.awaitMicrodepositsLocked(&si.intent, md, c.now)
		s.emitLocked(EventSetupIntentRequiresAction, s.siJSON(si, nil), c.now, c)
		return
	}
	m := s.newMandateLocked(si.pm, true, 0, "", md, c.now)
	si.mandate = m.id
	si.status = "succeeded"
	if pm := s.paymentMethods[si.pm]; pm != nil && si.customer != "" {
		pm.customer = si.customer
	}
	s.emitLocked("setup_intent.succeeded", s.siJSON(si, nil), c.now, c)
}

func (c *call) setupIntent() (*setupIntent, *apiError) {
	return lookup(c.s.setupIntents, siKind.object, "intent", c.ids[0])
}

func handleGetSetupIntent(c *call) (any, *apiError) {
	si, aerr := c.setupIntent()
	if aerr != nil {
		return nil, aerr
	}
	return c.s.siJSON(si, c.expand()), nil
}

func handleConfirmSetupIntent(c *call) (any, *apiError) {
	si, aerr := c.setupIntent()
	if aerr != nil {
		return nil, aerr
	}
	_, md, aerr := c.s.confirmIntent(&si.intent, c.form, "", c.now)
	if aerr != nil {
		return nil, aerr
	}
	c.s.confirmSILocked(si, md, c)
	return c.s.siJSON(si, c.expand()), nil
}

func handleCancelSetupIntent(c *call) (any, *apiError) {
	si, aerr := c.setupIntent()
	if aerr != nil {
		return nil, aerr
	}
	if aerr := si.cancel(c.form); aerr != nil {
		return nil, aerr
	}
	c.s.emitLocked(EventSetupIntentCanceled, c.s.siJSON(si, nil), c.now, c)
	return c.s.siJSON(si, c.expand()), nil
}
