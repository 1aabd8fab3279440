package fctest

import (
	"encoding/json"
	"maps"
	"sort"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// RequestRecord describes one API request the simulator received. It holds
// no parameters or headers, so no secret ends up in it.
type RequestRecord struct {
	Method         string
	Path           string
	RequestID      string
	IdempotencyKey string
	// StripeAccount is the Stripe-Account header (a connected account the
	// request acted for), "" for the platform.
	StripeAccount string
	At            time.Time // simulated time of arrival
	Status        int       // 0 when the connection was dropped or the client gave up
	Fault         FaultKind // "" when none was injected
	RateLimited   bool      // answered 429 rate_limit (limit or fault)
	Replayed      bool      // answered from the idempotency store
	Dropped       bool
	Canceled      bool // the client gave up during a pre-commit delay
}

type statsState struct {
	requests          int
	unauthorized      int
	rateLimited       int
	replays           int
	keyInUse          int
	idempotencyErrors int
	refreshes         int
	events            int
	paymentsSucceeded int
	paymentsFailed    int
	byStatus          map[int]int
	faults            map[FaultKind]int
	created           map[string]int
}

func (st *statsState) init() {
	st.byStatus = map[int]int{}
	st.faults = map[FaultKind]int{}
	st.created = map[string]int{}
}

// Stats are counters over the simulator's lifetime.
type Stats struct {
	Requests          int               // API requests received
	Unauthorized      int               // answered 401
	RateLimited       int               // answered 429 rate_limit (server limit and injected)
	IdempotentReplays int               // answered from the idempotency store
	KeyInUse          int               // answered 409 idempotency_key_in_use by the idempotency layer
	IdempotencyErrors int               // answered 400 idempotency_error
	RefreshesStarted  int               // account refreshes started (API, prefetch, subscription)
	Events            int               // events emitted
	PaymentsSucceeded int               // ACH debits settled
	PaymentsFailed    int               // ACH debits returned (R01)
	ByStatus          map[int]int       // responses by HTTP status (0 = dropped/abandoned)
	Faults            map[FaultKind]int // injected faults by kind
	Created           map[string]int    // objects created, by Stripe object name
}

// FaultsInjected returns the total number of injected faults.
func (st Stats) FaultsInjected() int {
	n := 0
	for _, v := range st.Faults {
		n += v
	}
	return n
}

// Stats returns a snapshot of the counters.
func (s *Sim) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	return Stats{
		Requests: st.requests, Unauthorized: st.unauthorized, RateLimited: st.rateLimited,
		IdempotentReplays: st.replays, KeyInUse: st.keyInUse, IdempotencyErrors: st.idempotencyErrors,
		RefreshesStarted: st.refreshes, Events: st.events, PaymentsSucceeded: st.paymentsSucceeded,
		PaymentsFailed: st.paymentsFailed, ByStatus: maps.Clone(st.byStatus),
		Faults: maps.Clone(st.faults), Created: maps.Clone(st.created),
	}
}

// Requests returns the requests received so far, in arrival order: the
// most recent [DefaultRequestLogSize] (see [WithRequestLogSize]).
func (s *Sim) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.list()
}

// decodeInto round-trips v through JSON into a stripe-go type.
func decodeInto[T any](v any) *T {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	out := new(T)
	if err := json.Unmarshal(b, out); err != nil {
		return nil
	}
	return out
}

func (s *Sim) idsByCreation(ids []string) []string {
	sort.Slice(ids, func(i, j int) bool { return s.order[ids[i]] < s.order[ids[j]] })
	return ids
}

// PaymentIntents returns every PaymentIntent, oldest first, with
// payment_method expanded, as stripe-go decodes them.
func (s *Sim) PaymentIntents() []*stripe.PaymentIntent {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.idsByCreation(keysOf(s.paymentIntents))
	out := make([]*stripe.PaymentIntent, 0, len(ids))
	for _, id := range ids {
		out = append(out, decodeInto[stripe.PaymentIntent](s.piJSON(s.paymentIntents[id], []string{"payment_method"})))
	}
	return out
}

// SetupIntents returns every SetupIntent, oldest first, with
// payment_method expanded.
func (s *Sim) SetupIntents() []*stripe.SetupIntent {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.idsByCreation(keysOf(s.setupIntents))
	out := make([]*stripe.SetupIntent, 0, len(ids))
	for _, id := range ids {
		out = append(out, decodeInto[stripe.SetupIntent](s.siJSON(s.setupIntents[id], []string{"payment_method"})))
	}
	return out
}

// Accounts returns every linked account, oldest first.
func (s *Sim) Accounts() []*stripe.FinancialConnectionsAccount {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.idsByCreation(keysOf(s.accounts))
	out := make([]*stripe.FinancialConnectionsAccount, 0, len(ids))
	for _, id := range ids {
		out = append(out, decodeInto[stripe.FinancialConnectionsAccount](s.accountJSON(s.accounts[id], nil)))
	}
	return out
}

// Account returns one account as the API would, or false.
func (s *Sim) Account(id string) (*stripe.FinancialConnectionsAccount, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[id]
	if !ok {
		return nil, false
	}
	return decodeInto[stripe.FinancialConnectionsAccount](s.accountJSON(a, nil)), true
}

// Customers returns every customer, oldest first.
func (s *Sim) Customers() []*stripe.Customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.idsByCreation(keysOf(s.customers))
	out := make([]*stripe.Customer, 0, len(ids))
	for _, id := range ids {
		out = append(out, decodeInto[stripe.Customer](s.customers[id].json()))
	}
	return out
}

// PendingSteps returns how many lifecycle steps (refresh completions, ACH
// settlements, daily subscription refreshes) are scheduled, and when the
// earliest is due (zero time if none).
func (s *Sim) PendingSteps() (int, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.steps.Len() == 0 {
		return 0, time.Time{}
	}
	return s.steps.Len(), s.steps[0].at
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
