package transactions

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/fcsdk/fcsdk/balances"
)

// Stream detection runs in Report, per tracked description with at least
// three kept occurrences. Every schedule of every cadence is tried:
//
//   - weekly and biweekly: each phase (day of the 7- or 14-day cycle);
//   - monthly: each day of the month 1–31 (31 = last day);
//   - semimonthly: each pair (d, d+14), (d, d+15) and (d, last day).
//
// A scheduled (nominal) date n matches one occurrence in its window:
// for income from one day before the previous business day on or before n
// (paydays on weekends and holidays move earlier) to the later of n+1 and
// the next business day; for outflows n±3 days. When several occurrences
// fit, the one closest to the expected day wins, then the one closest to
// the median amount, so a bonus or refund next to a regular payment is
// left as an extra. A schedule is accepted when matched ≥ 3 (4 for
// weekly), missed ≤ matched/5, extras ≤ matched/3, occurrences are on time
// (income: on average within half a day of the expected business day;
// outflows: within ¾ day of the nominal day or the next business day), and
// the amounts on schedule vary by at most the cadence's band (median
// absolute deviation ≤ 30% for income, 50% for monthly outflows, 20% for
// other outflows); the accepted schedule with the best score
// (4·matched − 4·missed − 3·extra, then the smallest total distance between
// occurrences and their expected days, then the longer cadence) is the
// stream.
// Irregular income (gig work, one-off deposits) matches no schedule.

type occ struct {
	day int32
	amt int64 // magnitude
}

type schedule struct {
	cad    Cadence
	phase  int32 // weekly, biweekly: nominal days ≡ phase (mod period)
	d1, d2 int   // monthly: d1; semimonthly: d1 and d2 (31 = last day)
}

type evalResult struct {
	matched, missed, extra int
	first, last            int32 // days of first and last matched occurrence
	lastNominal            int32
	score                  int
	dist                   int // Σ |occurrence − expected day| over matched
}

type detector struct {
	nowDay  int32
	bizFrom int32
	biz     []bool
	cal     Calendar
	offset  int64
	loc     *time.Location
	occs    []occ
	used    []bool
	nom     []int32
	match   []int // indices into occs of the matched occurrences, in order
	best    []int
}

func (a *Analyzer) newDetector() *detector {
	from := a.nowDay - streamHorizon - 40
	to := a.nowDay + 80
	d := &detector{nowDay: a.nowDay, bizFrom: from, biz: make([]bool, to-from), cal: a.cal,
		offset: a.offset, loc: a.opts.Now.Location()}
	for i := range d.biz {
		d.biz[i] = a.cal(dateOf(from + int32(i)))
	}
	return d
}

// dateOf returns the civil date of a day number as midnight UTC.
func dateOf(day int32) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

func dayOfDate(t time.Time) int32 { return int32(t.Unix() / 86400) }

func (d *detector) isBiz(day int32) bool {
	if i := day - d.bizFrom; i >= 0 && int(i) < len(d.biz) {
		return d.biz[i]
	}
	return d.cal(dateOf(day))
}

// prevBiz returns the last business day on or before day (at most 10 days
// back, for calendars without business days).
func (d *detector) prevBiz(day int32) int32 {
	for i := int32(0); i < 10; i++ {
		if d.isBiz(day - i) {
			return day - i
		}
	}
	return day
}

func (d *detector) nextBiz(day int32) int32 {
	for i := int32(0); i < 10; i++ {
		if d.isBiz(day + i) {
			return day + i
		}
	}
	return day
}

func (d *detector) window(n int32, credit bool) (lo, hi int32) {
	if credit {
		return d.prevBiz(n) - 1, max(n+1, d.nextBiz(n))
	}
	return n - 3, n + 3
}

// nominals appends the schedule's nominal days in [from, to].
func (s schedule) nominals(buf []int32, from, to int32) []int32 {
	switch s.cad {
	case Weekly, Biweekly:
		p := int32(7)
		if s.cad == Biweekly {
			p = 14
		}
		n := from + ((s.phase-from)%p+p)%p
		for ; n <= to; n += p {
			buf = append(buf, n)
		}
		return buf
	}
	f := dateOf(from)
	y, m := f.Year(), f.Month()
	for {
		days := []int{s.d1}
		if s.cad == Semimonthly {
			days = append(days[:1:1], s.d2)
		}
		for _, dom := range days {
			dd := min(dom, daysIn(y, m))
			n := dayOfDate(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC))
			if n > to {
				return buf
			}
			if n >= from {
				buf = append(buf, n)
			}
		}
		if m++; m > time.December {
			m, y = time.January, y+1
		}
	}
}

func (d *detector) detect(c *candidate) (Stream, bool) {
	d.occs = d.occs[:0]
	for i := 0; i < int(c.k); i++ {
		d.occs = append(d.occs, occ{day: c.days[i], amt: abs64(c.amts[i])})
	}
	slices.SortFunc(d.occs, func(x, y occ) int { return cmp.Or(cmp.Compare(x.day, y.day), cmp.Compare(x.amt, y.amt)) })
	amts := make([]int64, len(d.occs))
	for i, o := range d.occs {
		amts[i] = o.amt
	}
	ref := median(amts)

	var (
		best     evalResult
		bestS    schedule
		found    bool
		consider = func(s schedule) {
			r, ok := d.eval(s, ref, c.credit)
			if !ok {
				return
			}
			better := !found || r.score > best.score ||
				r.score == best.score && (r.dist < best.dist ||
					r.dist == best.dist && s.cad.PerYear() < bestS.cad.PerYear())
			if better {
				best, bestS, found = r, s, true
				d.best = append(d.best[:0], d.match...)
			}
		}
	)
	for ph := int32(0); ph < 7; ph++ {
		consider(schedule{cad: Weekly, phase: ph})
	}
	for ph := int32(0); ph < 14; ph++ {
		consider(schedule{cad: Biweekly, phase: ph})
	}
	for dom := 1; dom <= 31; dom++ {
		consider(schedule{cad: Monthly, d1: dom})
	}
	for d1 := 1; d1 <= 16; d1++ {
		consider(schedule{cad: Semimonthly, d1: d1, d2: d1 + 14})
		consider(schedule{cad: Semimonthly, d1: d1, d2: d1 + 15})
		if d1+15 < 31 {
			consider(schedule{cad: Semimonthly, d1: d1, d2: 31})
		}
	}
	if !found {
		return Stream{}, false
	}

	matched := make([]int64, len(d.best))
	for i, idx := range d.best {
		matched[i] = d.occs[idx].amt
	}
	last3 := slices.Clone(matched[max(0, len(matched)-3):])
	amount := median(last3)
	monthly := int64(math.MaxInt64)
	if amount <= math.MaxInt64/52 {
		monthly = divRound(amount*int64(bestS.cad.PerYear()), 12)
	}
	next := d.next(bestS, best.lastNominal, c.credit)
	return Stream{
		Description: c.desc,
		Cadence:     bestS.cad,
		Amount:      balances.Money{Amount: amount},
		Monthly:     balances.Money{Amount: monthly},
		Occurrences: best.matched,
		Missed:      best.missed,
		Extra:       best.extra,
		First:       d.localDate(best.first),
		Last:        d.localDate(best.last),
		Next:        d.localDate(next),
		Variation:   variation(matched),
	}, true
}

// eval matches the schedule against d.occs; ok reports acceptance. The
// matched indices are left in d.match.
func (d *detector) eval(s schedule, ref int64, credit bool) (r evalResult, ok bool) {
	occs := d.occs
	first := occs[0].day
	d.nom = s.nominals(d.nom[:0], first-8, d.nowDay+8)
	d.used = append(d.used[:0], make([]bool, len(occs))...)
	d.match = d.match[:0]
	j := 0
	for _, n := range d.nom {
		lo, hi := d.window(n, credit)
		if hi < first {
			continue
		}
		if lo > d.nowDay {
			break
		}
		for j < len(occs) && occs[j].day < lo {
			j++
		}
		expect := n
		if credit {
			expect = d.prevBiz(n)
		}
		bestM, bestDist := -1, int32(0)
		for m := j; m < len(occs) && occs[m].day <= hi; m++ {
			if d.used[m] {
				continue
			}
			dist := dayDist(occs[m].day, expect, d.nextBiz(n), credit)
			if bestM < 0 || dist < bestDist ||
				dist == bestDist && abs64(occs[m].amt-ref) < abs64(occs[bestM].amt-ref) {
				bestM, bestDist = m, dist
			}
		}
		switch {
		case bestM >= 0:
			d.used[bestM] = true
			d.match = append(d.match, bestM)
			r.dist += int(bestDist)
			r.matched++
			r.lastNominal = n
		case hi < d.nowDay:
			r.missed++
		}
	}
	r.extra = len(occs) - r.matched
	minMatched := 3
	if s.cad == Weekly {
		minMatched = 4
	}
	if r.matched < minMatched || r.missed*5 > r.matched || r.extra*3 > r.matched {
		return r, false
	}
	// On-time: income lands on its expected day (average distance ≤ ½
	// day), outflows within ¾ day of theirs on average.
	if credit && r.dist*2 > r.matched || !credit && r.dist*4 > r.matched*3 {
		return r, false
	}
	slices.Sort(d.match) // greedy picks are in nominal order, but be safe
	amts := make([]int64, len(d.match))
	for i, idx := range d.match {
		amts[i] = occs[idx].amt
	}
	limit := 2000
	switch {
	case credit:
		limit = 3000
	case s.cad == Monthly:
		limit = 5000
	}
	if variation(amts) > limit {
		return r, false
	}
	r.first, r.last = occs[d.match[0]].day, occs[d.match[len(d.match)-1]].day
	r.score = 4*r.matched - 4*r.missed - 3*r.extra
	return r, true
}

// next returns the expected day of the first occurrence after
// lastNominal that is not before today.
func (d *detector) next(s schedule, lastNominal int32, credit bool) int32 {
	noms := s.nominals(nil, lastNominal+1, d.nowDay+70)
	for _, n := range noms {
		e := n
		if credit {
			e = d.prevBiz(n)
		}
		if e >= d.nowDay {
			return e
		}
	}
	return d.nowDay
}

// localDate returns midnight of day in Now's location.
func (d *detector) localDate(day int32) time.Time {
	return time.Unix(int64(day)*86400-d.offset, 0).In(d.loc)
}

// median returns the median of v (the lower middle for even lengths),
// reordering v.
func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

// variation returns the median absolute deviation of v in basis points of
// its median (10000+ when the median is zero and values differ).
func variation(v []int64) int {
	if len(v) == 0 {
		return 0
	}
	w := slices.Clone(v)
	med := median(w)
	for i := range w {
		w[i] = abs64(w[i] - med)
	}
	mad := median(w)
	if mad == 0 {
		return 0
	}
	if med <= 0 || mad > math.MaxInt64/10000 {
		return math.MaxInt32
	}
	return int(mad * 10000 / med)
}

// dayDist is how far an occurrence is from its expected day: for income
// from the expected (business) day; for outflows from the nominal day or
// the next business day, whichever is closer (charges due on a weekend
// often post on Monday).
func dayDist(day, expect, nextBiz int32, credit bool) int32 {
	dist := day - expect
	if dist < 0 {
		dist = -dist
	}
	if !credit {
		alt := day - nextBiz
		if alt < 0 {
			alt = -alt
		}
		dist = min(dist, alt)
	}
	return dist
}
