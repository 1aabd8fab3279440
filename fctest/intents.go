package fctest

import "time"

// intentKind describes PaymentIntents or SetupIntents.
type intentKind struct {
	name          string // in messages: PaymentIntent, SetupIntent
	object        string // payment_intent, setup_intent
	prefix        string // of ids
	stateCode     string // error code for an unexpected status
	cancelReasons []string
}

var (
	piKind = intentKind{
		name: "PaymentIntent", object: "payment_intent", prefix: "pi_", stateCode: codePIUnexpectedState,
		cancelReasons: []string{"duplicate", "fraudulent", "requested_by_customer", "abandoned"},
	}
	siKind = intentKind{
		name: "SetupIntent", object: "setup_intent", prefix: "seti_", stateCode: codeSIUnexpectedState,
		cancelReasons: []string{"abandoned", "duplicate", "requested_by_customer"},
	}
)

func (k intentKind) missingPM() *apiError {
	return invalidRequest("payment_method", "You cannot confirm this %s because it's missing a payment method.", k.name)
}

// intent is what PaymentIntents and SetupIntents share.
type intent struct {
	kind         intentKind
	id           string
	clientSecret string
	created      time.Time
	customer     string
	description  string
	metadata     map[string]string
	types        []string
	pm           string
	opts         pmOptions
	status       string
	mandate      string
	cancelReason string
}

func (it *intent) unexpectedState(action string) *apiError {
	return unexpectedState(it.kind.stateCode, it.kind.name, it.id, it.status, action)
}

// intentCreate holds the creation parameters PaymentIntents and SetupIntents
// share.
type intentCreate struct {
	types    []string
	customer string
	spec     *pmSpec
	opts     pmOptions
	md       *mandateSpec
	confirm  bool
}

// parseIntentCreate validates the creation parameters PaymentIntents and
// SetupIntents share.
func (s *Sim) parseIntentCreate(f *form) (in intentCreate, aerr *apiError) {
	if in.types, aerr = parseTypes(f); aerr != nil {
		return in, aerr
	}
	if in.customer, aerr = s.parseCustomer(f); aerr != nil {
		return in, aerr
	}
	if in.spec, aerr = s.parsePaymentMethod(f, in.customer); aerr != nil {
		return in, aerr
	}
	if in.opts, aerr = parsePMOptions(f, pmOptions{}); aerr != nil {
		return in, aerr
	}
	if in.md, aerr = parseMandateData(f); aerr != nil {
		return in, aerr
	}
	in.confirm, aerr = parseBool(f, "confirm")
	return in, aerr
}

// checkConfirmOnCreate checks that an intent created with confirm=true can
// be confirmed with mandateID ("" for none) or the mandate data, and
// returns the existing mandate, if any.
func (s *Sim) checkConfirmOnCreate(k intentKind, in intentCreate, mandateID string) (*mandate, *apiError) {
	if !in.confirm {
		return nil, nil
	}
	if in.spec == nil {
		return nil, k.missingPM()
	}
	return s.checkMandate(mandateID, in.md, in.spec)
}

// newIntent creates the shared part of an intent and its payment method, if
// any: with one, the intent awaits confirmation. The caller stores it.
func (s *Sim) newIntent(k intentKind, in intentCreate, f *form, now time.Time) intent {
	desc, _ := f.str("description")
	it := intent{
		kind: k, id: s.newID(k.prefix), created: now, customer: in.customer, description: desc,
		metadata: metadataOf(f), types: in.types, opts: in.opts, status: "requires_payment_method",
	}
	it.clientSecret = it.id + "_secret_" + s.newSecret(18)
	if pm := s.materializePM(in.spec, in.customer, now); pm != nil {
		it.pm = pm.id
		it.status = "requires_confirmation"
	}
	s.stats.created[k.object]++
	return it
}

// confirmIntent validates the confirmation of an intent with mandateID (an
// existing mandate, or "") or mandate data and, when it is valid, sets the
// intent's payment method options and payment method. It returns the
// mandate or the mandate data to confirm with.
func (s *Sim) confirmIntent(it *intent, f *form, mandateID string, now time.Time) (*mandate, *mandateSpec, *apiError) {
	if it.status != "requires_payment_method" && it.status != "requires_confirmation" {
		return nil, nil, it.unexpectedState("confirm")
	}
	spec, aerr := s.parsePaymentMethod(f, it.customer)
	if aerr != nil {
		return nil, nil, aerr
	}
	if spec == nil && it.pm != "" {
		spec = &pmSpec{existing: s.paymentMethods[it.pm]}
	}
	if spec == nil {
		return nil, nil, it.kind.missingPM()
	}
	opts, aerr := parsePMOptions(f, it.opts)
	if aerr != nil {
		return nil, nil, aerr
	}
	md, aerr := parseMandateData(f)
	if aerr != nil {
		return nil, nil, aerr
	}
	// A PaymentMethod being created now cannot have a mandate yet.
	m, aerr := s.checkMandate(mandateID, md, spec)
	if aerr != nil {
		return nil, nil, aerr
	}
	it.opts = opts
	it.pm = s.materializePM(spec, it.customer, now).id
	return m, md, nil
}

// cancel cancels an intent that awaits a payment method, confirmation or
// action, with the form's cancellation_reason.
func (it *intent) cancel(f *form) *apiError {
	reason, _ := f.str("cancellation_reason")
	if reason != "" && !contains(it.kind.cancelReasons, reason) {
		return invalidValue("cancellation_reason", reason, it.kind.cancelReasons...)
	}
	switch it.status {
	case "requires_payment_method", "requires_confirmation", "requires_action":
	default:
		return it.unexpectedState("cancel")
	}
	it.status = "canceled"
	it.cancelReason = reason
	return nil
}

func unexpectedState(code, kind, id, status, action string) *apiError {
	return invalidRequestCode(code, "",
		"You cannot %s this %s because it has a status of %s.", action, kind, status)
}
