package fctest

import "time"

// testRoutingNumber is the routing number of every simulated bank account.
const testRoutingNumber = "110000000"

var validVerification = []string{"automatic", "instant", "microdeposits"}

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

func handleGetPaymentMethod(c *call) (any, *apiError) {
	pm, aerr := lookup(c.s.paymentMethods, "payment_method", "payment_method", c.ids[0])
	if aerr != nil {
		return nil, aerr
	}
	return pm.json(), nil
}
