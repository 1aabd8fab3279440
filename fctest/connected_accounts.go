package fctest

import (
	"fmt"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// Connected account types the simulator accepts (Stripe's type field).
const (
	ConnectCustom   = "custom"
	ConnectExpress  = "express"
	ConnectStandard = "standard"
)

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
