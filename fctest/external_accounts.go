package fctest

import "github.com/stripe/stripe-go/v82"

type externalAccount struct {
	id          string
	account     string
	bankName    string
	last4       string
	fingerprint string
	isDefault   bool
	holderName  string
	holderType  string
	metadata    map[string]string
}

type bankAccountJSON struct {
	ID                     string            `json:"id"`
	Object                 string            `json:"object"`
	Account                string            `json:"account"`
	AccountHolderName      *string           `json:"account_holder_name"`
	AccountHolderType      *string           `json:"account_holder_type"`
	AccountType            *string           `json:"account_type"`
	AvailablePayoutMethods []string          `json:"available_payout_methods"`
	BankName               string            `json:"bank_name"`
	Country                string            `json:"country"`
	Currency               string            `json:"currency"`
	DefaultForCurrency     bool              `json:"default_for_currency"`
	Fingerprint            string            `json:"fingerprint"`
	Last4                  string            `json:"last4"`
	Metadata               map[string]string `json:"metadata"`
	RoutingNumber          string            `json:"routing_number"`
	Status                 string            `json:"status"`
}

func (e *externalAccount) json() bankAccountJSON {
	md := e.metadata
	if md == nil {
		md = map[string]string{}
	}
	return bankAccountJSON{
		ID: e.id, Object: "bank_account", Account: e.account, AccountHolderName: strPtr(e.holderName),
		AccountHolderType: strPtr(e.holderType), AvailablePayoutMethods: []string{"standard"},
		BankName: e.bankName, Country: "US", Currency: "usd", DefaultForCurrency: e.isDefault,
		Fingerprint: e.fingerprint, Last4: e.last4, Metadata: md, RoutingNumber: testRoutingNumber, Status: "new",
	}
}

func handleAttachExternal(c *call) (any, *apiError) {
	s := c.s
	ca, aerr := c.managed()
	if aerr != nil {
		return nil, aerr
	}
	tokID, ok := c.form.str("external_account")
	if !ok || tokID == "" {
		return nil, missingParam("external_account")
	}
	tok, ok := s.connect.tokens[tokID]
	if !ok || tok.account != ca.id {
		return nil, noSuchParam("token", "external_account", tokID)
	}
	if tok.used {
		return nil, invalidRequestCode(codeTokenAlreadyUsed, "external_account", "You cannot use a Stripe token more than once: %s.", tokID)
	}
	def, aerr := boolParam(c.form, "default_for_currency")
	if aerr != nil {
		return nil, aerr
	}
	tok.used = true
	e := &externalAccount{
		id: s.newID("ba_"), account: ca.id, bankName: tok.bankName, last4: tok.last4,
		fingerprint: "fp" + tok.fca[len("fca_"):len("fca_")+14], holderName: "", holderType: ca.businessType,
		metadata: metadataOf(c.form),
	}
	if len(ca.external) == 0 {
		def = true // the first external account of a currency is its default
	}
	s.connect.external[e.id] = e
	ca.external = append(ca.external, e.id)
	if def {
		s.makeDefaultLocked(ca, e)
	}
	s.stats.created["bank_account"]++
	return e.json(), nil
}

func (s *Sim) makeDefaultLocked(ca *connectedAccount, e *externalAccount) {
	for _, id := range ca.external {
		s.connect.external[id].isDefault = id == e.id
	}
}

// external returns the connected account that account finds (c.connected
// for reads, c.managed for changes) and its external account of the
// path's second id.
func (c *call) external(account func() (*connectedAccount, *apiError)) (*connectedAccount, *externalAccount, *apiError) {
	ca, aerr := account()
	if aerr != nil {
		return nil, nil, aerr
	}
	if e, ok := c.s.connect.external[c.ids[1]]; ok && e.account == ca.id {
		return ca, e, nil
	}
	return nil, nil, noSuch("external account", "id", c.ids[1])
}

func handleListExternal(c *call) (any, *apiError) {
	ca, aerr := c.connected()
	if aerr != nil {
		return nil, aerr
	}
	if o, ok := c.form.str("object"); ok && o != "bank_account" && o != "card" {
		return nil, invalidValue("object", o, "bank_account", "card")
	}
	ids := c.s.sortedByCreation(ca.external)
	if o, _ := c.form.str("object"); o == "card" {
		ids = nil
	}
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	var data []any
	for _, id := range ids[lo:hi] {
		data = append(data, c.s.connect.external[id].json())
	}
	return newList("/v1/accounts/"+ca.id+"/external_accounts", data, more), nil
}

func handleGetExternal(c *call) (any, *apiError) {
	_, e, aerr := c.external(c.connected)
	if aerr != nil {
		return nil, aerr
	}
	return e.json(), nil
}

func handleUpdateExternal(c *call) (any, *apiError) {
	ca, e, aerr := c.external(c.managed)
	if aerr != nil {
		return nil, aerr
	}
	def, aerr := boolParam(c.form, "default_for_currency")
	if aerr != nil {
		return nil, aerr
	}
	if v, ok := c.form.str("default_for_currency"); ok && v == "false" && e.isDefault {
		return nil, invalidRequest("default_for_currency", "You cannot unset the default external account for a currency; make another external account the default instead.")
	}
	if def {
		c.s.makeDefaultLocked(ca, e)
	}
	if v, ok := c.form.str("account_holder_name"); ok {
		e.holderName = v
	}
	if v, ok := c.form.str("account_holder_type"); ok {
		if v != "individual" && v != "company" {
			return nil, invalidValue("account_holder_type", v, "individual", "company")
		}
		e.holderType = v
	}
	for k, v := range metadataOf(c.form) {
		if e.metadata == nil {
			e.metadata = map[string]string{}
		}
		e.metadata[k] = v
	}
	return e.json(), nil
}

func handleDeleteExternal(c *call) (any, *apiError) {
	ca, e, aerr := c.external(c.managed)
	if aerr != nil {
		return nil, aerr
	}
	if e.isDefault {
		return nil, invalidRequest("", "You cannot delete the default external account for your default currency. Please make another external account the default using the default_for_currency param, and then delete this one.")
	}
	delete(c.s.connect.external, e.id)
	for i, id := range ca.external {
		if id == e.id {
			ca.external = append(ca.external[:i], ca.external[i+1:]...)
			break
		}
	}
	return map[string]any{"id": e.id, "object": "bank_account", "deleted": true}, nil
}

// ExternalAccounts returns the external bank accounts of the connected
// account acct, newest first, as the API would; nil for an unknown account.
func (s *Sim) ExternalAccounts(acct string) []*stripe.BankAccount {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.connect == nil {
		return nil
	}
	ca, ok := s.connect.accounts[acct]
	if !ok {
		return nil
	}
	var out []*stripe.BankAccount
	for _, id := range s.sortedByCreation(ca.external) {
		out = append(out, decodeInto[stripe.BankAccount](s.connect.external[id].json()))
	}
	return out
}
