package transactions

import (
	"errors"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/internal/enum"
	"github.com/fcsdk/fcsdk/internal/stripetime"
)

// Status is the state of a transaction at its institution.
type Status string

// Transaction statuses. A transaction starts Pending and becomes Posted or
// Void; Stripe keeps the same id across the transition.
const (
	Pending Status = "pending"
	Posted  Status = "posted"
	Void    Status = "void"
)

// Valid reports whether s is Pending, Posted or Void.
func (s Status) Valid() bool { return s == Pending || s == Posted || s == Void }

// ParseStatus parses "pending", "posted" or "void" exactly as Stripe sends
// them; anything else is an error matching [ErrUnknownStatus] that quotes
// s, e.g. `transactions: unknown status "settled"`.
func ParseStatus(s string) (Status, error) { return enum.Parse(statusKind, s, Status.Valid) }

// statusKind names Status in errors.
var statusKind = enum.Kind{Pkg: "transactions", Name: "status", Err: ErrUnknownStatus}

// Errors of the transaction model.
var (
	// ErrNilTransaction is returned by [FromStripe] for a nil transaction.
	ErrNilTransaction = errors.New("transactions: nil transaction")
	// ErrMissingID is returned by [FromStripe] for a transaction without id:
	// the id is what incremental sync keys its state on.
	ErrMissingID = errors.New("transactions: transaction without id")
	// ErrUnknownStatus is matched by the error for a status other than
	// pending, posted or void (see [ParseStatus]).
	ErrUnknownStatus = errors.New("transactions: unknown status")
)

// Transaction is a Financial Connections transaction.
//
// Times that Stripe sends as null (stripe-go decodes them as 0) are the zero
// time.Time: PostedAt is zero unless the transaction posted, VoidAt unless
// it was voided. All non-zero times are in UTC.
type Transaction struct {
	ID      string // fctxn_…
	Account string // fca_…
	// Amount is signed as Stripe sends it: positive for money into the
	// account (credits, deposits), negative for money out (debits).
	Amount       balances.Money
	Description  string
	Status       Status
	TransactedAt time.Time // when the transaction happened at the institution
	PostedAt     time.Time // status_transitions.posted_at; zero if not posted
	VoidAt       time.Time // status_transitions.void_at; zero if not voided
	Updated      time.Time // last update of the object
	RefreshID    string    // transaction_refresh that created or last updated it
	Livemode     bool
}

// IsCredit reports whether the transaction moves money into the account.
func (t Transaction) IsCredit() bool { return t.Amount.Amount > 0 }

// IsDebit reports whether the transaction moves money out of the account.
func (t Transaction) IsDebit() bool { return t.Amount.Amount < 0 }

// FromStripe converts a stripe-go transaction.
//
//   - nil yields [ErrNilTransaction]; an empty id [ErrMissingID].
//   - A status other than pending/posted/void yields [ErrUnknownStatus].
//   - The currency is lowercased ("USD" → "usd"); a malformed one yields an
//     error matching balances.ErrInvalidCurrency.
//   - Null times (0) become the zero time.Time; a null status_transitions
//     leaves PostedAt and VoidAt zero. Status and transitions are not
//     cross-checked: a posted transaction without posted_at is accepted.
func FromStripe(st *stripe.FinancialConnectionsTransaction) (Transaction, error) {
	if st == nil {
		return Transaction{}, ErrNilTransaction
	}
	if st.ID == "" {
		return Transaction{}, ErrMissingID
	}
	status, err := ParseStatus(string(st.Status))
	if err != nil {
		return Transaction{}, fmt.Errorf("transactions: %s: %w", st.ID, err)
	}
	cur, err := balances.ParseCurrency(string(st.Currency))
	if err != nil {
		return Transaction{}, fmt.Errorf("transactions: %s: %w", st.ID, err)
	}
	t := Transaction{
		ID:           st.ID,
		Account:      st.Account,
		Amount:       balances.Money{Amount: st.Amount, Currency: cur},
		Description:  st.Description,
		Status:       status,
		TransactedAt: stripetime.Time(st.TransactedAt),
		Updated:      stripetime.Time(st.Updated),
		RefreshID:    st.TransactionRefresh,
		Livemode:     st.Livemode,
	}
	if tr := st.StatusTransitions; tr != nil {
		t.PostedAt = stripetime.Time(tr.PostedAt)
		t.VoidAt = stripetime.Time(tr.VoidAt)
	}
	return t, nil
}
