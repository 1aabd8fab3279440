package transactions

import (
	"cmp"
	"iter"
	"slices"
	"time"
)

// KindTransfer is the Kind of a recurring transfer between the holder's
// own accounts (a monthly move from savings to checking): money that
// changes accounts, neither income nor spending. [Report.Transfers] lists
// these streams; they are never in Report.Income or Report.Recurring.
const KindTransfer Kind = "transfer"

// TransferPairDays is how many business days may separate the outflow
// from one of the holder's accounts and the inflow of the same amount into
// another for [AnalyzeAccounts] to pair them as one internal transfer
// (a transfer between two banks settles by ACH within 1–3 business days).
const TransferPairDays = 3

// Words of descriptions of transfers between one's own accounts, as banks
// write them ("ONLINE TRANSFER FROM SAVINGS XXXXXX4821", "INTERNET XFER TO
// CHK 1234", "OVERDRAFT PROTECTION FROM SAVINGS").
var (
	transferWords = wordSet("transfer", "xfer", "xfr", "tfr", "trnsfr", "trf", "transf")
	// ownAccountWords name one of the holder's own accounts.
	ownAccountWords = wordSet("savings", "saving", "sav", "svgs", "sv", "checking", "chk", "chkg", "chking", "share", "shares",
		"mma", "moneymarket", "brokerage")
	// channelWords are the channels banks use for transfers they carry
	// out between a customer's accounts.
	channelWords = wordSet("online", "internet", "mobile", "internal", "overdraft", "automatic", "auto", "sweep", "intrabank", "bookxfer")
	// externalWords mark money that comes from or goes to someone else.
	externalWords = wordSet("zelle", "venmo", "paypal", "cashapp", "wire", "external", "payroll", "salary", "deposit", "refund")
)

func wordSet(ws ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(ws))
	for _, w := range ws {
		m[w] = struct{}{}
	}
	return m
}

// IsInternalTransfer reports whether desc reads as a transfer between the
// holder's own accounts: a transfer word (TRANSFER, XFER, TFR) together
// with one of the holder's accounts (SAVINGS, CHECKING, SHARE, a masked
// number such as XXXXXX4821) or a bank channel (ONLINE, MOBILE, INTERNAL,
// OVERDRAFT, SWEEP), or OVERDRAFT with an account word; and no word of
// money from or to someone else (ZELLE, VENMO, PAYPAL, WIRE, EXTERNAL,
// PAYROLL). It does not allocate.
func IsInternalTransfer(desc string) bool {
	var xfer, own, channel, overdraft bool
	for w := range descWords(desc) {
		if _, ok := externalWords[w]; ok {
			return false
		}
		_, isXfer := transferWords[w]
		_, isOwn := ownAccountWords[w]
		_, isChannel := channelWords[w]
		xfer = xfer || isXfer
		own = own || isOwn || masked(w)
		channel = channel || isChannel
		overdraft = overdraft || w == "overdraft"
	}
	return xfer && (own || channel) || overdraft && own
}

// masked reports whether w is the letter part of a masked account number
// ("XXXXXX4821" → "xxxxxx").
func masked(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] != 'x' {
			return false
		}
	}
	return true
}

// descWords yields the lowercase ASCII words of s (digits and apostrophes
// dropped, other punctuation separating words, as normalizeDesc does), at
// most 32 bytes each. The words share one buffer: a word is valid until
// the next one is yielded.
func descWords(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		var buf [32]byte
		n := 0
		flush := func() bool {
			if n == 0 {
				return true
			}
			w := buf[:n]
			n = 0
			return yield(string(w))
		}
		for i := 0; i < len(s); i++ {
			switch c := descClass[s[i]]; c {
			case clsSkip:
			case clsSep:
				if !flush() {
					return
				}
			default:
				if n < len(buf) {
					buf[n] = c
					n++
				}
			}
		}
		flush()
	}
}

// PairTransfers finds transfers between the holder's own accounts among
// rows of several accounts: an outflow from one account and an inflow of
// the same amount and currency into another (Transaction.Account differs,
// both set) at most [TransferPairDays] business days apart (cal; nil means
// USBankingDay), each row in at most one pair, the closest dates first.
// Void rows are never paired. It returns the ids of the paired rows.
func PairTransfers(rows []Transaction, cal Calendar) map[string]bool {
	if cal == nil {
		cal = USBankingDay
	}
	type row struct {
		i   int
		day time.Time
	}
	ins := map[string][]row{}  // by currency and amount
	outs := map[string][]row{} // by currency and magnitude
	for i, t := range rows {
		if t.Status == Void || t.Account == "" || t.Amount.Amount == 0 || t.TransactedAt.IsZero() {
			continue
		}
		y, m, d := t.TransactedAt.Date()
		r := row{i, time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
		k := string(t.Amount.Currency) + ":" + itoa(abs64(t.Amount.Amount))
		if t.Amount.Amount > 0 {
			ins[k] = append(ins[k], r)
		} else {
			outs[k] = append(outs[k], r)
		}
	}
	type pair struct {
		in, out int
		gap     int
	}
	var pairs []pair
	for k, is := range ins {
		for _, in := range is {
			for _, out := range outs[k] {
				if rows[in.i].Account == rows[out.i].Account {
					continue
				}
				if g := businessDaysApart(in.day, out.day, cal); g <= TransferPairDays {
					pairs = append(pairs, pair{in.i, out.i, g})
				}
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(a.gap, b.gap), cmp.Compare(a.in, b.in), cmp.Compare(a.out, b.out))
	})
	paired := map[string]bool{}
	used := map[int]bool{}
	for _, p := range pairs {
		if used[p.in] || used[p.out] {
			continue
		}
		used[p.in], used[p.out] = true, true
		paired[rows[p.in].ID], paired[rows[p.out].ID] = true, true
	}
	return paired
}

// businessDaysApart counts the business days after the earlier date up to
// and including the later one (0 for the same day); it stops counting past
// TransferPairDays+1.
func businessDaysApart(a, b time.Time, cal Calendar) int {
	if b.Before(a) {
		a, b = b, a
	}
	n := 0
	for d := a; d.Before(b) && n <= TransferPairDays; {
		d = d.AddDate(0, 0, 1)
		if cal(d) {
			n++
		}
	}
	if n == 0 && !a.Equal(b) {
		// Only weekend or holiday days between them: one business day.
		return 1
	}
	return n
}

func itoa(v int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// AnalyzeAccounts analyses the transactions of several of the holder's
// accounts together (Transaction.Account tells them apart): transfers
// between them — recognised by their wording ([IsInternalTransfer]) or
// paired by [PairTransfers] — are reported as transfers
// ([Report.Transfers]), never as income or recurring spending. Totals and
// windows cover every account. It returns the first error seq yields.
func AnalyzeAccounts(opts Options, seq iter.Seq2[Transaction, error]) (Report, error) {
	var rows []Transaction
	for t, err := range seq {
		if err != nil {
			return Report{}, err
		}
		rows = append(rows, t)
	}
	a, err := NewAnalyzer(opts)
	if err != nil {
		return Report{}, err
	}
	paired := PairTransfers(rows, a.cal)
	for _, t := range rows {
		a.add(t, paired[t.ID] || IsInternalTransfer(t.Description))
	}
	return a.Report(), nil
}
