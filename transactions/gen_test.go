package transactions

import (
	"iter"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/fcsdk/fcsdk/balances"
)

// history generates a deterministic, realistic account history for tests
// and benchmarks: biweekly payroll, monthly rent, utilities and
// subscriptions, and card spend, some of it still pending and some of the
// older pendings voided.
type history struct {
	seed       uint64
	now        time.Time // end of the history; rows are dated before it
	days       int       // length of the history
	cardPerDay int       // average card transactions per day
	account    string
}

var cardMerchants = []string{
	"STARBUCKS STORE #%", "WHOLEFDS MKT #% AUSTIN TX", "HEB #% AUSTIN TX", "SHELL OIL %",
	"AMAZON.COM*% AMZN.COM/BILL WA", "UBER *TRIP %", "DOORDASH*% SAN FRANCISCO", "TARGET T-% AUSTIN TX",
	"CVS/PHARMACY #%", "CHIPOTLE %", "MCDONALD'S F%", "WALGREENS #%", "COSTCO WHSE #%",
	"HOME DEPOT #%", "TRADER JOE'S #%", "LYFT *RIDE %", "SQ *BLUE BOTTLE %", "TST* TACO DELI %",
	"EXXONMOBIL %", "BEST BUY %", "SPROUTS FARMERS MKT %", "CHEVRON %", "PANERA BREAD #%", "7-ELEVEN %",
}

// cardDescriptions expands each merchant with store numbers.
var cardDescriptions = func() []string {
	var out []string
	for _, m := range cardMerchants {
		for store := range 40 {
			s := ""
			for _, r := range m {
				if r == '%' {
					s += strconv.Itoa(1000 + store*37)
				} else {
					s += string(r)
				}
			}
			out = append(out, s)
		}
	}
	return out
}()

func usd(v int64) balances.Money { return balances.Money{Amount: v, Currency: balances.USD} }

// seq yields the history newest day first, as Stripe lists it.
func (h history) seq() iter.Seq[Transaction] {
	return func(yield func(Transaction) bool) {
		r := rand.New(rand.NewPCG(h.seed, 0x5eed))
		nowDay := h.now.Truncate(24 * time.Hour)
		id := 0
		emit := func(day time.Time, amount int64, desc string, status Status) bool {
			id++
			t := Transaction{
				ID:           "fctxn_" + strconv.FormatInt(int64(id), 36),
				Account:      h.account,
				Amount:       usd(amount),
				Description:  desc,
				Status:       status,
				TransactedAt: day.Add(time.Duration(r.IntN(20*3600)) * time.Second),
				RefreshID:    "fctxnref_1",
			}
			switch status {
			case Posted:
				t.PostedAt = t.TransactedAt.Add(time.Duration(r.IntN(36*3600)) * time.Second)
				if t.PostedAt.After(h.now) {
					t.PostedAt = h.now
				}
			case Void:
				t.VoidAt = t.TransactedAt.Add(48 * time.Hour)
			}
			t.Updated = t.TransactedAt
			return yield(t)
		}
		payAnchor := time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC) // a Friday
		for back := 0; back < h.days; back++ {
			day := nowDay.AddDate(0, 0, -back)
			// Biweekly payroll on Fridays, moved to the previous business
			// day; posted on the day.
			for _, nominal := range []time.Time{day, day.AddDate(0, 0, 1), day.AddDate(0, 0, 2), day.AddDate(0, 0, 3)} {
				if int(nominal.Sub(payAnchor).Hours()/24)%14 == 0 && prevBusinessDay(nominal).Equal(day) {
					if !emit(day, 254017+int64(r.IntN(4000))-2000, "ACME CORP PAYROLL PPD ID: 9876543210", Posted) {
						return
					}
				}
			}
			dom := day.Day()
			type bill struct {
				dom    int
				amount int64
				desc   string
			}
			for _, b := range []bill{
				{1, -185000, "OAKWOOD APARTMENTS RENT WEB PMT"},
				{12, -12000 - int64(r.IntN(6000)), "CITY OF AUSTIN UTILITIES"},
				{20, -8999, "COMCAST CABLE COMM 800-266-2278"},
				{7, -1549, "NETFLIX.COM 866-579-7172 CA"},
				{22, -1099, "SPOTIFY USA 877-778-1161"},
			} {
				if dom == b.dom {
					if !emit(day, b.amount, b.desc, Posted) {
						return
					}
				}
			}
			n := h.cardPerDay/2 + r.IntN(h.cardPerDay+1)
			for range n {
				status := Posted
				switch {
				case back < 2:
					status = Pending
				case r.IntN(50) == 0:
					status = Void
				}
				amt := -int64(150 + r.IntN(12000))
				if r.IntN(40) == 0 {
					amt = -amt / 3 // refunds
				}
				if !emit(day, amt, cardDescriptions[r.IntN(len(cardDescriptions))], status) {
					return
				}
			}
		}
	}
}

func prevBusinessDay(t time.Time) time.Time {
	for !USBankingDay(t) {
		t = t.AddDate(0, 0, -1)
	}
	return t
}
