package transactions

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/balances"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// posted returns a posted transaction at noon of day.
func posted(desc string, amount int64, day time.Time) Transaction {
	at := day.Add(12 * time.Hour)
	return Transaction{ID: fmt.Sprintf("fctxn_%s_%d_%d", desc, amount, day.Unix()), Amount: usd(amount),
		Description: desc, Status: Posted, TransactedAt: at, PostedAt: at}
}

// every returns the nominal dates from start, stepping by days, up to end.
func every(start, end time.Time, days int) []time.Time {
	var out []time.Time
	for d := start; !d.After(end); d = d.AddDate(0, 0, days) {
		out = append(out, d)
	}
	return out
}

// monthlyOn returns day dom (clamped to the month's end) of every month
// from start's month to end.
func monthlyOn(start, end time.Time, doms ...int) []time.Time {
	var out []time.Time
	for m := date(start.Year(), start.Month(), 1); !m.After(end); m = m.AddDate(0, 1, 0) {
		for _, dom := range doms {
			d := date(m.Year(), m.Month(), min(dom, daysIn(m.Year(), m.Month())))
			if !d.Before(start) && !d.After(end) {
				out = append(out, d)
			}
		}
	}
	return out
}

// pay returns one posted credit per nominal date, moved to the previous
// business day, with amounts jittered by up to ±jitter cents.
func pay(desc string, amount, jitter int64, nominal []time.Time, r *rand.Rand) []Transaction {
	var out []Transaction
	for _, n := range nominal {
		a := amount
		if jitter > 0 {
			a += r.Int64N(2*jitter+1) - jitter
		}
		out = append(out, posted(desc, a, prevBusinessDay(n)))
	}
	return out
}

func bills(desc string, amount int64, nominal []time.Time) []Transaction {
	var out []Transaction
	for _, n := range nominal {
		out = append(out, posted(desc, -amount, n))
	}
	return out
}

// gig returns irregular credits: gaps of 1–9 days, amounts 30–250 USD.
func gig(desc string, start, end time.Time, r *rand.Rand) []Transaction {
	var out []Transaction
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1+r.IntN(9)) {
		out = append(out, posted(desc, 3000+r.Int64N(22000), d))
	}
	return out
}

// cardSpend returns random debits at a few merchants, several a week.
func cardSpend(start, end time.Time, r *rand.Rand) []Transaction {
	merchants := []string{"HEB #123 AUSTIN TX", "STARBUCKS STORE #9", "SHELL OIL 5744", "AMAZON.COM*AB12 AMZN.COM/BILL", "TARGET T-1234"}
	var out []Transaction
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		for range r.IntN(3) {
			out = append(out, posted(merchants[r.IntN(len(merchants))], -(200+r.Int64N(9000)), d))
		}
	}
	return out
}

type streamWant struct {
	desc    string
	cadence Cadence
	kind    Kind
	amount  int64     // 0 = don't check
	next    time.Time // zero = don't check
}

func TestInsightsStreams(t *testing.T) {
	t.Parallel()
	now := date(2025, 6, 18).Add(17 * time.Hour) // a Wednesday
	start := now.AddDate(0, 0, -180)
	r := func() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
	acmeDays := every(date(2024, 12, 27), now, 14) // Fridays
	tests := []struct {
		name      string
		rows      func() []Transaction
		income    []streamWant
		recurring []streamWant
	}{
		{
			name:   "biweekly payroll",
			rows:   func() []Transaction { return pay("ACME CORP PAYROLL PPD ID: 987", 254017, 1500, acmeDays, r()) },
			income: []streamWant{{desc: "ACME CORP PAYROLL PPD ID: 987", cadence: Biweekly, next: date(2025, 6, 27)}},
		},
		{
			name: "two employers: biweekly and semimonthly 15th/last",
			rows: func() []Transaction {
				return slices.Concat(
					pay("ACME CORP PAYROLL", 180000, 1000, acmeDays, r()),
					pay("GLOBEX INC DIR DEP", 95000, 0, monthlyOn(start, now, 15, 31), r()),
				)
			},
			income: []streamWant{
				{desc: "ACME CORP PAYROLL", cadence: Biweekly, next: date(2025, 6, 27)},
				{desc: "GLOBEX INC DIR DEP", cadence: Semimonthly, amount: 95000, next: date(2025, 6, 30)},
			},
		},
		{
			name: "weekly pay on Fridays",
			rows: func() []Transaction {
				return pay("WAREHOUSE CO PAYROLL", 61000, 3000, every(date(2025, 1, 3), now, 7), r())
			},
			income: []streamWant{{desc: "WAREHOUSE CO PAYROLL", cadence: Weekly, next: date(2025, 6, 20)}},
		},
		{
			name: "semimonthly 1st and 15th moved off weekends",
			rows: func() []Transaction {
				return pay("CITY OF AUSTIN PAYROLL", 210000, 0, monthlyOn(start, now, 1, 15), r())
			},
			// 2025-06-15 is a Sunday (paid Friday 13th); next is July 1st.
			income: []streamWant{{desc: "CITY OF AUSTIN PAYROLL", cadence: Semimonthly, amount: 210000, next: date(2025, 7, 1)}},
		},
		{
			name:   "monthly benefits on the 3rd",
			rows:   func() []Transaction { return pay("SSA TREAS 310 XXSOC SEC", 184300, 0, monthlyOn(start, now, 3), r()) },
			income: []streamWant{{desc: "SSA TREAS 310 XXSOC SEC", cadence: Monthly, amount: 184300, next: date(2025, 7, 3)}},
		},
		{
			name:   "monthly pay on the last day",
			rows:   func() []Transaction { return pay("INITECH PAYROLL", 400000, 0, monthlyOn(start, now, 31), r()) },
			income: []streamWant{{desc: "INITECH PAYROLL", cadence: Monthly, amount: 400000, next: date(2025, 6, 30)}},
		},
		{
			name: "irregular gig income is not a stream",
			rows: func() []Transaction { return gig("DOORDASH DASHER PAYOUT", start, now, r()) },
		},
		{
			name: "gig income next to a salary",
			rows: func() []Transaction {
				return slices.Concat(gig("UBER DRIVER PAYOUT", start, now, r()), pay("ACME CORP PAYROLL", 180000, 0, acmeDays, r()))
			},
			income: []streamWant{{desc: "ACME CORP PAYROLL", cadence: Biweekly, amount: 180000}},
		},
		{
			name: "one-off large deposits are not streams and do not move the amount",
			rows: func() []Transaction {
				return slices.Concat(
					pay("ACME CORP PAYROLL", 180000, 0, acmeDays, r()),
					[]Transaction{
						posted("IRS TREAS 310 TAX REF", 320000, date(2025, 4, 2)),
						posted("ACME CORP PAYROLL", 1500000, date(2025, 3, 12)), // annual bonus, off cycle
						posted("ACME CORP PAYROLL", 900000, date(2025, 5, 29)),  // off cycle, day before payday window
						posted("MOBILE DEPOSIT", 500000, date(2025, 2, 10)),
						posted("MOBILE DEPOSIT", 25000, date(2025, 5, 1)),
						posted("MOBILE DEPOSIT", 1000000, date(2025, 5, 21)),
					})
			},
			income: []streamWant{{desc: "ACME CORP PAYROLL", cadence: Biweekly, amount: 180000, next: date(2025, 6, 27)}},
		},
		{
			name: "stopped income is not a stream",
			rows: func() []Transaction {
				return pay("OLD JOB PAYROLL", 180000, 0, every(date(2024, 12, 27), date(2025, 4, 4), 14), r())
			},
		},
		{
			name: "recurring outflows: rent, utilities, subscriptions; card spend is not",
			rows: func() []Transaction {
				rr := r()
				var util []Transaction
				for _, d := range monthlyOn(start, now, 12) {
					util = append(util, posted("AUSTIN ENERGY UTILITY", -(9000+rr.Int64N(9000)), d))
				}
				return slices.Concat(
					bills("OAKWOOD APARTMENTS RENT", 185000, monthlyOn(start, now, 1)),
					util,
					bills("NETFLIX.COM 866-579-7172", 1549, monthlyOn(start, now, 7)),
					bills("PLANET FITNESS CLUB FEE", 2499, monthlyOn(start, now, 17)),
					bills("GEICO AUTO", 13400, monthlyOn(start, now, 25)),
					cardSpend(start, now, rr),
				)
			},
			recurring: []streamWant{
				{desc: "OAKWOOD APARTMENTS RENT", cadence: Monthly, kind: KindRent, amount: 185000, next: date(2025, 7, 1)},
				{desc: "AUSTIN ENERGY UTILITY", cadence: Monthly, kind: KindUtility, next: date(2025, 7, 12)},
				{desc: "GEICO AUTO", cadence: Monthly, kind: KindInsurance, amount: 13400, next: date(2025, 6, 25)},
				{desc: "PLANET FITNESS CLUB FEE", cadence: Monthly, kind: KindSubscription, amount: 2499, next: date(2025, 7, 17)},
				{desc: "NETFLIX.COM 866-579-7172", cadence: Monthly, kind: KindSubscription, amount: 1549, next: date(2025, 7, 7)},
			},
		},
		{
			name: "voided pendings do not make a stream",
			rows: func() []Transaction {
				var out []Transaction
				for _, tx := range pay("ACME CORP PAYROLL", 180000, 0, acmeDays, r()) {
					tx.Status, tx.PostedAt, tx.VoidAt = Void, time.Time{}, tx.TransactedAt.Add(time.Hour)
					out = append(out, tx)
				}
				return out
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := tt.rows()
			// Feed in Stripe's order (newest first) and shuffled: the
			// result must not depend on it.
			slices.SortFunc(rows, func(a, b Transaction) int { return b.TransactedAt.Compare(a.TransactedAt) })
			shuffled := slices.Clone(rows)
			rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			var reports []Report
			for _, in := range [][]Transaction{rows, shuffled} {
				a, err := NewAnalyzer(Options{Now: now})
				if err != nil {
					t.Fatal(err)
				}
				for _, tx := range in {
					a.Add(tx)
				}
				reports = append(reports, a.Report())
			}
			rep := reports[0]
			checkStreams(t, "income", rep.Income, tt.income)
			checkStreams(t, "recurring", rep.Recurring, tt.recurring)
			if fmt.Sprint(reports[0]) != fmt.Sprint(reports[1]) {
				t.Errorf("report depends on input order:\n%v\n%v", reports[0], reports[1])
			}
		})
	}
}

func checkStreams(t *testing.T, what string, got []Stream, want []streamWant) {
	t.Helper()
	if len(got) != len(want) {
		for _, s := range got {
			t.Logf("%s: %q %s %v occ=%d missed=%d extra=%d var=%d", what, s.Description, s.Cadence, s.Amount, s.Occurrences, s.Missed, s.Extra, s.Variation)
		}
		t.Fatalf("%d %s streams, want %d", len(got), what, len(want))
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(s Stream) bool { return s.Description == w.desc })
		if i < 0 {
			t.Errorf("%s stream %q not found", what, w.desc)
			continue
		}
		s := got[i]
		if s.Cadence != w.cadence {
			t.Errorf("%q: cadence %s, want %s", w.desc, s.Cadence, w.cadence)
		}
		if w.kind != "" && s.Kind != w.kind {
			t.Errorf("%q: kind %s, want %s", w.desc, s.Kind, w.kind)
		}
		if what == "income" && s.Kind != KindIncome {
			t.Errorf("%q: kind %s", w.desc, s.Kind)
		}
		if w.amount != 0 && s.Amount.Amount != w.amount {
			t.Errorf("%q: amount %v, want %d", w.desc, s.Amount, w.amount)
		}
		if !w.next.IsZero() && !s.Next.Equal(w.next) {
			t.Errorf("%q: next %s, want %s", w.desc, s.Next.Format("Mon 2006-01-02"), w.next.Format("Mon 2006-01-02"))
		}
		if s.Amount.Currency != balances.USD || s.Monthly.Amount <= 0 {
			t.Errorf("%q: amount %v monthly %v", w.desc, s.Amount, s.Monthly)
		}
	}
}

// TestPaydayHolidays: paydays that fall on a weekend or a bank holiday are
// paid the business day before, and the prediction does the same.
func TestPaydayHolidays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		now     time.Time
		nominal func(now time.Time) []time.Time
		cadence Cadence
		next    time.Time
	}{
		{
			// Fridays; 2025-07-04 (Independence Day) is paid Thursday 3rd.
			name:    "biweekly Friday on July 4th",
			now:     date(2025, 6, 30),
			nominal: func(now time.Time) []time.Time { return every(date(2025, 1, 3), now, 14) },
			cadence: Biweekly,
			next:    date(2025, 7, 3),
		},
		{
			// 1st of the month; 2025-09-01 is Labor Day, a Monday: paid
			// Friday August 29th.
			name:    "monthly on the 1st, Labor Day",
			now:     date(2025, 8, 25),
			nominal: func(now time.Time) []time.Time { return monthlyOn(now.AddDate(0, -6, 0), now, 1) },
			cadence: Monthly,
			next:    date(2025, 8, 29),
		},
		{
			// 2024-12-25 (Wednesday) and 2025-01-01 (Wednesday) paid on the
			// 24th and 31st; the history contains both shifts.
			name:    "weekly Wednesday across Christmas and New Year",
			now:     date(2025, 1, 20),
			nominal: func(now time.Time) []time.Time { return every(date(2024, 10, 2), now, 7) },
			cadence: Weekly,
			next:    date(2025, 1, 22),
		},
		{
			// 15th and last; 2025-11-15 is a Saturday → Friday 14th;
			// 2025-11-30 a Sunday → Friday 28th.
			name:    "semimonthly 15th and last over weekends",
			now:     date(2025, 11, 10),
			nominal: func(now time.Time) []time.Time { return monthlyOn(now.AddDate(0, -6, 0), now, 15, 31) },
			cadence: Semimonthly,
			next:    date(2025, 11, 14),
		},
		{
			// Juneteenth 2026 is a Friday: paid Thursday 18th.
			name:    "biweekly Friday on Juneteenth",
			now:     date(2026, 6, 12).Add(20 * time.Hour),
			nominal: func(now time.Time) []time.Time { return every(date(2026, 1, 2), now, 14) },
			cadence: Biweekly,
			next:    date(2026, 6, 18),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAnalyzer(Options{Now: tt.now})
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range pay("EMPLOYER PAYROLL", 150000, 0, tt.nominal(tt.now), nil) {
				a.Add(tx)
			}
			rep := a.Report()
			checkStreams(t, "income", rep.Income, []streamWant{{desc: "EMPLOYER PAYROLL", cadence: tt.cadence, amount: 150000, next: tt.next}})
			if len(rep.Income) == 1 && rep.Income[0].Missed != 0 {
				t.Errorf("missed %d", rep.Income[0].Missed)
			}
		})
	}
}

func TestInsightsWindows(t *testing.T) {
	t.Parallel()
	now := date(2025, 6, 18).Add(10 * time.Hour)
	day := func(age int) time.Time { return now.AddDate(0, 0, -age) }
	rows := []Transaction{
		posted("A", 1000, day(0)),
		posted("B", -300, day(0)),
		posted("C", 2000, day(29)), // last day of the 30-day window
		posted("D", -500, day(30)), // first day outside it
		posted("E", -700, day(59)),
		posted("F", 4000, day(60)),
		posted("G", -100, day(89)),
		posted("H", 9999, day(90)), // outside every window
		posted("Z", 0, day(1)),     // neither credit nor debit
		{ID: "P", Amount: usd(-5000), Status: Pending, TransactedAt: day(0)},
		{ID: "V", Amount: usd(-6000), Status: Void, TransactedAt: day(0)},
		{ID: "X", Amount: balances.Money{Amount: -7000, Currency: balances.EUR}, Status: Posted, TransactedAt: day(0)},
		{ID: "U", Amount: usd(-8000), Status: Posted},
		{ID: "F1", Amount: usd(-9000), Status: Posted, TransactedAt: now.AddDate(0, 0, 1)},
		{ID: "S", Amount: usd(-9000), Status: "settled", TransactedAt: day(0)},
	}
	type win struct {
		credits, debits int64
		nc, nd          int
	}
	tests := []struct {
		name    string
		pending bool
		want    [3]win
		counts  Counts
	}{
		{
			name: "pending excluded",
			want: [3]win{{3000, 300, 2, 1}, {3000, 1500, 2, 3}, {7000, 1600, 3, 4}},
			counts: Counts{Added: 15, Counted: 9, Pending: 1, Voided: 1, Invalid: 1, OtherCurrency: 1,
				Undated: 1, Future: 1},
		},
		{
			name:    "pending included",
			pending: true,
			want:    [3]win{{3000, 5300, 2, 2}, {3000, 6500, 2, 4}, {7000, 6600, 3, 5}},
			counts: Counts{Added: 15, Counted: 10, Voided: 1, Invalid: 1, OtherCurrency: 1,
				Undated: 1, Future: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAnalyzer(Options{Now: now, IncludePending: tt.pending})
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range rows {
				a.Add(tx)
			}
			rep := a.Report()
			for i, w := range tt.want {
				g := rep.Windows[i]
				if g.Days != WindowDays[i] || g.Credits.Amount != w.credits || g.Debits.Amount != w.debits ||
					g.CreditCount != w.nc || g.DebitCount != w.nd || g.Net.Amount != w.credits-w.debits {
					t.Errorf("window %d: %+v, want %+v", WindowDays[i], g, w)
				}
				if g.HasAverageBalance {
					t.Errorf("window %d: average balance without Options.Balance", g.Days)
				}
			}
			if rep.Counts != tt.counts {
				t.Errorf("counts %+v\nwant   %+v", rep.Counts, tt.counts)
			}
			if w, ok := rep.Window(60); !ok || w.Days != 60 {
				t.Errorf("Window(60) = %+v, %v", w, ok)
			}
			if _, ok := rep.Window(45); ok {
				t.Error("Window(45) found")
			}
		})
	}
}

func TestAverageDailyBalance(t *testing.T) {
	t.Parallel()
	now := date(2025, 6, 18).Add(20 * time.Hour)
	day := func(age int) time.Time { return now.AddDate(0, 0, -age).Add(-8 * time.Hour) }
	// Current balance 1000.00 at now. Posted: +500 today, −200 10 days ago
	// (posted 9 days ago), +3000 45 days ago. A pending −400 today does not
	// count: the current balance excludes it.
	rows := []Transaction{
		{ID: "a", Amount: usd(50000), Status: Posted, TransactedAt: day(0), PostedAt: day(0)},
		{ID: "b", Amount: usd(-20000), Status: Posted, TransactedAt: day(10), PostedAt: day(9)},
		{ID: "c", Amount: usd(300000), Status: Posted, TransactedAt: day(45)},
		{ID: "d", Amount: usd(-40000), Status: Pending, TransactedAt: day(0)},
	}
	// End-of-day balances by age (a day's postings are in its own end of
	// day): 0: 1000; 1..9: 500; 10..45: 700; 46..: −2300.
	eod := func(age int) int64 {
		switch {
		case age == 0:
			return 100000
		case age <= 9:
			return 50000
		case age <= 45:
			return 70000
		}
		return -230000
	}
	mean := func(n int) int64 {
		var s int64
		for g := range n {
			s += eod(g)
		}
		return divRound(s, int64(n))
	}
	tests := []struct {
		name    string
		balance func() balances.Balance
		want    [3]int64
		ok      bool
	}{
		{
			name: "as of now",
			balance: func() balances.Balance {
				b, _ := balances.NewCash(now, []balances.Money{usd(100000)}, []balances.Money{usd(60000)})
				return b
			},
			want: [3]int64{mean(30), mean(60), mean(90)},
			ok:   true,
		},
		{
			name: "as of 9 days ago: later days rolled forward",
			balance: func() balances.Balance {
				// EOD at age 9 was 500.00.
				b, _ := balances.NewCash(now.AddDate(0, 0, -9), []balances.Money{usd(50000)}, nil)
				return b
			},
			want: [3]int64{mean(30), mean(60), mean(90)},
			ok:   true,
		},
		{
			name: "unknown as_of is taken as now",
			balance: func() balances.Balance {
				b, _ := balances.NewCash(time.Time{}, []balances.Money{usd(100000)}, nil)
				return b
			},
			want: [3]int64{mean(30), mean(60), mean(90)},
			ok:   true,
		},
		{
			name: "balance in another currency",
			balance: func() balances.Balance {
				b, _ := balances.NewCash(now, []balances.Money{{Amount: 1, Currency: balances.EUR}}, nil)
				return b
			},
		},
		{
			name: "balance too old",
			balance: func() balances.Balance {
				b, _ := balances.NewCash(now.AddDate(0, 0, -200), []balances.Money{usd(1)}, nil)
				return b
			},
		},
		{name: "no balance", balance: func() balances.Balance { return balances.Balance{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAnalyzer(Options{Now: now, Balance: tt.balance()})
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range rows {
				a.Add(tx)
			}
			rep := a.Report()
			for i, w := range rep.Windows {
				if w.HasAverageBalance != tt.ok || w.AverageDailyBalance.Amount != tt.want[i] {
					t.Errorf("window %d: ADB %v (%v), want %d (%v)", w.Days, w.AverageDailyBalance, w.HasAverageBalance, tt.want[i], tt.ok)
				}
			}
		})
	}
}

func TestAnalyzerOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"no now", Options{}, ErrNoNow},
		{"bad currency", Options{Now: time.Now(), Currency: "dollars"}, balances.ErrInvalidCurrency},
		{"uppercase currency accepted", Options{Now: time.Now(), Currency: "EUR"}, nil},
		{"defaults", Options{Now: time.Now()}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewAnalyzer(tt.opts)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestAnalyzerTableFull(t *testing.T) {
	t.Parallel()
	now := date(2025, 6, 18)
	a, err := NewAnalyzer(Options{Now: now, MaxDescriptions: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range []string{"ONE", "TWO", "THREE", "ONE", "FOUR"} {
		a.Add(posted(d, -100, now.AddDate(0, 0, -i)))
	}
	rep := a.Report()
	if rep.Counts.Untracked != 2 || rep.Counts.Counted != 5 || rep.Windows[0].DebitCount != 5 {
		t.Fatalf("counts %+v, window %+v", rep.Counts, rep.Windows[0])
	}
}

func TestAnalyzerResetAndRepeat(t *testing.T) {
	t.Parallel()
	now := date(2025, 6, 18).Add(17 * time.Hour)
	rows := pay("ACME CORP PAYROLL", 180000, 0, every(date(2024, 12, 27), now, 14), nil)
	a, _ := NewAnalyzer(Options{Now: now})
	for _, tx := range rows {
		a.Add(tx)
	}
	first := a.Report()
	if second := a.Report(); fmt.Sprint(first) != fmt.Sprint(second) {
		t.Fatal("Report changed the analyzer")
	}
	if err := a.Reset(Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	if rep := a.Report(); len(rep.Income) != 0 || rep.Counts.Added != 0 {
		t.Fatalf("Reset left state: %+v", rep)
	}
	for _, tx := range rows {
		a.Add(tx)
	}
	if again := a.Report(); fmt.Sprint(first) != fmt.Sprint(again) {
		t.Fatalf("after Reset:\n%v\nwant\n%v", again, first)
	}
	if err := a.Reset(Options{}); !errors.Is(err, ErrNoNow) {
		t.Fatalf("Reset without Now: %v", err)
	}
}

func TestAddDoesNotAllocate(t *testing.T) {
	now := date(2025, 6, 18).Add(17 * time.Hour)
	h := history{seed: 3, now: now, days: 180, cardPerDay: 20, account: "fca_1"}
	var rows []Transaction
	for tx := range h.seq() {
		rows = append(rows, tx)
	}
	a, _ := NewAnalyzer(Options{Now: now, IncludePending: true})
	i := 0
	allocs := testing.AllocsPerRun(len(rows), func() {
		a.Add(rows[i%len(rows)])
		i++
	})
	if allocs != 0 {
		t.Fatalf("Add allocates %.2f times per call", allocs)
	}
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	now := date(2025, 6, 18).Add(17 * time.Hour)
	rows := pay("ACME CORP PAYROLL", 180000, 0, every(date(2024, 12, 27), now, 14), nil)
	seq := func(fail bool) func(func(Transaction, error) bool) {
		return func(yield func(Transaction, error) bool) {
			for i, tx := range rows {
				if fail && i == 3 {
					yield(Transaction{}, errBank)
					return
				}
				if !yield(tx, nil) {
					return
				}
			}
		}
	}
	rep, err := Analyze(Options{Now: now}, seq(false))
	if err != nil || len(rep.Income) != 1 {
		t.Fatalf("Analyze = %d streams, %v", len(rep.Income), err)
	}
	if _, err := Analyze(Options{Now: now}, seq(true)); !errors.Is(err, errBank) {
		t.Fatalf("err = %v", err)
	}
	if _, err := Analyze(Options{}, seq(false)); !errors.Is(err, ErrNoNow) {
		t.Fatalf("err = %v", err)
	}
}
