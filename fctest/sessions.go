package fctest

import (
	"fmt"
	"strings"
	"time"
)

// Permissions, prefetch and subcategory values Stripe accepts.
var (
	validPermissions   = []string{"payment_method", "balances", "ownership", "transactions"}
	validPrefetch      = []string{"balances", "ownership", "transactions"}
	validSubcategories = []string{"checking", "savings", "credit_card", "line_of_credit", "mortgage"}
)

// accountHolder is the owner of a session and its accounts.
type accountHolder struct {
	typ             string // customer | account
	customer        string
	customerAccount string // Accounts v2 customer-configured account
	account         string
}

type holderJSON struct {
	Type            string  `json:"type"`
	Customer        *string `json:"customer"`
	CustomerAccount *string `json:"customer_account,omitempty"`
	Account         *string `json:"account"`
}

func (h accountHolder) json() holderJSON {
	return holderJSON{Type: h.typ, Customer: strPtr(h.customer), CustomerAccount: strPtr(h.customerAccount), Account: strPtr(h.account)}
}

type session struct {
	owner         string // the connected account it was created as, "" for the platform
	id            string
	clientSecret  string
	created       time.Time
	holder        accountHolder
	permissions   []string
	prefetch      []string
	countries     []string
	subcategories []string
	returnURL     string
	accounts      []string
	linked        bool
}

type filtersJSON struct {
	AccountSubcategories []string `json:"account_subcategories"`
	Countries            []string `json:"countries"`
}

type sessionJSON struct {
	ID            string      `json:"id"`
	Object        string      `json:"object"`
	AccountHolder holderJSON  `json:"account_holder"`
	Accounts      listJSON    `json:"accounts"`
	ClientSecret  string      `json:"client_secret"`
	Filters       filtersJSON `json:"filters"`
	Livemode      bool        `json:"livemode"`
	Permissions   []string    `json:"permissions"`
	Prefetch      []string    `json:"prefetch"`
	ReturnURL     *string     `json:"return_url"`
}

func (s *Sim) sessionJSON(se *session) sessionJSON {
	var data []any
	for _, id := range se.accounts {
		data = append(data, s.accountJSON(s.accounts[id], nil))
	}
	return sessionJSON{
		ID: se.id, Object: "financial_connections.session", AccountHolder: se.holder.json(),
		Accounts:     newList("/v1/financial_connections/accounts", data, false),
		ClientSecret: se.clientSecret,
		Filters:      filtersJSON{AccountSubcategories: se.subcategories, Countries: se.countries},
		Permissions:  se.permissions, Prefetch: nonNil(se.prefetch), ReturnURL: strPtr(se.returnURL),
	}
}

func prefetchPermission(p string) string { return p } // balances, ownership, transactions

func handleCreateSession(c *call) (any, *apiError) {
	s, f := c.s, c.form
	if !f.has("account_holder") {
		return nil, missingParam("account_holder")
	}
	var h accountHolder
	h.typ, _ = f.str("account_holder", "type")
	h.customer, _ = f.str("account_holder", "customer")
	h.customerAccount, _ = f.str("account_holder", "customer_account")
	h.account, _ = f.str("account_holder", "account")
	for _, k := range f.keys("account_holder") {
		if !contains([]string{"type", "customer", "customer_account", "account"}, k) {
			return nil, unknownParam("account_holder[" + k + "]")
		}
	}
	switch h.typ {
	case "":
		return nil, missingParam("account_holder[type]")
	case "customer":
		if h.account != "" {
			return nil, invalidRequest("account_holder[account]", "account_holder[account] may only be set when account_holder[type] is account.")
		}
		switch {
		case h.customer == "" && h.customerAccount == "":
			return nil, invalidRequestCode(codeParameterMissing, "account_holder[customer]", "Missing required param: account_holder[customer] (or account_holder[customer_account]) when account_holder[type] is customer.")
		case h.customer != "" && h.customerAccount != "":
			return nil, invalidRequest("account_holder[customer_account]", "You may only specify one of these parameters: account_holder[customer], account_holder[customer_account].")
		case h.customer != "":
			if cu, ok := s.customers[h.customer]; !ok || cu.owner != c.acting {
				return nil, noSuchParam("customer", "account_holder[customer]", h.customer)
			}
		default:
			if !strings.HasPrefix(h.customerAccount, "acct_") {
				return nil, noSuchParam("account", "account_holder[customer_account]", h.customerAccount)
			}
		}
	case "account":
		if h.customer != "" || h.customerAccount != "" {
			return nil, invalidRequest("account_holder[customer]", "account_holder[customer] may only be set when account_holder[type] is customer.")
		}
		if h.account == "" {
			return nil, missingParam("account_holder[account]")
		}
		if !strings.HasPrefix(h.account, "acct_") {
			return nil, noSuchParam("account", "account_holder[account]", h.account)
		}
	default:
		return nil, invalidValue("account_holder[type]", h.typ, "customer", "account")
	}

	perms, aerr := validList("permissions", f.strs("permissions"), validPermissions)
	if aerr != nil {
		return nil, aerr
	}
	if len(perms) == 0 {
		return nil, missingParam("permissions")
	}
	if aerr := s.connectSessionCheckLocked(h, perms); aerr != nil {
		return nil, aerr
	}
	prefetch, aerr := validList("prefetch", f.strs("prefetch"), validPrefetch)
	if aerr != nil {
		return nil, aerr
	}
	for _, p := range prefetch {
		if !contains(perms, prefetchPermission(p)) {
			return nil, invalidRequest("prefetch", "You cannot prefetch %s without requesting the %s permission.", p, prefetchPermission(p))
		}
	}
	countries := f.strs("filters", "countries")
	for _, k := range f.keys("filters") {
		if k != "countries" && k != "account_subcategories" {
			return nil, unknownParam("filters[" + k + "]")
		}
	}
	for _, cc := range countries {
		if cc != "US" {
			return nil, invalidValue("filters[countries]", cc, "US")
		}
	}
	if len(countries) == 0 {
		countries = []string{"US"}
	}
	subs, aerr := validList("filters[account_subcategories]", f.strs("filters", "account_subcategories"), validSubcategories)
	if aerr != nil {
		return nil, aerr
	}
	returnURL, _ := f.str("return_url")

	se := &session{
		id: s.newID("fcsess_"), created: c.now, holder: h, permissions: perms, prefetch: prefetch,
		countries: countries, subcategories: subs, returnURL: returnURL, owner: c.acting,
	}
	se.clientSecret = "fcsess_client_secret_" + s.newSecret(18)
	s.sessions[se.id] = se
	s.stats.created["financial_connections.session"]++
	return s.sessionJSON(se), nil
}

func handleGetSession(c *call) (any, *apiError) {
	se, ok := c.s.sessions[c.ids[0]]
	if !ok || se.owner != c.acting {
		return nil, noSuch("financial_connections.session", "session", c.ids[0])
	}
	return c.s.sessionJSON(se), nil
}

// LinkAccounts completes the authentication flow of the session as a user
// picking accounts at the given test institutions would (one account per
// institution; none means [InstitutionSuccess]). It returns the new fca_
// ids, emits financial_connections.account.created for each, and starts
// the session's prefetch refreshes on the active ones.
func (s *Sim) LinkAccounts(sessionID string, insts ...Institution) ([]string, error) {
	if len(insts) == 0 {
		insts = []Institution{InstitutionSuccess}
	}
	for _, in := range insts {
		if err := in.validate(); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	ids, err := s.linkLocked(sessionID, insts)
	s.mu.Unlock()
	s.flushWebhooks()
	return ids, err
}

func (s *Sim) linkLocked(sessionID string, insts []Institution) ([]string, error) {
	se, ok := s.sessions[sessionID]
	if !ok {
		return nil, fmt.Errorf("%w: session %q", ErrNotFound, sessionID)
	}
	if se.linked {
		return nil, fmt.Errorf("%w: %s", ErrSessionLinked, sessionID)
	}
	for _, in := range insts {
		p := profiles[in]
		if len(se.subcategories) > 0 && !contains(se.subcategories, p.subcategory) {
			return nil, fmt.Errorf("%w: %s is a %s account", ErrFilteredOut, in, p.subcategory)
		}
	}
	now := s.now()
	var ids []string
	for _, in := range insts {
		a := s.newAccountLocked(se, in, now)
		ids = append(ids, a.id)
	}
	se.accounts = append(se.accounts, ids...)
	se.linked = true
	return ids, nil
}
