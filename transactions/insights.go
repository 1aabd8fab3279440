package transactions

import (
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/fcsdk/fcsdk/balances"
)

const (
	// occCap is how many of the most recent occurrences are kept per
	// description: 24 covers about 5 months of weekly pay and 2 years of
	// monthly bills.
	occCap = 24
	// bucketDays is the span of daily net amounts kept for the average
	// daily balance; the balance's as_of must fall inside it.
	bucketDays = 128
	// streamHorizon bounds how old an occurrence may be to count for
	// income and recurring detection.
	streamHorizon = 400
	// DefaultMaxDescriptions is the default of Options.MaxDescriptions.
	DefaultMaxDescriptions = 4096
)

// transferKeySalt separates the candidate of a description read as an
// internal transfer from the same description read otherwise.
const transferKeySalt = 0x5bd1e9955bd1e995

// WindowDays are the lengths of the aggregation windows of a [Report].
var WindowDays = [3]int{30, 60, 90}

// Options configure an [Analyzer].
type Options struct {
	// Now is the as-of time of the report. Required. Day boundaries use
	// the UTC offset of Now in its location at Now; a window of N days is
	// Now's calendar day and the N-1 days before it.
	Now time.Time
	// Currency is the currency analysed; rows in other currencies are
	// counted in Counts.OtherCurrency and otherwise ignored. Default USD.
	Currency balances.Currency
	// Balance, when it has a current amount in Currency, anchors the
	// average daily balance: the balance is taken as the end-of-day
	// balance of its AsOf day (of Now if AsOf is unknown) and earlier days
	// are reconstructed by undoing posted transactions. Pending rows are
	// never undone: Stripe's current balance excludes them.
	Balance balances.Balance
	// IncludePending counts pending transactions in the window totals and
	// in income and recurring detection. By default they are left out
	// (counted in Counts.Pending): a pending row may still be voided.
	IncludePending bool
	// Calendar tells business days, used to recognise paydays moved to the
	// previous business day and to predict the next one. Default
	// USBankingDay.
	Calendar Calendar
	// MaxDescriptions bounds the distinct normalized descriptions tracked
	// for income and recurring detection (credits and debits apart);
	// rows beyond it still count in the totals (Counts.Untracked).
	// Default DefaultMaxDescriptions. Memory is about 330 bytes each.
	MaxDescriptions int
}

// ErrNoNow is returned when Options.Now is the zero time.
var ErrNoNow = errors.New("transactions: insights need Options.Now")

// Counts tell what happened to the rows given to [Analyzer.Add].
type Counts struct {
	Added         int // rows given to Add
	Counted       int // rows in the analysis
	Pending       int // pending rows left out (Options.IncludePending false)
	Voided        int // void rows, always left out
	Invalid       int // rows with an invalid status
	OtherCurrency int // rows in another currency than Options.Currency
	Undated       int // rows without transacted_at
	Future        int // rows transacted after Now's day
	Untracked     int // counted rows whose description did not fit in the table
	Transfers     int // counted rows read as transfers between the holder's own accounts
}

type winAcc struct {
	credit, debit int64
	nc, nd        int
}

type slot struct {
	key uint64 // descKey; 0 = empty
	idx int32  // index into cands
}

type candidate struct {
	desc   string // first description seen (not copied; no allocation)
	n      int32  // occurrences seen
	k      uint8  // occurrences kept
	oldest uint8  // index of the oldest kept occurrence
	credit bool
	// transfer: the rows are transfers between the holder's own accounts.
	transfer bool
	days     [occCap]int32
	amts     [occCap]int64
}

// Analyzer computes cash-flow insights in one streaming pass: feed every
// transaction of an account once with [Analyzer.Add], in any order, then
// call [Analyzer.Report].
//
// All memory is allocated by [NewAnalyzer] (about 330 bytes per
// MaxDescriptions plus 1 KiB); Add never allocates and runs in constant
// time. Reuse an Analyzer with [Analyzer.Reset]. An Analyzer is not safe
// for concurrent use.
type Analyzer struct {
	opts   Options
	cur    balances.Currency
	offset int64 // seconds east of UTC at Now
	nowDay int32
	cal    Calendar
	slots  []slot
	cands  []candidate
	used   int
	limit  int
	win    [len(WindowDays)]winAcc
	net    [bucketDays]int64 // net posted amount per balance day, by age
	counts Counts
	overfl bool
}

// NewAnalyzer returns an Analyzer for opts.
func NewAnalyzer(opts Options) (*Analyzer, error) {
	a := &Analyzer{}
	if err := a.Reset(opts); err != nil {
		return nil, err
	}
	return a, nil
}

// Reset clears a and applies opts, keeping its tables when they are big
// enough, so that a long-lived Analyzer does not allocate again.
func (a *Analyzer) Reset(opts Options) error {
	if opts.Now.IsZero() {
		return ErrNoNow
	}
	if opts.Currency == "" {
		opts.Currency = balances.USD
	}
	c, err := balances.ParseCurrency(string(opts.Currency))
	if err != nil {
		return fmt.Errorf("transactions: insights: %w", err)
	}
	if opts.Calendar == nil {
		opts.Calendar = USBankingDay
	}
	if opts.MaxDescriptions <= 0 {
		opts.MaxDescriptions = DefaultMaxDescriptions
	}
	size := 16
	for size < opts.MaxDescriptions*4/3+1 {
		size <<= 1
	}
	slots, cands := a.slots, a.cands
	if len(slots) != size {
		slots, cands = make([]slot, size), make([]candidate, opts.MaxDescriptions)
	} else {
		clear(slots)
		if cap(cands) < opts.MaxDescriptions {
			cands = make([]candidate, opts.MaxDescriptions)
		}
		cands = cands[:opts.MaxDescriptions]
		for i := range cands[:a.used] {
			cands[i].n, cands[i].k, cands[i].oldest, cands[i].desc, cands[i].transfer = 0, 0, 0, "", false
		}
	}
	_, off := opts.Now.Zone()
	*a = Analyzer{
		opts:   opts,
		cur:    c,
		offset: int64(off),
		cal:    opts.Calendar,
		slots:  slots,
		cands:  cands,
		limit:  opts.MaxDescriptions,
	}
	a.nowDay = a.day(opts.Now)
	return nil
}

func (a *Analyzer) day(t time.Time) int32 {
	s := t.Unix() + a.offset
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return int32(d)
}

// Add feeds one transaction. Each transaction must be added once, in its
// latest state (as listed, or as kept up to date by a [Syncer]).
//
// Void rows are left out, pending ones unless Options.IncludePending;
// positive amounts are credits, negative ones debits, zero amounts count in
// neither. A row counts in the windows by its transacted_at and in the
// balance reconstruction by its posted_at (transacted_at if unknown).
func (a *Analyzer) Add(t Transaction) {
	a.add(t, IsInternalTransfer(t.Description))
}

// add is Add with the row's reading as an internal transfer decided by
// the caller (see AnalyzeAccounts).
func (a *Analyzer) add(t Transaction, transfer bool) {
	a.counts.Added++
	switch t.Status {
	case Posted:
	case Pending:
		if !a.opts.IncludePending {
			a.counts.Pending++
			return
		}
	case Void:
		a.counts.Voided++
		return
	default:
		a.counts.Invalid++
		return
	}
	if t.Amount.Currency != a.cur {
		a.counts.OtherCurrency++
		return
	}
	if t.TransactedAt.IsZero() {
		a.counts.Undated++
		return
	}
	d := a.day(t.TransactedAt)
	age := a.nowDay - d
	if age < 0 {
		a.counts.Future++
		return
	}
	a.counts.Counted++
	amt := t.Amount.Amount
	if age < 90 {
		for i := range a.win {
			if int(age) >= WindowDays[i] {
				continue
			}
			w := &a.win[i]
			var ok bool
			switch {
			case amt > 0:
				w.credit, ok = balances.AddInt64(w.credit, amt)
				w.nc++
			case amt < 0:
				w.debit, ok = balances.SubInt64(w.debit, amt)
				w.nd++
			default:
				ok = true
			}
			if !ok {
				a.overfl = true
			}
		}
	}
	if t.Status == Posted {
		bd := d
		if !t.PostedAt.IsZero() {
			bd = a.day(t.PostedAt)
		}
		if bage := a.nowDay - bd; bage >= 0 && bage < bucketDays {
			var ok bool
			if a.net[bage], ok = balances.AddInt64(a.net[bage], amt); !ok {
				a.overfl = true
			}
		}
	}
	if transfer {
		a.counts.Transfers++
	}
	if amt != 0 && age < streamHorizon {
		a.track(t.Description, d, amt, transfer)
	}
}

func (a *Analyzer) track(desc string, d int32, amt int64, transfer bool) {
	h := descKey(desc, amt > 0)
	if transfer {
		h ^= transferKeySalt // transfers form their own candidates
		if h == 0 {
			h = 1
		}
	}
	mask := uint64(len(a.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &a.slots[i]
		switch sl.key {
		case h:
			a.cands[sl.idx].add(d, amt)
			return
		case 0:
			if a.used >= a.limit {
				a.counts.Untracked++
				return
			}
			sl.key, sl.idx = h, int32(a.used)
			c := &a.cands[a.used]
			a.used++
			c.desc, c.credit, c.transfer = desc, amt > 0, transfer
			c.add(d, amt)
			return
		}
	}
}

// add records an occurrence, keeping the occCap most recent ones.
func (c *candidate) add(d int32, amt int64) {
	c.n++
	if c.k < occCap {
		c.days[c.k], c.amts[c.k] = d, amt
		if c.k == 0 || d < c.days[c.oldest] {
			c.oldest = c.k
		}
		c.k++
		return
	}
	if d <= c.days[c.oldest] {
		return
	}
	c.days[c.oldest], c.amts[c.oldest] = d, amt
	o := 0
	for j := 1; j < occCap; j++ {
		if c.days[j] < c.days[o] {
			o = j
		}
	}
	c.oldest = uint8(o)
}

// Analyze runs an [Analyzer] over seq and returns its report, or the first
// error seq yields.
func Analyze(opts Options, seq iter.Seq2[Transaction, error]) (Report, error) {
	a, err := NewAnalyzer(opts)
	if err != nil {
		return Report{}, err
	}
	for t, err := range seq {
		if err != nil {
			return Report{}, err
		}
		a.Add(t)
	}
	return a.Report(), nil
}
