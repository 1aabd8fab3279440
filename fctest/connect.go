package fctest

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// Connect: connected accounts, bank-account tokens and external accounts.
//
// The simulator keeps connected accounts of each type (custom, express,
// standard), created through POST /v1/accounts or [Sim.CreateConnectedAccount].
// A Financial Connections session created with account_holder[type]=account
// is completed by [Sim.CollectBankAccountToken], which links an account and
// returns the bank-account token (btok_…) that Stripe.js
// collectBankAccountToken returns in the browser. The external-accounts
// endpoints (/v1/accounts/{acct}/external_accounts) attach, list, update and
// delete bank accounts with state, and fail as Stripe does:
//
//   - a token attached twice: 400 token_already_used;
//   - a token collected for another connected account: 400 resource_missing
//     on external_account (tokens belong to the account they were made for,
//     and Stripe reports objects of another account as missing);
//   - any external-account change on a Standard account: 400
//     not_allowed_on_standard_account;
//   - deleting the default account of a currency: 400.
//
// A request with a Stripe-Account header naming an account the simulator
// does not know gets 403 account_invalid. The simulator records the header
// ([RequestRecord.StripeAccount]) and scopes idempotency keys by it.
// Customers, Financial Connections sessions and the accounts linked through
// them belong to the account they were created as (the platform without the
// header): requests acting as another account get resource_missing for
// them and do not list them. Other objects (transactions, PaymentIntents,
// SetupIntents, mandates) are not partitioned.

// Connected account types the simulator accepts (Stripe's type field).
const (
	ConnectCustom   = "custom"
	ConnectExpress  = "express"
	ConnectStandard = "standard"
)

// Error codes of the Connect endpoints, as Stripe spells them.
const (
	codeTokenAlreadyUsed   = "token_already_used"
	codeAccountInvalid     = "account_invalid"
	codeNotAllowedStandard = "not_allowed_on_standard_account"
)

// ErrNotConnectSession is returned by CollectBankAccountToken for a session
// whose holder is not a connected account, or that lacks the payment_method
// permission.
var ErrNotConnectSession = fmt.Errorf("fctest: not a connect payouts session")

type connectedAccount struct {
	id           string
	created      time.Time
	typ          string
	country      string
	email        string
	businessType string
	companyName  string
	firstName    string
	lastName     string
	metadata     map[string]string
	external     []string // ba_ ids, oldest first
	bankOwner    string   // overrides ownerName
}

// ownerName is the name a linked bank of the account is held in: the
// individual for individual accounts, else the company.
func (ca *connectedAccount) ownerName() string {
	if ca.bankOwner != "" {
		return ca.bankOwner
	}
	ind := strings.TrimSpace(ca.firstName + " " + ca.lastName)
	if ind != "" && ca.businessType != "company" {
		return ind
	}
	if ca.companyName != "" {
		return ca.companyName
	}
	return ind
}

type bankToken struct {
	id       string
	account  string // acct_ the token was collected for
	fca      string
	bankName string
	last4    string
	used     bool
	created  time.Time
}

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

type connectState struct {
	accounts map[string]*connectedAccount
	tokens   map[string]*bankToken
	external map[string]*externalAccount
}

// connectLocked returns the Connect state, creating it; callers hold s.mu.
func (s *Sim) connectLocked() *connectState {
	if s.connect == nil {
		s.connect = &connectState{accounts: map[string]*connectedAccount{}, tokens: map[string]*bankToken{}, external: map[string]*externalAccount{}}
	}
	return s.connect
}

func init() {
	routes = append(routes,
		route{http.MethodPost, seg("accounts"), []string{"type", "country", "email", "business_type", "company", "individual", "capabilities", "metadata"}, handleCreateConnectedAccount},
		route{http.MethodGet, seg("accounts", "*"), nil, handleGetConnectedAccount},
		route{http.MethodPost, seg("accounts", "*", "external_accounts"), []string{"external_account", "default_for_currency", "metadata"}, handleAttachExternal},
		route{http.MethodGet, seg("accounts", "*", "external_accounts"), []string{"object", "limit", "starting_after", "ending_before"}, handleListExternal},
		route{http.MethodGet, seg("accounts", "*", "external_accounts", "*"), nil, handleGetExternal},
		route{http.MethodPost, seg("accounts", "*", "external_accounts", "*"), []string{"default_for_currency", "metadata", "account_holder_name", "account_holder_type"}, handleUpdateExternal},
		route{http.MethodDelete, seg("accounts", "*", "external_accounts", "*"), nil, handleDeleteExternal},
		route{http.MethodGet, seg("accounts", "*", "persons"), []string{"relationship", "limit", "starting_after", "ending_before"}, handleListPersons},
	)
}

// ConnectedAccountSpec describes a connected account for
// [Sim.CreateConnectedAccount].
type ConnectedAccountSpec struct {
	// Type is ConnectCustom, ConnectExpress or ConnectStandard (required).
	Type string
	// BusinessType is "individual" or "company"; "" means individual.
	BusinessType string
	// CompanyName, FirstName and LastName name the business and its
	// representative; the banks the account links are held in
	// FirstName LastName (individual) or CompanyName (company).
	CompanyName, FirstName, LastName string
	Email                            string
	// BankOwnerName, when set, is the name the linked banks are held in
	// instead (e.g. a company's bank held in its representative's name).
	BankOwnerName string
}

// CreateConnectedAccount creates a connected account as the platform's
// POST /v1/accounts would, and returns its acct_ id.
func (s *Sim) CreateConnectedAccount(spec ConnectedAccountSpec) (string, error) {
	switch spec.Type {
	case ConnectCustom, ConnectExpress, ConnectStandard:
	default:
		return "", fmt.Errorf("fctest: unknown connected account type %q", spec.Type)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ca := s.newConnectedLocked(spec.Type, s.now())
	ca.businessType, ca.companyName, ca.firstName, ca.lastName, ca.email = spec.BusinessType, spec.CompanyName, spec.FirstName, spec.LastName, spec.Email
	ca.bankOwner = spec.BankOwnerName
	if ca.businessType == "" {
		ca.businessType = "individual"
	}
	return ca.id, nil
}

func (s *Sim) newConnectedLocked(typ string, now time.Time) *connectedAccount {
	ca := &connectedAccount{id: s.newID("acct_"), created: now, typ: typ, country: "US", metadata: map[string]string{}}
	s.connectLocked().accounts[ca.id] = ca
	s.stats.created["account"]++
	return ca
}

// BankAccountToken is what Stripe.js collectBankAccountToken hands the
// browser after the connected account linked its bank.
type BankAccountToken struct {
	// Token is the bank-account token (btok_…) to attach with
	// POST /v1/accounts/{acct}/external_accounts.
	Token string
	// FinancialConnectionsAccount is the linked account (fca_…).
	FinancialConnectionsAccount string
}

// CollectBankAccountToken completes a session created with
// account_holder[type]=account and the payment_method permission, as the
// connected account linking one account at inst (default
// [InstitutionSuccess]) in the browser would, and returns the bank-account
// token collectBankAccountToken returns. The account must support ACH
// (cash checking or savings). Errors: ErrNotFound, ErrSessionLinked,
// ErrNotConnectSession, *UnknownInstitutionError.
func (s *Sim) CollectBankAccountToken(sessionID string, inst ...Institution) (BankAccountToken, error) {
	in := InstitutionSuccess
	if len(inst) > 0 {
		in = inst[0]
	}
	if !in.Valid() {
		return BankAccountToken{}, &UnknownInstitutionError{Name: string(in)}
	}
	s.mu.Lock()
	tok, err := s.collectTokenLocked(sessionID, in)
	s.mu.Unlock()
	s.flushWebhooks()
	return tok, err
}

func (s *Sim) collectTokenLocked(sessionID string, in Institution) (BankAccountToken, error) {
	se, ok := s.sessions[sessionID]
	switch {
	case !ok:
		return BankAccountToken{}, fmt.Errorf("%w: session %q", ErrNotFound, sessionID)
	case se.holder.typ != "account" || !contains(se.permissions, "payment_method"):
		return BankAccountToken{}, fmt.Errorf("%w: %s", ErrNotConnectSession, sessionID)
	case !profiles[in].ach:
		return BankAccountToken{}, fmt.Errorf("fctest: %s accounts cannot receive payouts", in)
	}
	ids, err := s.linkLocked(sessionID, []Institution{in})
	if err != nil {
		return BankAccountToken{}, err
	}
	a := s.accounts[ids[0]]
	t := &bankToken{
		id: s.newID("btok_"), account: se.holder.account, fca: a.id, bankName: strings.ToUpper(a.prof.institutionName),
		last4: a.prof.last4, created: s.now(),
	}
	s.connectLocked().tokens[t.id] = t
	return BankAccountToken{Token: t.id, FinancialConnectionsAccount: a.id}, nil
}

// connectOwnerLocked names the owner of an account linked for a connected
// account after that account's representative or company.
func (s *Sim) connectOwnerLocked(a *account) {
	if s.connect == nil || a.holder.account == "" || a.prof.ownerMismatch {
		return
	}
	if ca, ok := s.connect.accounts[a.holder.account]; ok && ca.ownerName() != "" {
		a.ownerName, a.ownerEmail = ca.ownerName(), ca.email
	}
}

// connectSessionCheckLocked refuses data permissions for a Standard
// account: the platform cannot read their bank account data.
func (s *Sim) connectSessionCheckLocked(h accountHolder, perms []string) *apiError {
	if s.connect == nil || h.typ != "account" {
		return nil
	}
	ca, ok := s.connect.accounts[h.account]
	if !ok || ca.typ != ConnectStandard {
		return nil
	}
	for _, p := range perms {
		if p != "payment_method" {
			return invalidRequest("permissions", "The %s permission cannot be requested for a Standard connected account; the platform cannot access its bank account data.", p)
		}
	}
	return nil
}

// checkStripeAccountLocked answers 403 account_invalid for a Stripe-Account
// header naming an account the simulator does not know.
func (s *Sim) checkStripeAccountLocked(acct string) *apiError {
	if acct == "" {
		return nil
	}
	if s.connect != nil {
		if _, ok := s.connect.accounts[acct]; ok {
			return nil
		}
	}
	e := invalidRequestCode(codeAccountInvalid, "", "The provided key does not have access to account '%s' (or that account does not exist). Application access may have been revoked.", acct)
	e.Status = http.StatusForbidden
	return e
}

type connectedAccountJSON struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	Type             string            `json:"type"`
	BusinessType     *string           `json:"business_type"`
	Company          *companyJSON      `json:"company,omitempty"`
	Individual       *individualJSON   `json:"individual,omitempty"`
	Controller       controllerJSON    `json:"controller"`
	Country          string            `json:"country"`
	Created          int64             `json:"created"`
	DefaultCurrency  string            `json:"default_currency"`
	DetailsSubmitted bool              `json:"details_submitted"`
	ChargesEnabled   bool              `json:"charges_enabled"`
	PayoutsEnabled   bool              `json:"payouts_enabled"`
	Email            *string           `json:"email"`
	ExternalAccounts listJSON          `json:"external_accounts"`
	Metadata         map[string]string `json:"metadata"`
}

type companyJSON struct {
	Name *string `json:"name"`
}

type individualJSON struct {
	ID        string  `json:"id"`
	Object    string  `json:"object"`
	Account   string  `json:"account"`
	FirstName *string `json:"first_name"`
	LastName  *string `json:"last_name"`
}

type personJSON struct {
	ID           string           `json:"id"`
	Object       string           `json:"object"`
	Account      string           `json:"account"`
	Created      int64            `json:"created"`
	FirstName    *string          `json:"first_name"`
	LastName     *string          `json:"last_name"`
	Relationship relationshipJSON `json:"relationship"`
}

type relationshipJSON struct {
	Director       bool `json:"director"`
	Executive      bool `json:"executive"`
	Owner          bool `json:"owner"`
	Representative bool `json:"representative"`
}

// handleListPersons lists the account's one person, its representative
// (the individual named at creation), filtered by relationship[…]=true.
func handleListPersons(c *call) (any, *apiError) {
	ca, aerr := c.connected()
	if aerr != nil {
		return nil, aerr
	}
	var ids []string
	if ca.firstName != "" || ca.lastName != "" {
		ids = []string{"person_" + ca.id[len("acct_"):]}
	}
	for _, k := range c.form.keys("relationship") {
		v, _ := c.form.str("relationship", k)
		if v == "true" && k != "representative" {
			ids = nil
		}
	}
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	var data []any
	for _, id := range ids[lo:hi] {
		data = append(data, personJSON{ID: id, Object: "person", Account: ca.id, Created: ca.created.Unix(),
			FirstName: strPtr(ca.firstName), LastName: strPtr(ca.lastName), Relationship: relationshipJSON{Representative: true}})
	}
	return newList("/v1/accounts/"+ca.id+"/persons", data, more), nil
}

type controllerJSON struct {
	IsController          bool   `json:"is_controller"`
	Type                  string `json:"type"`
	RequirementCollection string `json:"requirement_collection"`
}

func (s *Sim) connectedJSON(ca *connectedAccount) connectedAccountJSON {
	j := connectedAccountJSON{
		ID: ca.id, Object: "account", Type: ca.typ, BusinessType: strPtr(ca.businessType), Country: ca.country,
		Created: ca.created.Unix(), DefaultCurrency: "usd", Email: strPtr(ca.email), Metadata: ca.metadata,
		Controller: controllerJSON{IsController: true, Type: "application", RequirementCollection: "application"},
	}
	if ca.typ == ConnectStandard {
		j.Controller = controllerJSON{IsController: true, Type: "account", RequirementCollection: "stripe"}
	}
	if ca.businessType == "company" || ca.companyName != "" {
		j.Company = &companyJSON{Name: strPtr(ca.companyName)}
	}
	if ca.businessType == "individual" && (ca.firstName != "" || ca.lastName != "") {
		j.Individual = &individualJSON{ID: "person_" + ca.id[len("acct_"):], Object: "person", Account: ca.id,
			FirstName: strPtr(ca.firstName), LastName: strPtr(ca.lastName)}
	}
	var data []any
	for _, id := range s.sortedByCreation(ca.external) {
		data = append(data, s.connect.external[id].json())
	}
	j.PayoutsEnabled = len(data) > 0
	j.ExternalAccounts = newList("/v1/accounts/"+ca.id+"/external_accounts", data, false)
	return j
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

func handleCreateConnectedAccount(c *call) (any, *apiError) {
	f := c.form
	typ, _ := f.str("type")
	switch typ {
	case "":
		return nil, missingParam("type")
	case ConnectCustom, ConnectExpress, ConnectStandard:
	default:
		return nil, invalidValue("type", typ, ConnectCustom, ConnectExpress, ConnectStandard)
	}
	bt, _ := f.str("business_type")
	if bt != "" && bt != "individual" && bt != "company" {
		return nil, invalidValue("business_type", bt, "individual", "company")
	}
	ca := c.s.newConnectedLocked(typ, c.now)
	ca.businessType = bt
	if v, ok := f.str("country"); ok {
		ca.country = v
	}
	ca.email, _ = f.str("email")
	ca.companyName, _ = f.str("company", "name")
	ca.firstName, _ = f.str("individual", "first_name")
	ca.lastName, _ = f.str("individual", "last_name")
	ca.metadata = metadataOf(f)
	return c.s.connectedJSON(ca), nil
}

// connected returns the connected account of the path's first id.
func (c *call) connected() (*connectedAccount, *apiError) {
	if c.s.connect != nil {
		if ca, ok := c.s.connect.accounts[c.ids[0]]; ok {
			return ca, nil
		}
	}
	return nil, noSuch("account", "account", c.ids[0])
}

func handleGetConnectedAccount(c *call) (any, *apiError) {
	ca, aerr := c.connected()
	if aerr != nil {
		return nil, aerr
	}
	return c.s.connectedJSON(ca), nil
}

// managed returns the connected account of the path if the platform may
// change its external accounts.
func (c *call) managed() (*connectedAccount, *apiError) {
	ca, aerr := c.connected()
	if aerr != nil {
		return nil, aerr
	}
	if ca.typ == ConnectStandard {
		return nil, invalidRequestCode(codeNotAllowedStandard, "", "This operation is not allowed on Standard accounts: their owner manages their external accounts.")
	}
	return ca, nil
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

func boolParam(f *form, name string) (bool, *apiError) {
	v, ok := f.str(name)
	switch {
	case !ok || v == "false":
		return false, nil
	case v == "true":
		return true, nil
	}
	return false, invalidRequest(name, "Invalid boolean: %s must be true or false.", name)
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

// ConnectedAccount returns the connected account acct as the API would, or
// false.
func (s *Sim) ConnectedAccount(acct string) (*stripe.Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.connect == nil {
		return nil, false
	}
	ca, ok := s.connect.accounts[acct]
	if !ok {
		return nil, false
	}
	return decodeInto[stripe.Account](s.connectedJSON(ca)), true
}
