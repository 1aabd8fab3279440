package fctest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"
)

// HistoryDays is how far back transaction refreshes reach.
const HistoryDays = 180

const day = 24 * time.Hour

// genTxn is one bank transaction produced by the deterministic generator.
type genTxn struct {
	key    string
	at     time.Time // transacted_at
	amount int64
	desc   string
	postAt time.Time // zero if it never posts
	voidAt time.Time // zero if it never voids
}

// statusAt returns the status of g as the bank reports it at t.
func (g genTxn) statusAt(t time.Time) string {
	switch {
	case !g.postAt.IsZero() && !g.postAt.After(t):
		return "posted"
	case !g.voidAt.IsZero() && !g.voidAt.After(t):
		return "void"
	}
	return "pending"
}

type merchant struct {
	name     string
	min, max int64
}

var merchants = []merchant{
	{"STARBUCKS STORE #1234", 450, 950},
	{"WHOLE FOODS MARKET #10233", 2500, 14000},
	{"SHELL OIL 57444", 3000, 6500},
	{"AMAZON.COM*MK1AB2CD3", 1200, 8900},
	{"UBER *TRIP HELP.UBER.COM", 1100, 4500},
	{"TRADER JOE'S #552", 1800, 9000},
	{"CHIPOTLE 1187", 1100, 2200},
	{"LYFT *RIDE SUN 9PM", 900, 3500},
	{"CVS/PHARMACY #04211", 600, 4000},
	{"TARGET 00012345", 1500, 12000},
}

// genDay returns the transactions of one UTC day for an account.
func genDay(act activity, seed uint64, d time.Time) []genTxn {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	idx := d.Unix() / 86400
	rng := rand.New(rand.NewPCG(seed, uint64(idx)))
	var out []genTxn
	n := 0
	add := func(at time.Time, amount int64, desc string, pendingDays int, voided bool) {
		g := genTxn{key: fmt.Sprintf("%s-%02d", d.Format("20060102"), n), at: at, amount: amount, desc: desc}
		n++
		switch {
		case voided:
			g.voidAt = at.Add(day)
		case pendingDays == 0:
			g.postAt = at
		default:
			g.postAt = time.Date(at.Year(), at.Month(), at.Day()+pendingDays, 6, 0, 0, 0, time.UTC)
		}
		out = append(out, g)
	}
	at := func(h, m int) time.Time { return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	lastOfMonth := d.AddDate(0, 0, 1).Day() == 1
	payday := d.Weekday() == time.Friday && (idx/7)%2 == 0

	cardSpend := func(maxPerDay int, scale int64, sign int64) {
		for range rng.IntN(maxPerDay + 1) {
			m := merchants[rng.IntN(len(merchants))]
			amt := (m.min + rng.Int64N(m.max-m.min+1)) * scale / 100
			voided := rng.IntN(100) < 6
			add(at(8+rng.IntN(13), rng.IntN(60)), sign*amt, m.name, 2+rng.IntN(2), voided)
		}
	}

	switch act {
	case activityChecking, activityLowBalance:
		low := act == activityLowBalance
		if payday {
			amt := int64(245_000)
			if low {
				amt = 98_000
			}
			add(at(9, 0), amt, "ACME CORP PAYROLL PPD", 0, false)
		}
		if d.Day() == 1 {
			amt := int64(-185_000)
			if low {
				amt = -95_000
			}
			add(at(8, 0), amt, "OAKWOOD APTS RENT ACH", 0, false)
		}
		if d.Day() == 5 && !low {
			add(at(7, 30), -50_000, "ONLINE TRANSFER TO SAVINGS", 0, false)
		}
		if d.Day() == 12 {
			add(at(10, 0), -(7_000 + rng.Int64N(7_000)), "PG&E ELECTRIC AUTOPAY", 1, false)
		}
		if d.Day() == 15 {
			add(at(10, 0), -8_500, "VERIZON WIRELESS PAYMENT", 1, false)
		}
		if d.Day() == 20 {
			add(at(10, 0), -7_999, "COMCAST XFINITY", 1, false)
		}
		if low {
			cardSpend(2, 50, -1)
		} else {
			cardSpend(3, 100, -1)
		}
	case activitySavings:
		if d.Day() == 5 {
			add(at(7, 30), 50_000, "ONLINE TRANSFER FROM CHECKING", 0, false)
		}
		if d.Day() == 18 && d.Month()%2 == 1 {
			add(at(12, 0), -20_000, "ONLINE TRANSFER TO CHECKING", 0, false)
		}
		if lastOfMonth {
			add(at(23, 0), 900+rng.Int64N(400), "INTEREST PAYMENT", 0, false)
		}
	case activityCreditCard:
		if d.Day() == 25 {
			add(at(9, 0), 40_000+rng.Int64N(30_000), "PAYMENT - THANK YOU", 0, false)
		}
		cardSpend(4, 100, -1)
	}
	return out
}

// genRange returns the generated transactions with transacted_at in
// [from, to], oldest first.
func genRange(act activity, seed uint64, from, to time.Time) []genTxn {
	var out []genTxn
	for d := from.UTC().Truncate(day); !d.After(to); d = d.Add(day) {
		for _, g := range genDay(act, seed, d) {
			if !g.at.Before(from) && !g.at.After(to) {
				out = append(out, g)
			}
		}
	}
	return out
}

// computeBalance returns the balance at t: the profile's balance at link
// time moved by everything that posted since, and (cash) the available
// balance net of pending debits.
func (s *Sim) computeBalance(a *account, t time.Time) *balanceSnap {
	var posted, pendingDebits int64
	for _, g := range genRange(a.prof.activity, a.txnSeed, a.created.Add(-5*day), t) {
		if !g.postAt.IsZero() && g.postAt.After(a.created) && !g.postAt.After(t) {
			posted += g.amount
		}
		if g.statusAt(t) == "pending" && g.amount < 0 {
			pendingDebits += g.amount
		}
	}
	posted += a.ledgerSum(t)
	b := &balanceSnap{asOf: t.Add(-90 * time.Second)}
	if a.prof.category == "credit" {
		owed := a.prof.balance - posted
		b.current = -owed
		b.used = owed
		return b
	}
	b.current = a.prof.balance + posted
	b.available = b.current + pendingDebits
	return b
}

// txnRow is a transaction as stored and served.
type txnRow struct {
	id           string
	account      string
	key          string
	amount       int64
	desc         string
	status       string
	transactedAt time.Time
	postedAt     time.Time
	voidAt       time.Time
	updated      time.Time
	refreshID    string
	refreshSeq   int
}

type txnJSON struct {
	ID                string `json:"id"`
	Object            string `json:"object"`
	Account           string `json:"account"`
	Amount            int64  `json:"amount"`
	Currency          string `json:"currency"`
	Description       string `json:"description"`
	Livemode          bool   `json:"livemode"`
	Status            string `json:"status"`
	StatusTransitions struct {
		PostedAt *int64 `json:"posted_at"`
		VoidAt   *int64 `json:"void_at"`
	} `json:"status_transitions"`
	TransactedAt       int64  `json:"transacted_at"`
	TransactionRefresh string `json:"transaction_refresh"`
	Updated            int64  `json:"updated"`
}

func (r *txnRow) json() txnJSON {
	j := txnJSON{
		ID: r.id, Object: "financial_connections.transaction", Account: r.account, Amount: r.amount,
		Currency: "usd", Description: r.desc, Status: r.status, TransactedAt: r.transactedAt.Unix(),
		TransactionRefresh: r.refreshID, Updated: r.updated.Unix(),
	}
	j.StatusTransitions.PostedAt = unixPtr(r.postedAt)
	j.StatusTransitions.VoidAt = unixPtr(r.voidAt)
	return j
}

// txnID derives a stable transaction id from the account and generator key.
func txnID(accountID, key string) string {
	sum := sha256.Sum256([]byte(accountID + "/" + key))
	b := make([]byte, 24)
	for i := range b {
		v := binary.BigEndian.Uint16(sum[i : i+2])
		b[i] = idAlphabet[int(v)%len(idAlphabet)]
	}
	return "fctxn_" + string(b)
}

// syncTransactionsLocked brings the stored rows up to what the bank
// reports at t: new rows and rows whose status changed get the refresh's
// id.
func (s *Sim) syncTransactionsLocked(a *account, st *refreshState, t time.Time) {
	for _, g := range genRange(a.prof.activity, a.txnSeed, t.Add(-HistoryDays*day), t) {
		status := g.statusAt(t)
		r, ok := a.rows[g.key]
		if ok && r.status == status {
			continue
		}
		if !ok {
			r = &txnRow{
				id: txnID(a.id, g.key), account: a.id, key: g.key, amount: g.amount, desc: g.desc,
				transactedAt: g.at,
			}
			a.rows[g.key] = r
			s.transactions[r.id] = r
			s.stats.created["financial_connections.transaction"]++
		}
		r.status = status
		switch status {
		case "posted":
			r.postedAt = g.postAt
		case "void":
			r.voidAt = g.voidAt
		}
		r.updated = t
		r.refreshID = st.id
		r.refreshSeq = st.seq
	}
	a.txnSucceeded = true
}

// sortedRows returns the account's rows newest first.
func sortedRows(a *account) []*txnRow {
	rows := make([]*txnRow, 0, len(a.rows))
	for _, r := range a.rows {
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool {
		if !rows[i].transactedAt.Equal(rows[j].transactedAt) {
			return rows[i].transactedAt.After(rows[j].transactedAt)
		}
		return rows[i].key > rows[j].key
	})
	return rows
}

func parseUnix(f *form, param string, path ...string) (int64, bool, *apiError) {
	v, ok := f.str(path...)
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false, invalidRequestCode(codeParameterInvalidInt, param, "Invalid integer: %s must be a Unix timestamp.", param)
	}
	return n, true, nil
}

func handleListTransactions(c *call) (any, *apiError) {
	s, f := c.s, c.form
	id, ok := f.str("account")
	if !ok || id == "" {
		return nil, missingParam("account")
	}
	a, ok := s.accounts[id]
	if !ok {
		return nil, noSuchParam("financial_connections.account", "account", id)
	}
	if !a.hasPerm("transactions") {
		return nil, permissionError(a, "transactions", "account")
	}
	if a.status == "disconnected" {
		return nil, disconnectedError(a)
	}
	if !a.txnSucceeded {
		return nil, invalidRequestCode(codeNoTransactionRefresh, "account",
			"The account %s has no successful transaction refresh yet; refresh the transactions feature and wait for it to succeed.", a.id)
	}
	// transacted_at: exact value or a range.
	type bound struct {
		op string
		v  int64
	}
	var bounds []bound
	if n, ok, aerr := parseUnix(f, "transacted_at", "transacted_at"); aerr != nil {
		return nil, aerr
	} else if ok {
		bounds = append(bounds, bound{"eq", n})
	}
	for _, k := range f.keys("transacted_at") {
		if !contains([]string{"gt", "gte", "lt", "lte"}, k) {
			return nil, unknownParam("transacted_at[" + k + "]")
		}
		n, _, aerr := parseUnix(f, "transacted_at["+k+"]", "transacted_at", k)
		if aerr != nil {
			return nil, aerr
		}
		bounds = append(bounds, bound{k, n})
	}
	afterSeq := -1
	for _, k := range f.keys("transaction_refresh") {
		if k != "after" {
			return nil, unknownParam("transaction_refresh[" + k + "]")
		}
	}
	if ref, ok := f.str("transaction_refresh", "after"); ok {
		r, found := s.txnRefreshes[ref]
		if !found || r.account != a.id {
			return nil, noSuchParam("financial_connections.transaction_refresh", "transaction_refresh[after]", ref)
		}
		afterSeq = r.seq
	}
	var rows []*txnRow
	for _, r := range sortedRows(a) {
		t := r.transactedAt.Unix()
		keep := r.refreshSeq > afterSeq
		for _, b := range bounds {
			switch b.op {
			case "eq":
				keep = keep && t == b.v
			case "gt":
				keep = keep && t > b.v
			case "gte":
				keep = keep && t >= b.v
			case "lt":
				keep = keep && t < b.v
			case "lte":
				keep = keep && t <= b.v
			}
		}
		if keep {
			rows = append(rows, r)
		}
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	var data []any
	for _, r := range rows[lo:hi] {
		data = append(data, r.json())
	}
	return newList("/v1/financial_connections/transactions", data, more), nil
}

func handleGetTransaction(c *call) (any, *apiError) {
	r, ok := c.s.transactions[c.ids[0]]
	if !ok {
		return nil, noSuch("financial_connections.transaction", "id", c.ids[0])
	}
	a := c.s.accounts[r.account]
	if a.status == "disconnected" {
		return nil, disconnectedError(a)
	}
	return r.json(), nil
}
