package balances

import (
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/fcsdk/fcsdk/ach"
)

// Verdict is the answer of a sufficiency [Check].
type Verdict string

// Verdicts. The zero Verdict is not valid; [Check] never returns it.
const (
	// Sufficient: the available balance covers the amount plus margin.
	Sufficient Verdict = "sufficient"
	// Insufficient: the available balance is below the amount plus margin;
	// a debit would likely be returned R01 (insufficient funds).
	Insufficient Verdict = "insufficient"
	// Unknown: the balance cannot support an answer; see the [Reason].
	Unknown Verdict = "unknown"
)

// Reason explains a [Sufficiency]. Each reason belongs to one verdict.
type Reason string

// Reasons.
const (
	// ReasonCovered (Sufficient): available ≥ amount + margin.
	ReasonCovered Reason = "covered"
	// ReasonShortfall (Insufficient): available < amount + margin.
	ReasonShortfall Reason = "shortfall"

	// ReasonInvalidAmount (Unknown): the amount is not positive, has an
	// invalid currency, or amount + margin overflows.
	ReasonInvalidAmount Reason = "invalid_amount"
	// ReasonInvalidOptions (Unknown): negative margin, or a staleness check
	// was asked for (MaxAge ≥ 0) without Now.
	ReasonInvalidOptions Reason = "invalid_options"
	// ReasonNoBalance (Unknown): the Balance is the zero value (never
	// refreshed, or the balances permission is missing).
	ReasonNoBalance Reason = "no_balance"
	// ReasonCreditAccount (Unknown): credit balances report credit used,
	// not funds available to debit.
	ReasonCreditAccount Reason = "credit_account"
	// ReasonAsOfUnknown (Unknown): the institution did not say when the
	// balance was computed, so its age cannot be checked.
	ReasonAsOfUnknown Reason = "as_of_unknown"
	// ReasonStale (Unknown): the balance is older than MaxAge at Now.
	ReasonStale Reason = "stale"
	// ReasonNoAvailable (Unknown): a cash balance without any available
	// amount (and UseCurrent not set, or no current amount either).
	ReasonNoAvailable Reason = "no_available_balance"
	// ReasonCurrencyMissing (Unknown): the balance has amounts, but none
	// in the currency of the debit.
	ReasonCurrencyMissing Reason = "currency_missing"
)

// DefaultMaxAge is the age limit [Check] applies when CheckOptions.MaxAge
// is zero.
const DefaultMaxAge = 24 * time.Hour

// CheckOptions tune [Check]. The zero value checks staleness against
// DefaultMaxAge and therefore needs Now; set MaxAge negative to skip it.
type CheckOptions struct {
	// Now is the time the balance's age is measured at. Required unless
	// MaxAge is negative.
	Now time.Time
	// MaxAge is the oldest acceptable balance: 0 means DefaultMaxAge,
	// negative disables the staleness check.
	MaxAge time.Duration
	// Margin is an absolute cushion in minor units of the debit currency
	// added to the amount (e.g. 2500 = keep $25 after the debit).
	Margin int64
	// MarginBps is a relative cushion in basis points of the amount
	// (100 = 1%), rounded up to the next minor unit. Both margins add up.
	MarginBps int64
	// UseCurrent lets a cash balance without an available amount fall back
	// to its current balance, which ignores pending transactions. Off by
	// default: such a balance yields ReasonNoAvailable.
	UseCurrent bool
}

// Sufficiency is the result of [Check].
type Sufficiency struct {
	Verdict Verdict
	Reason  Reason
	// Required is the amount plus margins (zero when the amount is invalid).
	Required Money
	// Funds is the balance compared with Required: the available amount,
	// or the current one when UsedCurrent. Zero unless the verdict is
	// Sufficient or Insufficient.
	Funds Money
	// UsedCurrent reports that Funds is the current balance (UseCurrent).
	UsedCurrent bool
	// Age is the balance's age at Now; zero when not measured.
	Age time.Duration
	// Return is the ACH return a debit of the amount would likely come back
	// with: ach.R01 (insufficient funds) when the verdict is Insufficient,
	// "" otherwise. R01 may be re-presented (ach.ReturnCode.MayRepresent),
	// so a caller may retry after the balance recovers.
	Return ach.ReturnCode
}

// OK reports whether the verdict is Sufficient.
func (s Sufficiency) OK() bool { return s.Verdict == Sufficient }

// Shortfall returns how much is missing to cover Required; zero unless
// the verdict is Insufficient.
func (s Sufficiency) Shortfall() Money {
	if s.Verdict != Insufficient {
		return Money{}
	}
	d, err := s.Required.Sub(s.Funds)
	if err != nil { // Funds is very negative; saturate.
		return Money{Amount: math.MaxInt64, Currency: s.Required.Currency}
	}
	return d
}

// String reads like "insufficient (shortfall): need 125.00 USD, have 80.00 USD",
// or "unknown (stale): balance is 7h0m0s old at Now".
func (s Sufficiency) String() string {
	switch s.Verdict {
	case Sufficient, Insufficient:
		return fmt.Sprintf("%s (%s): need %s, have %s", s.Verdict, s.Reason, s.Required, s.Funds)
	}
	if s.Reason == ReasonStale {
		// The age tells a stale balance from a Now on another clock (a
		// wall-clock Now against a simulator's balance is months off).
		return fmt.Sprintf("%s (%s): balance is %v old at Now", s.Verdict, s.Reason, s.Age.Round(time.Second))
	}
	return fmt.Sprintf("%s (%s)", s.Verdict, s.Reason)
}

// Check decides whether b can cover a debit of amount. It fails closed:
// every doubt yields Unknown with its Reason, never Sufficient. The checks
// run in this order: amount and options, zero balance, credit account,
// age (unknown as_of, then stale), currency and available amount.
func Check(b Balance, amount Money, opts CheckOptions) Sufficiency {
	unknown := func(r Reason) Sufficiency { return Sufficiency{Verdict: Unknown, Reason: r} }
	if amount.Amount <= 0 || !amount.Currency.Valid() {
		return unknown(ReasonInvalidAmount)
	}
	if opts.Margin < 0 || opts.MarginBps < 0 || (opts.MaxAge >= 0 && opts.Now.IsZero()) {
		return unknown(ReasonInvalidOptions)
	}
	req, ok := required(amount.Amount, opts.Margin, opts.MarginBps)
	if !ok {
		return unknown(ReasonInvalidAmount)
	}
	s := Sufficiency{Required: Money{Amount: req, Currency: amount.Currency}}
	fail := func(r Reason) Sufficiency { s.Verdict, s.Reason = Unknown, r; return s }

	switch b.Type {
	case Cash:
	case Credit:
		return fail(ReasonCreditAccount)
	default:
		return fail(ReasonNoBalance)
	}
	if opts.MaxAge >= 0 {
		if b.AsOf.IsZero() {
			return fail(ReasonAsOfUnknown)
		}
		maxAge := opts.MaxAge
		if maxAge == 0 {
			maxAge = DefaultMaxAge
		}
		s.Age = b.Age(opts.Now)
		if s.Age > maxAge {
			return fail(ReasonStale)
		}
	}
	funds, ok := b.Available(amount.Currency)
	if !ok {
		switch {
		case opts.UseCurrent && !b.HasAvailable():
			if funds, ok = b.Current(amount.Currency); ok {
				s.UsedCurrent = true
			} else if len(b.current) == 0 {
				return fail(ReasonNoAvailable)
			} else {
				return fail(ReasonCurrencyMissing)
			}
		case b.HasAvailable():
			return fail(ReasonCurrencyMissing)
		default:
			return fail(ReasonNoAvailable)
		}
	}
	s.Funds = funds
	if funds.Amount >= req {
		s.Verdict, s.Reason = Sufficient, ReasonCovered
	} else {
		s.Verdict, s.Reason, s.Return = Insufficient, ReasonShortfall, ach.R01
	}
	return s
}

// required returns amount + margin + ceil(amount*bps/10000) and whether it
// fits in int64. amount > 0, margin ≥ 0, bps ≥ 0.
func required(amount, margin, bps int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(amount), uint64(bps))
	if hi >= 10000 {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, 10000)
	if q >= math.MaxInt64 {
		return 0, false
	}
	if r != 0 {
		q++ // round the relative margin up
	}
	t, ok := AddInt64(amount, margin)
	if !ok {
		return 0, false
	}
	return AddInt64(t, int64(q))
}
