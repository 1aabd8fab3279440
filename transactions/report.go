package transactions

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/fcsdk/fcsdk/balances"
)

// Window aggregates the counted transactions of the last Days days.
type Window struct {
	Days int
	// Credits is the sum of positive amounts; Debits the sum of the
	// magnitudes of negative amounts (a positive number).
	Credits, Debits         balances.Money
	CreditCount, DebitCount int
	// Net is Credits − Debits.
	Net balances.Money
	// AverageDailyBalance is the mean end-of-day balance over the window,
	// reconstructed from Options.Balance; valid only if HasAverageBalance.
	AverageDailyBalance balances.Money
	HasAverageBalance   bool
}

// Cadence is how often a stream recurs.
type Cadence uint8

// Cadences.
const (
	Weekly      Cadence = iota + 1 // every 7 days
	Biweekly                       // every 14 days
	Semimonthly                    // twice a month on fixed days (1st & 15th, 15th & last, …)
	Monthly                        // once a month on a fixed day (or the last day)
)

// String returns "weekly", "biweekly", "semimonthly" or "monthly".
func (c Cadence) String() string {
	switch c {
	case Weekly:
		return "weekly"
	case Biweekly:
		return "biweekly"
	case Semimonthly:
		return "semimonthly"
	case Monthly:
		return "monthly"
	}
	return "unknown"
}

// PerYear returns how many times a year the cadence recurs.
func (c Cadence) PerYear() int {
	switch c {
	case Weekly:
		return 52
	case Biweekly:
		return 26
	case Semimonthly:
		return 24
	case Monthly:
		return 12
	}
	return 0
}

// Kind is a guess at what a recurring outflow pays for, from keywords of
// its description. It is a heuristic; KindOther when nothing matches.
type Kind string

// Kinds of recurring outflows.
const (
	KindRent         Kind = "rent"
	KindUtility      Kind = "utility"
	KindSubscription Kind = "subscription"
	KindInsurance    Kind = "insurance"
	KindLoan         Kind = "loan"
	KindOther        Kind = "other"
	KindIncome       Kind = "income" // every income stream
)

// Stream is a recurring credit (income) or debit (outflow) found in the
// history: same normalized description, amounts within a band, dates on a
// schedule.
type Stream struct {
	// Description is the first description seen for the stream.
	Description string
	Kind        Kind
	Cadence     Cadence
	// Amount is the typical magnitude: the median of the last three
	// occurrences on schedule (always positive).
	Amount balances.Money
	// Monthly is Amount × PerYear / 12, rounded to the minor unit.
	Monthly balances.Money
	// Occurrences on schedule, Missed scheduled dates without one, Extra
	// occurrences off schedule (a bonus, a refund), among the occurrences
	// considered (the 24 most recent within 400 days).
	Occurrences, Missed, Extra int
	// First and Last are the dates of the first and last occurrence on
	// schedule; Next is the expected date of the next one (for income:
	// moved to the previous business day when the scheduled day is not
	// one). Dates are midnight in Now's location.
	First, Last, Next time.Time
	// Variation is the median absolute deviation of the amounts on
	// schedule, in basis points of Amount.
	Variation int
}

// Report is the result of an [Analyzer].
type Report struct {
	AsOf     time.Time
	Currency balances.Currency
	// Windows are the 30-, 60- and 90-day aggregates, in this order.
	Windows [len(WindowDays)]Window
	// Income are the recurring credits, largest monthly amount first.
	Income []Stream
	// Recurring are the recurring debits, largest monthly amount first.
	Recurring []Stream
	// Transfers are the recurring transfers between the holder's own
	// accounts (Kind KindTransfer; credits and debits), largest monthly
	// amount first. They are neither income nor spending.
	Transfers []Stream
	Counts    Counts
	// Overflow reports that some sum did not fit in int64 and saturated.
	Overflow bool
}

// Window returns the aggregate of the given length (30, 60 or 90).
func (r Report) Window(days int) (Window, bool) {
	for _, w := range r.Windows {
		if w.Days == days {
			return w, true
		}
	}
	return Window{}, false
}

// NextPayday returns the income stream whose next expected date comes
// first (the largest on a tie); ok is false without income streams.
func (r Report) NextPayday() (s Stream, ok bool) {
	for _, in := range r.Income {
		if !ok || in.Next.Before(s.Next) {
			s, ok = in, true
		}
	}
	return s, ok
}

// MonthlyIncome sums Monthly over the income streams.
func (r Report) MonthlyIncome() balances.Money {
	return sumMonthly(r.Currency, r.Income)
}

// MonthlyRecurring sums Monthly over the recurring outflows.
func (r Report) MonthlyRecurring() balances.Money {
	return sumMonthly(r.Currency, r.Recurring)
}

func sumMonthly(c balances.Currency, ss []Stream) balances.Money {
	var t int64
	for _, s := range ss {
		t = satAdd(t, s.Monthly.Amount)
	}
	return balances.Money{Amount: t, Currency: c}
}

func satAdd(a, b int64) int64 {
	s, ok := balances.AddInt64(a, b)
	if ok {
		return s
	}
	if b > 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}

// Report computes the insights of the rows added so far. It does not
// change the Analyzer: more rows may be added and Report called again.
func (a *Analyzer) Report() Report {
	r := Report{AsOf: a.opts.Now, Currency: a.cur, Counts: a.counts, Overflow: a.overfl}
	money := func(v int64) balances.Money { return balances.Money{Amount: v, Currency: a.cur} }
	adb, hasADB := a.averageBalances()
	for i, w := range a.win {
		net, ok := balances.SubInt64(w.credit, w.debit)
		if !ok {
			r.Overflow = true
			net = satSub(w.credit, w.debit)
		}
		r.Windows[i] = Window{
			Days: WindowDays[i], Credits: money(w.credit), Debits: money(w.debit),
			CreditCount: w.nc, DebitCount: w.nd, Net: money(net),
			AverageDailyBalance: money(adb[i]), HasAverageBalance: hasADB,
		}
	}
	d := a.newDetector()
	for i := range a.cands[:a.used] {
		c := &a.cands[i]
		if c.k < 3 {
			continue
		}
		s, ok := d.detect(c)
		if !ok {
			continue
		}
		s.Amount, s.Monthly = money(s.Amount.Amount), money(s.Monthly.Amount)
		if c.transfer {
			s.Kind = KindTransfer
			r.Transfers = append(r.Transfers, s)
			continue
		}
		if c.credit {
			s.Kind = KindIncome
			r.Income = append(r.Income, s)
		} else {
			s.Kind = kindOf(c.desc)
			r.Recurring = append(r.Recurring, s)
		}
	}
	order := func(x, y Stream) int {
		return cmp.Or(cmp.Compare(y.Monthly.Amount, x.Monthly.Amount), strings.Compare(x.Description, y.Description))
	}
	slices.SortFunc(r.Income, order)
	slices.SortFunc(r.Recurring, order)
	slices.SortFunc(r.Transfers, order)
	return r
}

// averageBalances reconstructs end-of-day balances backwards (and
// forwards) from the anchor and averages them per window.
func (a *Analyzer) averageBalances() (avg [len(WindowDays)]int64, ok bool) {
	cur, has := a.opts.Balance.Current(a.cur)
	if !has {
		return avg, false
	}
	anchorAge := int32(0)
	if !a.opts.Balance.AsOf.IsZero() {
		anchorAge = max(0, a.nowDay-a.day(a.opts.Balance.AsOf))
	}
	if anchorAge >= bucketDays {
		return avg, false
	}
	var eod [bucketDays]int64
	eod[anchorAge] = cur.Amount
	for g := anchorAge + 1; g < bucketDays; g++ { // older days: undo the newer day's net
		eod[g] = satSub(eod[g-1], a.net[g-1])
	}
	for g := anchorAge - 1; g >= 0; g-- { // newer days: apply their net
		eod[g] = satAdd(eod[g+1], a.net[g])
	}
	for i, w := range WindowDays {
		// Mean of w values without overflow: accumulate quotient and
		// remainder separately.
		var q, rem int64
		for g := 0; g < w; g++ {
			q = satAdd(q, eod[g]/int64(w))
			rem += eod[g] % int64(w)
		}
		avg[i] = satAdd(q, divRound(rem, int64(w)))
	}
	return avg, true
}

func satSub(a, b int64) int64 {
	s, ok := balances.SubInt64(a, b)
	if ok {
		return s
	}
	if b < 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}

// divRound divides rounding half away from zero.
func divRound(a, b int64) int64 {
	q, r := a/b, a%b
	if 2*abs64(r) >= b {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

var kindWords = []struct {
	kind  Kind
	words []string
}{
	{KindRent, []string{"rent", "apartment", "apartments", "apts", "apt", "property", "properties", "leasing", "landlord", "realty", "residential", "housing", "hoa"}},
	{KindLoan, []string{"loan", "loans", "mortgage", "lending", "navient", "nelnet", "sallie", "student", "auto finance", "car payment"}},
	{KindInsurance, []string{"insurance", "insur", "geico", "progressive", "allstate", "state farm", "farmers", "lemonade"}},
	{KindUtility, []string{"electric", "energy", "power", "water", "utility", "utilities", "gas co", "natural gas", "sewer", "trash", "waste", "comcast", "xfinity", "spectrum", "verizon", "att", "t mobile", "tmobile", "internet", "wireless", "pg e", "con ed", "duke", "edison"}},
	{KindSubscription, []string{"netflix", "spotify", "hulu", "disney", "apple com bill", "apple com", "itunes", "google", "youtube", "prime", "audible", "hbo", "max com", "paramount", "peacock", "adobe", "microsoft", "dropbox", "icloud", "patreon", "gym", "fitness", "planet fitness", "membership", "subscription", "nytimes", "wsj", "openai", "github"}},
}

// kindOf guesses the Kind of an outflow from whole words of its
// normalized description.
func kindOf(desc string) Kind {
	var buf [maxKeyLen]byte
	n := normalizeDesc(&buf, desc)
	s := " " + string(buf[:n]) + " "
	for _, kw := range kindWords {
		for _, w := range kw.words {
			if strings.Contains(s, " "+w+" ") {
				return kw.kind
			}
		}
	}
	return KindOther
}
