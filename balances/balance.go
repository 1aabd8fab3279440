package balances

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/enum"
	"github.com/fcsdk/fcsdk/internal/stripetime"
)

// Type is the kind of a balance, named after the extra hash Stripe includes.
type Type string

// Balance types.
const (
	// Cash balances (checking, savings) report current and available amounts.
	Cash Type = "cash"
	// Credit balances (credit cards, lines of credit) report current and used
	// amounts; they have no available balance.
	Credit Type = "credit"
)

// Valid reports whether t is [Cash] or [Credit].
func (t Type) Valid() bool { return t == Cash || t == Credit }

// ParseType parses "cash" or "credit" (exactly, as Stripe sends them).
// Anything else is an error matching [ErrUnknownType] that quotes s,
// e.g. `balances: unknown balance type "savings"`.
func ParseType(s string) (Type, error) { return enum.Parse(typeKind, s, Type.Valid) }

// typeKind names Type in errors.
var typeKind = enum.Kind{Pkg: "balances", Name: "balance type", Err: ErrUnknownType}

// Errors of the balance model.
var (
	// ErrNoBalance is returned by [FromStripe] for a nil balance: the
	// account has never had a successful balance refresh, or the balances
	// permission was not granted.
	ErrNoBalance = errors.New("balances: no balance")
	// ErrUnknownType is matched by the error of [ParseType] and [FromStripe]
	// for a balance type other than cash or credit.
	ErrUnknownType = errors.New("balances: unknown balance type")
	// ErrDuplicateCurrency is returned when one currency appears twice in
	// a map (for example "usd" and "USD").
	ErrDuplicateCurrency = errors.New("balances: duplicate currency")
)

// Balance is the most recent balance of a Financial Connections account.
//
// A Balance is a value: it is immutable once built (accessors return
// copies), cheap to copy and safe for concurrent use. The zero value has no
// amounts at all, an unknown AsOf and an invalid Type; every accessor on it
// reports "not present".
type Balance struct {
	// AsOf is when the institution calculated the balance. It is the zero
	// time when Stripe sent null (stripe-go decodes null as 0).
	AsOf time.Time
	// Type is Cash or Credit.
	Type Type

	current   []Money // sorted by currency, no duplicates
	available []Money // cash only; nil when the bank reported none
	used      []Money // credit only
}

// NewCash builds a cash balance. available may be nil when the bank does
// not report an available balance. Each currency may appear at most once
// per list and must be valid.
func NewCash(asOf time.Time, current, available []Money) (Balance, error) {
	cur, err := normalize("current", current)
	if err != nil {
		return Balance{}, err
	}
	av, err := normalize("available", available)
	if err != nil {
		return Balance{}, err
	}
	return Balance{AsOf: asOf, Type: Cash, current: cur, available: av}, nil
}

// NewCredit builds a credit balance; used may be nil.
func NewCredit(asOf time.Time, current, used []Money) (Balance, error) {
	cur, err := normalize("current", current)
	if err != nil {
		return Balance{}, err
	}
	u, err := normalize("used", used)
	if err != nil {
		return Balance{}, err
	}
	return Balance{AsOf: asOf, Type: Credit, current: cur, used: u}, nil
}

func normalize(field string, in []Money) ([]Money, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]Money, len(in))
	for i, m := range in {
		c, err := ParseCurrency(string(m.Currency))
		if err != nil {
			return nil, fmt.Errorf("balances: %s: %w", field, err)
		}
		out[i] = Money{Amount: m.Amount, Currency: c}
	}
	slices.SortFunc(out, func(a, b Money) int { return strings.Compare(string(a.Currency), string(b.Currency)) })
	for i := 1; i < len(out); i++ {
		if out[i].Currency == out[i-1].Currency {
			return nil, fmt.Errorf("balances: %s: %s: %w", field, out[i].Currency.Upper(), ErrDuplicateCurrency)
		}
	}
	return out, nil
}

func fromMap(field string, m map[string]int64) ([]Money, error) {
	if len(m) == 0 {
		return nil, nil
	}
	in := make([]Money, 0, len(m))
	for k, v := range m {
		in = append(in, Money{Amount: v, Currency: Currency(k)})
	}
	return normalize(field, in)
}

// FromStripe converts a stripe-go balance.
//
//   - nil yields [ErrNoBalance].
//   - A type other than "cash" or "credit" yields [ErrUnknownType].
//   - as_of null (0) becomes the zero time.Time, never 1970-01-01.
//   - Currency keys are lowercased; a malformed key yields [ErrInvalidCurrency]
//     and a key present twice ("usd" and "USD") [ErrDuplicateCurrency].
//   - A cash balance whose "cash" hash or "available" map is null has no
//     available amounts ([Balance.HasAvailable] is false); a credit balance
//     whose "credit" hash is null has no used amounts. The hash that does
//     not match the type is ignored.
func FromStripe(sb *stripe.FinancialConnectionsAccountBalance) (Balance, error) {
	if sb == nil {
		return Balance{}, ErrNoBalance
	}
	t, err := ParseType(string(sb.Type))
	if err != nil {
		return Balance{}, err
	}
	cur, err := fromMap("current", sb.Current)
	if err != nil {
		return Balance{}, err
	}
	b := Balance{AsOf: stripetime.Time(sb.AsOf), Type: t, current: cur}
	switch t {
	case Cash:
		if sb.Cash != nil {
			if b.available, err = fromMap("cash.available", sb.Cash.Available); err != nil {
				return Balance{}, err
			}
		}
	case Credit:
		if sb.Credit != nil {
			if b.used, err = fromMap("credit.used", sb.Credit.Used); err != nil {
				return Balance{}, err
			}
		}
	}
	return b, nil
}

func lookup(ms []Money, c Currency) (Money, bool) {
	for _, m := range ms {
		if m.Currency == c {
			return m, true
		}
	}
	return Money{}, false
}

// Current returns the current balance in currency c: what the institution
// reports before pending transactions. ok is false when c is absent.
func (b Balance) Current(c Currency) (m Money, ok bool) { return lookup(b.current, c) }

// Available returns the available balance in c of a cash account: the
// current balance adjusted for pending transactions. ok is false for credit
// balances, when the bank did not report an available balance, or when c
// is absent.
func (b Balance) Available(c Currency) (m Money, ok bool) { return lookup(b.available, c) }

// Used returns the credit used in c of a credit account; ok is false for
// cash balances or when c is absent.
func (b Balance) Used(c Currency) (m Money, ok bool) { return lookup(b.used, c) }

// HasAvailable reports whether the bank reported any available amount.
func (b Balance) HasAvailable() bool { return len(b.available) > 0 }

// Currencies returns the currencies of the current balance, sorted.
func (b Balance) Currencies() []Currency {
	out := make([]Currency, len(b.current))
	for i, m := range b.current {
		out[i] = m.Currency
	}
	return out
}

// Age returns how old the balance is at now. When AsOf is unknown (zero)
// Age returns math.MaxInt64 so that any age limit fails closed. Under clock
// skew (AsOf after now) the age is negative.
func (b Balance) Age(now time.Time) time.Duration {
	if b.AsOf.IsZero() {
		return time.Duration(math.MaxInt64)
	}
	return now.Sub(b.AsOf)
}

// Stale reports whether the balance is older than maxAge at now. A balance
// with unknown AsOf is always stale.
func (b Balance) Stale(now time.Time, maxAge time.Duration) bool {
	return b.Age(now) > maxAge
}

// String summarizes the balance without account identifiers, for logs:
// "cash as of 2025-01-02T15:04:05Z current 12.34 USD available 10.00 USD".
func (b Balance) String() string {
	var sb strings.Builder
	sb.WriteString(string(b.Type))
	sb.WriteString(" as of ")
	if b.AsOf.IsZero() {
		sb.WriteString("unknown")
	} else {
		sb.WriteString(b.AsOf.UTC().Format(time.RFC3339))
	}
	write := func(name string, ms []Money) {
		for _, m := range ms {
			sb.WriteString(" " + name + " " + m.String())
		}
	}
	write("current", b.current)
	write("available", b.available)
	write("used", b.used)
	return sb.String()
}
