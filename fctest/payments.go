package fctest

import (
	"strconv"
	"time"
)

// Amount limits for usd ACH debits, in cents.
const (
	minAmountUSD = 50
	maxAmountUSD = 99_999_999
)

// testRoutingNumber is the routing number of every simulated bank account.
const testRoutingNumber = "110000000"

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
	siCreateParams = []string{
		"customer", "customer_account", "description", "metadata", "payment_method", "payment_method_data",
		"payment_method_types", "payment_method_options", "confirm", "mandate_data", "usage", "return_url",
		"flow_directions",
	}
	siConfirmParams = []string{"payment_method", "payment_method_data", "payment_method_options", "mandate_data", "return_url"}

	validVerification = []string{"automatic", "instant", "microdeposits"}
)

type paymentMethod struct {
	id          string
	created     time.Time
	account     string // fca_ id, "" for none
	customer    string
	billingName string
	billingMail string
	accountType string
	holderType  string
	last4       string
	bankName    string
	fingerprint string
	blocked     *blockedJSON // us_bank_account.status_details.blocked, see mandates.go
	manual      bool         // entered by hand: no financial connections account
}

type addressJSON struct {
	City       *string `json:"city"`
	Country    *string `json:"country"`
	Line1      *string `json:"line1"`
	Line2      *string `json:"line2"`
	PostalCode *string `json:"postal_code"`
	State      *string `json:"state"`
}

type pmJSON struct {
	ID             string `json:"id"`
	Object         string `json:"object"`
	BillingDetails struct {
		Address addressJSON `json:"address"`
		Email   *string     `json:"email"`
		Name    *string     `json:"name"`
		Phone   *string     `json:"phone"`
	} `json:"billing_details"`
	Created       int64             `json:"created"`
	Customer      *string           `json:"customer"`
	Livemode      bool              `json:"livemode"`
	Metadata      map[string]string `json:"metadata"`
	Type          string            `json:"type"`
	USBankAccount struct {
		AccountHolderType           string  `json:"account_holder_type"`
		AccountType                 string  `json:"account_type"`
		BankName                    string  `json:"bank_name"`
		FinancialConnectionsAccount *string `json:"financial_connections_account"`
		Fingerprint                 string  `json:"fingerprint"`
		Last4                       string  `json:"last4"`
		Networks                    struct {
			Preferred string   `json:"preferred"`
			Supported []string `json:"supported"`
		} `json:"networks"`
		RoutingNumber string             `json:"routing_number"`
		StatusDetails *statusDetailsJSON `json:"status_details"`
	} `json:"us_bank_account"`
}

func (p *paymentMethod) json() pmJSON {
	var j pmJSON
	j.ID, j.Object, j.Created, j.Type = p.id, "payment_method", p.created.Unix(), "us_bank_account"
	j.BillingDetails.Name = strPtr(p.billingName)
	j.BillingDetails.Email = strPtr(p.billingMail)
	j.Customer = strPtr(p.customer)
	j.Metadata = map[string]string{}
	u := &j.USBankAccount
	u.AccountHolderType, u.AccountType, u.BankName = p.holderType, p.accountType, p.bankName
	u.FinancialConnectionsAccount = strPtr(p.account)
	u.Fingerprint, u.Last4, u.RoutingNumber = p.fingerprint, p.last4, testRoutingNumber
	u.Networks.Preferred, u.Networks.Supported = "ach", []string{"ach"}
	if p.blocked != nil {
		u.StatusDetails = &statusDetailsJSON{Blocked: p.blocked}
	}
	return j
}

type mandate struct {
	id         string
	created    time.Time
	pm         string
	multiUse   bool
	amount     int64
	currency   string
	acceptance mandateSpec
	status     string // "" means active; see mandates.go
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

// pmSpec is a validated payment method choice: an existing one, or one to
// create from a linked account.
type pmSpec struct {
	existing *paymentMethod
	account  *account
	name     string
	email    string
}

const pmAccountParam = "payment_method_data[us_bank_account][financial_connections_account]"

// parsePaymentMethod validates payment_method / payment_method_data.
func (s *Sim) parsePaymentMethod(f *form, customerID string) (*pmSpec, *apiError) {
	id, hasID := f.str("payment_method")
	if hasID && f.has("payment_method_data") {
		return nil, invalidRequest("payment_method_data", "You may only specify one of these parameters: payment_method, payment_method_data.")
	}
	if hasID {
		pm, ok := s.paymentMethods[id]
		if !ok {
			return nil, noSuchParam("payment_method", "payment_method", id)
		}
		if customerID != "" && pm.customer != "" && pm.customer != customerID {
			return nil, invalidRequest("payment_method", "The provided PaymentMethod belongs to another Customer.")
		}
		if aerr := pm.usable(); aerr != nil {
			return nil, aerr
		}
		return &pmSpec{existing: pm}, nil
	}
	if !f.has("payment_method_data") {
		return nil, nil
	}
	typ, _ := f.str("payment_method_data", "type")
	if typ == "" {
		return nil, missingParam("payment_method_data[type]")
	}
	if typ != "us_bank_account" {
		return nil, invalidValue("payment_method_data[type]", typ, "us_bank_account")
	}
	fca, _ := f.str("payment_method_data", "us_bank_account", "financial_connections_account")
	if fca == "" {
		if f.has("payment_method_data", "us_bank_account", "account_number") {
			return nil, invalidRequest("payment_method_data[us_bank_account][account_number]",
				"Manual entry with microdeposit verification is not modelled by the simulator; link an account with a Financial Connections session.")
		}
		return nil, missingParam(pmAccountParam)
	}
	a, ok := s.accounts[fca]
	if !ok {
		return nil, noSuchParam("financial_connections.account", pmAccountParam, fca)
	}
	if aerr := s.checkACHEligible(a, customerID); aerr != nil {
		return nil, aerr
	}
	name, _ := f.str("payment_method_data", "billing_details", "name")
	if name == "" {
		return nil, missingParam("payment_method_data[billing_details][name]")
	}
	email, _ := f.str("payment_method_data", "billing_details", "email")
	return &pmSpec{account: a, name: name, email: email}, nil
}

// checkACHEligible rejects accounts that cannot fund an ACH debit, the way
// Stripe does when a PaymentMethod is created from them.
func (s *Sim) checkACHEligible(a *account, customerID string) *apiError {
	switch {
	case !a.hasPerm("payment_method"):
		return invalidRequest(pmAccountParam, "The Financial Connections account %s was not linked with the payment_method permission, so it cannot be used to create a PaymentMethod.", a.id)
	case !a.prof.ach:
		return invalidRequestCode("payment_method_invalid_parameter", pmAccountParam,
			"The Financial Connections account %s (%s) does not support us_bank_account payments; only checking and savings accounts can be debited.", a.id, a.prof.subcategory)
	case a.status == "inactive":
		return inactiveError(a, pmAccountParam)
	case a.status == "disconnected":
		e := disconnectedError(a)
		e.Param = pmAccountParam
		return e
	case customerID != "" && a.holder.customer != "" && a.holder.customer != customerID:
		return invalidRequest(pmAccountParam, "The Financial Connections account %s belongs to a different customer.", a.id)
	}
	return nil
}

func (s *Sim) materializePM(spec *pmSpec, customerID string, now time.Time) *paymentMethod {
	if spec == nil {
		return nil
	}
	if spec.existing != nil {
		return spec.existing
	}
	a := spec.account
	pm := &paymentMethod{
		id: s.newID("pm_"), created: now, account: a.id, customer: customerID, billingName: spec.name,
		billingMail: spec.email, accountType: a.prof.subcategory, holderType: "individual",
		last4: a.prof.last4, bankName: "STRIPE TEST BANK", fingerprint: txnID(a.id, "fp")[6:22],
	}
	if a.holder.typ == "account" {
		pm.holderType = "company"
	}
	s.paymentMethods[pm.id] = pm
	s.stats.created["payment_method"]++
	return pm
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

// pmOptions are payment_method_options[us_bank_account].
type pmOptions struct {
	verification string
	perms        []string
	prefetch     []string
}

func parsePMOptions(f *form, base pmOptions) (pmOptions, *apiError) {
	const p = "payment_method_options"
	for _, k := range f.keys(p) {
		if k != "us_bank_account" {
			return base, invalidRequest(p+"["+k+"]", "The simulator only supports us_bank_account payment method options.")
		}
	}
	out := base
	if v, ok := f.str(p, "us_bank_account", "verification_method"); ok {
		if !contains(validVerification, v) {
			return base, invalidValue(p+"[us_bank_account][verification_method]", v, validVerification...)
		}
		out.verification = v
	}
	if f.has(p, "us_bank_account", "financial_connections", "permissions") {
		perms, aerr := validList(p+"[us_bank_account][financial_connections][permissions]",
			f.strs(p, "us_bank_account", "financial_connections", "permissions"), validPermissions)
		if aerr != nil {
			return base, aerr
		}
		if !contains(perms, "payment_method") {
			return base, invalidRequest(p+"[us_bank_account][financial_connections][permissions]", "The permissions of a payment must include payment_method.")
		}
		out.perms = perms
	}
	if f.has(p, "us_bank_account", "financial_connections", "prefetch") {
		pf, aerr := validList(p+"[us_bank_account][financial_connections][prefetch]",
			f.strs(p, "us_bank_account", "financial_connections", "prefetch"), validPrefetch)
		if aerr != nil {
			return base, aerr
		}
		out.prefetch = pf
	}
	for _, pf := range out.prefetch {
		if len(out.perms) > 0 && !contains(out.perms, pf) {
			return base, invalidRequest(p+"[us_bank_account][financial_connections][prefetch]", "You cannot prefetch %s without requesting the %s permission.", pf, pf)
		}
	}
	return out, nil
}

type pmOptionsJSON struct {
	USBankAccount struct {
		FinancialConnections struct {
			Permissions []string `json:"permissions"`
			Prefetch    []string `json:"prefetch"`
		} `json:"financial_connections"`
		VerificationMethod string `json:"verification_method"`
	} `json:"us_bank_account"`
}

func (o pmOptions) json() pmOptionsJSON {
	var j pmOptionsJSON
	perms := o.perms
	if len(perms) == 0 {
		perms = []string{"payment_method"}
	}
	j.USBankAccount.FinancialConnections.Permissions = perms
	j.USBankAccount.FinancialConnections.Prefetch = nonNil(o.prefetch)
	j.USBankAccount.VerificationMethod = o.verification
	if j.USBankAccount.VerificationMethod == "" {
		j.USBankAccount.VerificationMethod = "automatic"
	}
	return j
}

func parseTypes(f *form) ([]string, *apiError) {
	types := f.strs("payment_method_types")
	if len(types) == 0 {
		return []string{"us_bank_account"}, nil
	}
	return validList("payment_method_types", types, []string{"us_bank_account"})
}

func (s *Sim) parseCustomer(f *form) (string, *apiError) {
	id, ok := f.str("customer")
	if !ok || id == "" {
		return "", nil
	}
	if _, ok := s.customers[id]; !ok {
		return "", noSuchParam("customer", "customer", id)
	}
	return id, nil
}

func parseBool(f *form, param string) (bool, *apiError) {
	v, ok := f.str(param)
	if !ok {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, invalidRequest(param, "Invalid boolean: %s", param)
	}
	return b, nil
}

// expandedPM renders a payment method id or, when expanded, the object.
func (s *Sim) expandedPM(id string, expand []string) any {
	if id == "" {
		return nil
	}
	if contains(expand, "payment_method") {
		if pm, ok := s.paymentMethods[id]; ok {
			return pm.json()
		}
	}
	return id
}

// lastError is a PaymentIntent's last_payment_error.
type lastError struct {
	code, declineCode, message, typ, pm string
}

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

// lookup finds an object by id, or fails with Stripe's "No such" error.
func lookup[T any](m map[string]*T, kind, param, id string) (*T, *apiError) {
	v, ok := m[id]
	if !ok {
		return nil, noSuch(kind, param, id)
	}
	return v, nil
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
	if amount < minAmountUSD {
		return nil, invalidRequestCode(codeAmountTooSmall, "amount", "Amount must be at least $0.50 usd")
	}
	if amount > maxAmountUSD {
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

func unexpectedState(code, kind, id, status, action string) *apiError {
	return invalidRequestCode(code, "",
		"You cannot %s this %s because it has a status of %s.", action, kind, status)
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

func handleGetPaymentMethod(c *call) (any, *apiError) {
	pm, aerr := lookup(c.s.paymentMethods, "payment_method", "payment_method", c.ids[0])
	if aerr != nil {
		return nil, aerr
	}
	return pm.json(), nil
}

func handleGetMandate(c *call) (any, *apiError) {
	m, aerr := lookup(c.s.mandates, "mandate", "mandate", c.ids[0])
	if aerr != nil {
		return nil, aerr
	}
	return m.json(), nil
}
