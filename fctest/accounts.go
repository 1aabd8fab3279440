package fctest

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Permissions, prefetch and subcategory values Stripe accepts.
var (
	validPermissions   = []string{"payment_method", "balances", "ownership", "transactions"}
	validPrefetch      = []string{"balances", "ownership", "transactions"}
	validSubcategories = []string{"checking", "savings", "credit_card", "line_of_credit", "mortgage"}
)

type customer struct {
	owner       string // the connected account it was created as, "" for the platform
	id          string
	created     time.Time
	name        string
	email       string
	phone       string
	description string
	metadata    map[string]string
}

type customerJSON struct {
	ID          string            `json:"id"`
	Object      string            `json:"object"`
	Created     int64             `json:"created"`
	Description *string           `json:"description"`
	Email       *string           `json:"email"`
	Livemode    bool              `json:"livemode"`
	Metadata    map[string]string `json:"metadata"`
	Name        *string           `json:"name"`
	Phone       *string           `json:"phone"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func unixPtr(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	u := t.Unix()
	return &u
}

func (c *customer) json() customerJSON {
	md := c.metadata
	if md == nil {
		md = map[string]string{}
	}
	return customerJSON{
		ID: c.id, Object: "customer", Created: c.created.Unix(), Description: strPtr(c.description),
		Email: strPtr(c.email), Metadata: md, Name: strPtr(c.name), Phone: strPtr(c.phone),
	}
}

func metadataOf(f *form) map[string]string {
	md := map[string]string{}
	for _, k := range f.keys("metadata") {
		if v, ok := f.str("metadata", k); ok {
			md[k] = v
		}
	}
	return md
}

func handleCreateCustomer(c *call) (any, *apiError) {
	s := c.s
	cu := &customer{owner: c.acting, id: s.newID("cus_"), created: c.now, metadata: metadataOf(c.form)}
	cu.name, _ = c.form.str("name")
	cu.email, _ = c.form.str("email")
	cu.phone, _ = c.form.str("phone")
	cu.description, _ = c.form.str("description")
	s.customers[cu.id] = cu
	s.stats.created["customer"]++
	return cu.json(), nil
}

func handleGetCustomer(c *call) (any, *apiError) {
	cu, ok := c.s.customers[c.ids[0]]
	if !ok || cu.owner != c.acting {
		return nil, noSuch("customer", "id", c.ids[0])
	}
	return cu.json(), nil
}

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

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// validList checks that every value is allowed and returns them without
// duplicates, in the order given.
func validList(param string, values, allowed []string) ([]string, *apiError) {
	var out []string
	for _, v := range values {
		if !contains(allowed, v) {
			return nil, invalidValue(param, v, allowed...)
		}
		if !contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
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

// account is a linked Financial Connections account.
type account struct {
	owner        string // the connected account its session was created as
	id           string
	created      time.Time
	inst         Institution
	prof         profile
	holder       accountHolder
	sessionID    string
	perms        []string
	status       string
	subscribed   bool
	subGen       int
	balance      *balanceSnap
	refresh      map[Feature]*refreshState
	ownershipID  string
	failing      map[Feature]bool
	txnSeed      uint64
	rows         map[string]*txnRow // by generator key
	refreshSeq   int
	txnSucceeded bool
	ownerName    string
	ownerEmail   string
	ledger       []ledgerEntry // ACH debits and refunds; see ledger.go
}

func (a *account) hasPerm(p string) bool { return contains(a.perms, p) }

type balanceSnap struct {
	asOf      time.Time
	current   int64
	available int64 // cash
	used      int64 // credit
}

type refreshJSON struct {
	ID                     string `json:"id,omitempty"`
	LastAttemptedAt        int64  `json:"last_attempted_at"`
	NextRefreshAvailableAt *int64 `json:"next_refresh_available_at"`
	Status                 string `json:"status"`
}

type balanceJSON struct {
	AsOf    int64            `json:"as_of"`
	Cash    *cashJSON        `json:"cash"`
	Credit  *creditJSON      `json:"credit"`
	Current map[string]int64 `json:"current"`
	Type    string           `json:"type"`
}

type cashJSON struct {
	Available map[string]int64 `json:"available"`
}

type creditJSON struct {
	Used map[string]int64 `json:"used"`
}

type accountJSON struct {
	ID                          string       `json:"id"`
	Object                      string       `json:"object"`
	AccountHolder               holderJSON   `json:"account_holder"`
	Balance                     *balanceJSON `json:"balance"`
	BalanceRefresh              *refreshJSON `json:"balance_refresh"`
	Category                    string       `json:"category"`
	Created                     int64        `json:"created"`
	DisplayName                 string       `json:"display_name"`
	InstitutionName             string       `json:"institution_name"`
	Last4                       string       `json:"last4"`
	Livemode                    bool         `json:"livemode"`
	Ownership                   any          `json:"ownership"`
	OwnershipRefresh            *refreshJSON `json:"ownership_refresh"`
	Permissions                 []string     `json:"permissions"`
	Status                      string       `json:"status"`
	Subcategory                 string       `json:"subcategory"`
	Subscriptions               []string     `json:"subscriptions"`
	SupportedPaymentMethodTypes []string     `json:"supported_payment_method_types"`
	TransactionRefresh          *refreshJSON `json:"transaction_refresh"`
}

func (s *Sim) refreshJSON(a *account, f Feature) *refreshJSON {
	st := a.refresh[f]
	if st == nil {
		return nil
	}
	r := &refreshJSON{LastAttemptedAt: st.lastAttempted.Unix(), Status: st.status}
	if f == FeatureTransactions {
		r.ID = st.id
	}
	if st.status != refreshPending && a.status == "active" {
		r.NextRefreshAvailableAt = unixPtr(st.nextAvailable)
	}
	return r
}

func (s *Sim) accountJSON(a *account, expand []string) accountJSON {
	j := accountJSON{
		ID: a.id, Object: "financial_connections.account", AccountHolder: a.holder.json(),
		Category: a.prof.category, Created: a.created.Unix(), DisplayName: a.prof.displayName,
		InstitutionName: a.prof.institutionName, Last4: a.prof.last4, Permissions: a.perms,
		Status: a.status, Subcategory: a.prof.subcategory, Subscriptions: []string{},
		SupportedPaymentMethodTypes: []string{},
		BalanceRefresh:              s.refreshJSON(a, FeatureBalance),
		OwnershipRefresh:            s.refreshJSON(a, FeatureOwnership),
		TransactionRefresh:          s.refreshJSON(a, FeatureTransactions),
	}
	if a.subscribed {
		j.Subscriptions = []string{"transactions"}
	}
	if a.prof.ach {
		j.SupportedPaymentMethodTypes = []string{"us_bank_account"}
	}
	if b := a.balance; b != nil {
		bj := &balanceJSON{AsOf: b.asOf.Unix(), Current: map[string]int64{"usd": b.current}}
		if a.prof.category == "credit" {
			bj.Type = "credit"
			bj.Credit = &creditJSON{Used: map[string]int64{"usd": b.used}}
		} else {
			bj.Type = "cash"
			bj.Cash = &cashJSON{Available: map[string]int64{"usd": b.available}}
		}
		j.Balance = bj
	}
	if a.ownershipID != "" {
		if contains(expand, "ownership") {
			j.Ownership = s.ownershipJSON(s.ownerships[a.ownershipID])
		} else {
			j.Ownership = a.ownershipID
		}
	}
	return j
}

func (c *call) expand() []string { return c.form.strs("expand") }

func (c *call) account() (*account, *apiError) {
	a, ok := c.s.accounts[c.ids[0]]
	if !ok || a.owner != c.acting {
		return nil, noSuch("financial_connections.account", "account", c.ids[0])
	}
	return a, nil
}

func handleGetAccount(c *call) (any, *apiError) {
	a, aerr := c.account()
	if aerr != nil {
		return nil, aerr
	}
	return c.s.accountJSON(a, c.expand()), nil
}

// sortedByCreation returns ids newest first (Stripe's list order).
func (s *Sim) sortedByCreation(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Slice(out, func(i, j int) bool { return s.order[out[i]] > s.order[out[j]] })
	return out
}

func handleListAccounts(c *call) (any, *apiError) {
	s, f := c.s, c.form
	cus, hasCus := f.str("account_holder", "customer")
	acct, hasAcct := f.str("account_holder", "account")
	if hasCus && hasAcct {
		return nil, invalidRequest("account_holder", "You may only specify one of these parameters: account_holder[account], account_holder[customer].")
	}
	sess, hasSess := f.str("session")
	var ids []string
	for id, a := range s.accounts {
		if a.owner != c.acting {
			continue
		}
		if hasCus && a.holder.customer != cus {
			continue
		}
		if hasAcct && a.holder.account != acct {
			continue
		}
		if ca, ok := f.str("account_holder", "customer_account"); ok && a.holder.customerAccount != ca {
			continue
		}
		if hasSess && a.sessionID != sess {
			continue
		}
		ids = append(ids, id)
	}
	ids = s.sortedByCreation(ids)
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	var data []any
	for _, id := range ids[lo:hi] {
		data = append(data, s.accountJSON(s.accounts[id], c.expand()))
	}
	return newList("/v1/financial_connections/accounts", data, more), nil
}

func handleDisconnect(c *call) (any, *apiError) {
	a, aerr := c.account()
	if aerr != nil {
		return nil, aerr
	}
	if a.status != "disconnected" {
		c.s.disconnectLocked(a, c.now, c)
	}
	return c.s.accountJSON(a, c.expand()), nil
}

func (s *Sim) disconnectLocked(a *account, now time.Time, c *call) {
	a.status = "disconnected"
	a.subscribed = false
	a.subGen++
	s.emitLocked("financial_connections.account.disconnected", s.accountJSON(a, nil), now, c)
}

// ownership is a snapshot of an account's owners.
type ownership struct {
	id      string
	account string
	created time.Time
	owners  []*owner
}

type owner struct {
	id, name, email, phone, rawAddress string
	refreshedAt                        time.Time
	ownership                          string
}

type ownerJSON struct {
	ID          string  `json:"id"`
	Object      string  `json:"object"`
	Email       *string `json:"email"`
	Name        string  `json:"name"`
	Ownership   string  `json:"ownership"`
	Phone       *string `json:"phone"`
	RawAddress  *string `json:"raw_address"`
	RefreshedAt *int64  `json:"refreshed_at"`
}

type ownershipJSON struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	Created int64    `json:"created"`
	Owners  listJSON `json:"owners"`
}

func (o *owner) json() ownerJSON {
	return ownerJSON{
		ID: o.id, Object: "financial_connections.account_owner", Email: strPtr(o.email), Name: o.name,
		Ownership: o.ownership, Phone: strPtr(o.phone), RawAddress: strPtr(o.rawAddress),
		RefreshedAt: unixPtr(o.refreshedAt),
	}
}

func (s *Sim) ownershipJSON(o *ownership) ownershipJSON {
	var data []any
	for _, w := range o.owners {
		data = append(data, w.json())
	}
	return ownershipJSON{
		ID: o.id, Object: "financial_connections.account_ownership", Created: o.created.Unix(),
		Owners: newList("/v1/financial_connections/accounts/"+o.account+"/owners?ownership="+o.id, data, false),
	}
}

func handleListOwners(c *call) (any, *apiError) {
	a, aerr := c.account()
	if aerr != nil {
		return nil, aerr
	}
	oid, ok := c.form.str("ownership")
	if !ok || oid == "" {
		return nil, missingParam("ownership")
	}
	if !a.hasPerm("ownership") {
		return nil, permissionError(a, "ownership", "ownership")
	}
	if a.status == "disconnected" {
		return nil, disconnectedError(a)
	}
	o, ok := c.s.ownerships[oid]
	if !ok || o.account != a.id {
		return nil, noSuchParam("financial_connections.account_ownership", "ownership", oid)
	}
	ids := make([]string, len(o.owners))
	for i, w := range o.owners {
		ids[i] = w.id
	}
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	var data []any
	for _, w := range o.owners[lo:hi] {
		data = append(data, w.json())
	}
	return newList("/v1/financial_connections/accounts/"+a.id+"/owners", data, more), nil
}

func noSuchParam(kind, param, id string) *apiError {
	e := noSuch(kind, param, id)
	e.Status = http.StatusBadRequest
	return e
}

func permissionError(a *account, perm, param string) *apiError {
	return invalidRequest(param, "The account %s does not have the %s permission; request it in a new Financial Connections session.", a.id, perm)
}

func disconnectedError(a *account) *apiError {
	return invalidRequest("account", "The account %s has been disconnected; its data is no longer accessible.", a.id)
}

func inactiveError(a *account, param string) *apiError {
	return invalidRequestCode(codeAccountInactive, param, "The account %s is inactive; refreshes and subscriptions are not allowed.", a.id)
}

// Errors returned by the state helpers.
var (
	// ErrNotFound is returned by helpers given an id the simulator does not
	// know.
	ErrNotFound = errors.New("fctest: no such object")
	// ErrSessionLinked is returned by LinkAccounts for a session that
	// already completed the authentication flow.
	ErrSessionLinked = errors.New("fctest: session already completed")
	// ErrFilteredOut is returned by LinkAccounts when the session's
	// filters exclude an institution's account.
	ErrFilteredOut = errors.New("fctest: account excluded by the session's filters")
)

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
		if !in.Valid() {
			return nil, &UnknownInstitutionError{Name: string(in)}
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

func (s *Sim) newAccountLocked(se *session, in Institution, now time.Time) *account {
	p := profiles[in]
	a := &account{
		owner: se.owner, id: s.newID("fca_"), created: now, inst: in, prof: p, holder: se.holder, sessionID: se.id,
		perms: append([]string(nil), se.permissions...), status: p.status,
		refresh: map[Feature]*refreshState{}, failing: map[Feature]bool{}, rows: map[string]*txnRow{},
	}
	a.txnSeed = s.seed*1_000_003 + p.salt*7919 + uint64(len(s.accounts))
	a.ownerName, a.ownerEmail = defaultOwnerName, defaultOwnerEmail
	if cu, ok := s.customers[se.holder.customer]; ok {
		if cu.name != "" {
			a.ownerName = cu.name
		}
		if cu.email != "" {
			a.ownerEmail = cu.email
		}
	}
	if p.ownerMismatch {
		a.ownerName, a.ownerEmail = mismatchOwnerName, mismatchOwnerEmail
	}
	s.connectOwnerLocked(a)
	s.accounts[a.id] = a
	s.stats.created["financial_connections.account"]++
	s.emitLocked("financial_connections.account.created", s.accountJSON(a, nil), now, nil)
	if a.status == "disconnected" {
		s.emitLocked("financial_connections.account.disconnected", s.accountJSON(a, nil), now, nil)
	}
	if a.status == "active" {
		for _, pf := range se.prefetch {
			s.startRefreshLocked(a, prefetchFeature(pf), now)
		}
	}
	return a
}

// DisconnectAccount disconnects an account as the user revoking access
// would, emitting financial_connections.account.disconnected.
func (s *Sim) DisconnectAccount(id string) error {
	s.mu.Lock()
	a, ok := s.accounts[id]
	if ok && a.status != "disconnected" {
		s.disconnectLocked(a, s.now(), nil)
	}
	s.mu.Unlock()
	s.flushWebhooks()
	if !ok {
		return fmt.Errorf("%w: account %q", ErrNotFound, id)
	}
	return nil
}

// DeactivateAccount marks an active account inactive (the bank link broke),
// emitting financial_connections.account.deactivated. Pending refreshes
// then fail and subscriptions stop refreshing.
func (s *Sim) DeactivateAccount(id string) error {
	return s.setStatus(id, "inactive", "financial_connections.account.deactivated")
}

// ReactivateAccount makes an inactive account active again, emitting
// financial_connections.account.reactivated.
func (s *Sim) ReactivateAccount(id string) error {
	return s.setStatus(id, "active", "financial_connections.account.reactivated")
}

func (s *Sim) setStatus(id, status, eventType string) error {
	s.mu.Lock()
	a, ok := s.accounts[id]
	var err error
	switch {
	case !ok:
		err = fmt.Errorf("%w: account %q", ErrNotFound, id)
	case a.status == "disconnected":
		err = fmt.Errorf("fctest: account %s is disconnected", id)
	case a.status != status:
		a.status = status
		s.emitLocked(eventType, s.accountJSON(a, nil), s.now(), nil)
	}
	s.mu.Unlock()
	s.flushWebhooks()
	return err
}
