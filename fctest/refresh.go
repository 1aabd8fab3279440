package fctest

import (
	"fmt"
	"time"

	"github.com/fcsdk/fcsdk/permissions"
)

// Feature is a refreshable account feature, spelled as the refresh
// endpoint takes it: balance (singular), ownership, transactions. It is
// permissions.RefreshFeature, the SDK's one name for it, so a test passes
// the same values to the simulator and to the client.
type Feature = permissions.RefreshFeature

// Refresh features: permissions.RefreshBalance, RefreshOwnership and
// RefreshTransactions under the names fctest used first.
const (
	FeatureBalance      = permissions.RefreshBalance
	FeatureOwnership    = permissions.RefreshOwnership
	FeatureTransactions = permissions.RefreshTransactions
)

var validRefreshFeatures = []string{string(FeatureBalance), string(FeatureOwnership), string(FeatureTransactions)}

// featurePermission returns the data permission a feature needs.
func featurePermission(f Feature) string { return string(f.Permission()) }

func featureEventType(f Feature) string {
	return "financial_connections.account.refreshed_" + string(f)
}

func prefetchFeature(p string) Feature {
	if p == "balances" {
		return FeatureBalance
	}
	return Feature(p)
}

const (
	refreshPending   = "pending"
	refreshSucceeded = "succeeded"
	refreshFailed    = "failed"
)

type refreshState struct {
	id            string // fctxnref_ for transactions
	seq           int    // per-account order of transaction refreshes
	status        string
	lastAttempted time.Time
	nextAvailable time.Time
}

// txnRefreshRef locates a transaction refresh by id.
type txnRefreshRef struct {
	account string
	seq     int
}

// startRefreshLocked starts a refresh of f unless one is pending; it does
// not check permissions, status or cooldown.
func (s *Sim) startRefreshLocked(a *account, f Feature, now time.Time) {
	if st := a.refresh[f]; st != nil && st.status == refreshPending {
		return
	}
	st := &refreshState{status: refreshPending, lastAttempted: now}
	if f == FeatureTransactions {
		a.refreshSeq++
		st.id = s.newID("fctxnref_")
		st.seq = a.refreshSeq
		s.txnRefreshes[st.id] = &txnRefreshRef{account: a.id, seq: st.seq}
	}
	a.refresh[f] = st
	s.stats.refreshes++
	s.schedule(now.Add(s.refreshDelay), func(at time.Time) { s.completeRefreshLocked(a, f, st, at) })
}

func (s *Sim) completeRefreshLocked(a *account, f Feature, st *refreshState, at time.Time) {
	if a.refresh[f] != st || st.status != refreshPending {
		return
	}
	st.nextAvailable = at.Add(s.refreshCooldown)
	if a.status != "active" || a.failing[f] {
		st.status = refreshFailed
	} else {
		st.status = refreshSucceeded
		switch f {
		case FeatureBalance:
			a.balance = s.computeBalance(a, at)
		case FeatureOwnership:
			s.newOwnershipLocked(a, at)
		case FeatureTransactions:
			s.syncTransactionsLocked(a, st, at)
		}
	}
	s.emitLocked(featureEventType(f), s.accountJSON(a, nil), at, nil)
}

func (s *Sim) newOwnershipLocked(a *account, at time.Time) {
	o := &ownership{id: s.newID("fcaowns_"), account: a.id, created: at}
	name, email, phone, addr := a.ownerName, a.ownerEmail, defaultOwnerPhone, defaultOwnerAddress
	if a.prof.ownerMismatch {
		phone, addr = mismatchOwnerPhone, mismatchOwnerAddress
	}
	o.owners = append(o.owners, &owner{
		id: s.newID("fcaown_"), name: name, email: email, phone: phone, rawAddress: addr,
		refreshedAt: at, ownership: o.id,
	})
	if a.prof.subcategory == "savings" {
		// A joint savings account has a second owner with sparse data.
		o.owners = append(o.owners, &owner{id: s.newID("fcaown_"), name: "Alex Rosen", refreshedAt: at, ownership: o.id})
	}
	s.ownerships[o.id] = o
	a.ownershipID = o.id
}

// checkFeatures validates the features[] parameter against allowed.
func checkFeatures(c *call, allowed []string) ([]Feature, *apiError) {
	raw := c.form.strs("features")
	if len(raw) == 0 {
		return nil, missingParam("features")
	}
	vals, aerr := validList("features", raw, allowed)
	if aerr != nil {
		return nil, aerr
	}
	out := make([]Feature, len(vals))
	for i, v := range vals {
		out[i] = Feature(v)
	}
	return out, nil
}

func checkUsable(a *account) *apiError {
	switch a.status {
	case "disconnected":
		return disconnectedError(a)
	case "inactive":
		return inactiveError(a, "features")
	}
	return nil
}

func handleRefresh(c *call) (any, *apiError) {
	a, aerr := c.account()
	if aerr != nil {
		return nil, aerr
	}
	feats, aerr := checkFeatures(c, validRefreshFeatures)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := checkUsable(a); aerr != nil {
		return nil, aerr
	}
	for _, f := range feats {
		if !a.hasPerm(featurePermission(f)) {
			return nil, permissionError(a, featurePermission(f), "features")
		}
		if st := a.refresh[f]; st != nil && st.status != refreshPending && c.now.Before(st.nextAvailable) {
			return nil, invalidRequest("features",
				"A %s refresh for account %s cannot be started before %s (next_refresh_available_at).",
				f, a.id, st.nextAvailable.UTC().Format(time.RFC3339))
		}
	}
	for _, f := range feats {
		c.s.startRefreshLocked(a, f, c.now)
	}
	return c.s.accountJSON(a, c.expand()), nil
}

func handleSubscribe(c *call) (any, *apiError) {
	a, aerr := c.account()
	if aerr != nil {
		return nil, aerr
	}
	if _, aerr := checkFeatures(c, []string{"transactions"}); aerr != nil {
		return nil, aerr
	}
	if aerr := checkUsable(a); aerr != nil {
		return nil, aerr
	}
	if !a.hasPerm("transactions") {
		return nil, permissionError(a, "transactions", "features")
	}
	if !a.subscribed {
		a.subscribed = true
		a.subGen++
		st := a.refresh[FeatureTransactions]
		if st == nil || (st.status != refreshPending && !c.now.Before(st.nextAvailable)) {
			c.s.startRefreshLocked(a, FeatureTransactions, c.now)
		}
		c.s.scheduleDailyLocked(a, a.subGen, c.now.Add(24*time.Hour))
	}
	return c.s.accountJSON(a, c.expand()), nil
}

// scheduleDailyLocked starts a transaction refresh every simulated day
// while the subscription of generation gen lasts.
func (s *Sim) scheduleDailyLocked(a *account, gen int, at time.Time) {
	s.schedule(at, func(at time.Time) {
		if !a.subscribed || a.subGen != gen {
			return
		}
		if a.status == "active" {
			s.startRefreshLocked(a, FeatureTransactions, at)
		}
		s.scheduleDailyLocked(a, gen, at.Add(24*time.Hour))
	})
}

func handleUnsubscribe(c *call) (any, *apiError) {
	a, aerr := c.account()
	if aerr != nil {
		return nil, aerr
	}
	if _, aerr := checkFeatures(c, []string{"transactions"}); aerr != nil {
		return nil, aerr
	}
	if a.status == "disconnected" {
		return nil, disconnectedError(a)
	}
	if a.subscribed {
		a.subscribed = false
		a.subGen++
	}
	return c.s.accountJSON(a, c.expand()), nil
}

// FailRefreshes makes every later refresh of the given features (all when
// none are given) on the account end in failed instead of succeeded,
// including refreshes already pending. [Sim.SucceedRefreshes] undoes it.
// An unknown account is [ErrNotFound]; a feature that is not a refresh
// feature is an error matching permissions.ErrUnknown.
func (s *Sim) FailRefreshes(accountID string, features ...Feature) error {
	return s.setFailing(accountID, true, features)
}

// SucceedRefreshes undoes [Sim.FailRefreshes] for the given features (all
// when none are given).
func (s *Sim) SucceedRefreshes(accountID string, features ...Feature) error {
	return s.setFailing(accountID, false, features)
}

func (s *Sim) setFailing(accountID string, fail bool, features []Feature) error {
	if len(features) == 0 {
		features = []Feature{FeatureBalance, FeatureOwnership, FeatureTransactions}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountID]
	if !ok {
		return fmt.Errorf("%w: account %q", ErrNotFound, accountID)
	}
	for _, f := range features {
		if _, err := permissions.ParseRefreshFeature(string(f)); err != nil {
			return fmt.Errorf("fctest: refreshes of account %q: %w", accountID, err)
		}
		a.failing[f] = fail
	}
	return nil
}
