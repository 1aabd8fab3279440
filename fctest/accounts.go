package fctest

import (
	"fmt"
	"time"
)

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

func permissionError(a *account, perm, param string) *apiError {
	return invalidRequest(param, "The account %s does not have the %s permission; request it in a new Financial Connections session.", a.id, perm)
}

func disconnectedError(a *account) *apiError {
	return invalidRequest("account", "The account %s has been disconnected; its data is no longer accessible.", a.id)
}

func inactiveError(a *account, param string) *apiError {
	return invalidRequestCode(codeAccountInactive, param, "The account %s is inactive; refreshes and subscriptions are not allowed.", a.id)
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
