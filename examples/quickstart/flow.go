package main

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

// flow carries the state of one simulated run.
type flow struct {
	ctx    context.Context
	cfg    config
	p      *printer
	sim    *fctest.Sim
	clk    *progressClock
	client *fincon.Client
	sum    summary
	start  time.Time
}

// run prints the walkthrough: a header, then the steps in order, each a
// method below that prints its own numbered section, then the conclusion.
func (f *flow) run(seed uint64) error {
	f.p.printf("fcsdk quickstart on the embedded Stripe simulator (no STRIPE_SECRET_KEY set; seed %d)\n", seed)
	f.p.printf("Simulated time starts %s. Nothing leaves this process.\n", f.sim.Clock().Now().Format("Mon 2006-01-02 15:04 MST"))
	steps := []func() error{
		f.session, f.link, f.waitBalances, f.showBalances, f.eligibility,
		f.owners, f.nsf, f.debit, f.settle, f.insights,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
		if f.p.err != nil {
			return fmt.Errorf("writing output: %w", f.p.err)
		}
	}
	f.conclude()
	return nil
}

// log writes one step of the flow to the debug log.
func (f *flow) log(msg string, args ...any) {
	f.cfg.Logger.DebugContext(f.ctx, "quickstart: "+msg, args...)
}

func (f *flow) session() error {
	f.p.printf("\n1. Create a customer and a Financial Connections session\n")
	cus, err := f.client.CreateCustomer(f.ctx, fincon.CustomerParams{
		Name: customerName, Email: customerEmail, IdempotencyKey: "quickstart-user-1",
	})
	if err != nil {
		return err
	}
	f.sum.Customer = cus
	f.log("customer created", "customer", cus)
	f.p.printf("   customer     %s (%s)\n", cus, customerName)

	// ACH debits with an NSF check need payment_method and balances; the
	// owner check and the cash-flow summary add ownership and
	// transactions. Ask for no more than the product uses.
	rec, err := permissions.Recommend(permissions.UseCaseACHDebitNSF)
	if err != nil {
		return err
	}
	perms := rec.Permissions.Add(permissions.Ownership).Add(permissions.Transactions)
	sess, err := f.client.CreateSession(f.ctx, fincon.SessionParams{
		Holder:      fincon.CustomerHolder(cus),
		Permissions: perms,
		Prefetch:    rec.Prefetch,
		Countries:   []string{"US"},
	})
	if err != nil {
		return err
	}
	f.sum.Session = sess.ID
	f.log("session created", "session", sess.ID, "client_secret", sess.ClientSecret)
	f.p.printf("   permissions  %s\n", sess.Permissions)
	f.p.printf("                (%s: ACH debit with NSF check; + ownership, transactions for the owner check and insights)\n", rec.Permissions)
	f.p.printf("   prefetch     %s\n", joinFeatures(sess.Prefetch))
	f.p.printf("   session      %s, client secret %s (the browser hands it to Stripe.js)\n", sess.ID, sess.ClientSecret)
	return nil
}

func (f *flow) link() error {
	f.p.printf("\n2. The customer links accounts in the browser (simulated)\n")
	ids, err := f.sim.LinkAccounts(f.sum.Session, linked...)
	if err != nil {
		return fmt.Errorf("link accounts: %w", err)
	}
	byID := map[string]*fincon.Account{}
	for a, err := range f.client.ListAccounts(f.ctx, fincon.ListAccountsParams{Session: f.sum.Session}) {
		if err != nil {
			return err
		}
		byID[a.ID] = a
	}
	for _, id := range ids {
		a, ok := byID[id]
		if !ok {
			return fmt.Errorf("account %s missing from the session's accounts", id)
		}
		r := accountReport{
			ID: a.ID, Institution: a.InstitutionName, DisplayName: a.DisplayName, Last4: a.Last4,
			Category: a.Category, Subcategory: a.Subcategory, Status: a.Status,
		}
		f.sum.Accounts = append(f.sum.Accounts, r)
		f.log("account linked", "account", a.ID)
		f.p.printf("   %s  %s  %-18s %s/%s, %s\n", a.ID, label(&r), a.InstitutionName, a.Category, a.Subcategory, a.Status)
	}
	return nil
}

func (f *flow) waitBalances() error {
	f.p.printf("\n3. Wait for the prefetched balance refreshes (polling on simulated time)\n")
	for i := range f.sum.Accounts {
		a := &f.sum.Accounts[i]
		f.p.printf("   %s  balance", label(a))
		acct, err := f.client.WaitForRefresh(f.ctx, a.ID, permissions.RefreshBalance)
		if err != nil {
			f.p.printf("\n")
			return err
		}
		f.p.printf(" -> %s\n", acct.BalanceRefresh.Status)
		a.Eligibility = ach.Check(acct.Stripe())
	}
	return nil
}

func (f *flow) showBalances() error {
	f.p.printf("\n4. Balances\n")
	for i := range f.sum.Accounts {
		a := &f.sum.Accounts[i]
		b, err := f.client.Balance(f.ctx, a.ID)
		if err != nil {
			return err
		}
		a.Balance = b
		cur, _ := b.Current(balances.USD)
		switch b.Type {
		case balances.Credit:
			used, _ := b.Used(balances.USD)
			f.p.printf("   %s  current %12s   credit used %12s", label(a), cur, used)
		default:
			avail, ok := b.Available(balances.USD)
			s := "-"
			if ok {
				s = avail.String()
			}
			f.p.printf("   %s  current %12s   available   %12s", label(a), cur, s)
		}
		f.p.printf("   as of %s\n", b.AsOf.Format("15:04:05"))
	}
	return nil
}

func (f *flow) eligibility() error {
	f.p.printf("\n5. ACH debit eligibility (ach.Check)\n")
	for i := range f.sum.Accounts {
		a := &f.sum.Accounts[i]
		if a.Eligibility.OK() {
			f.sum.Eligible++
			f.p.printf("   %s  eligible\n", label(a))
			continue
		}
		var why []string
		for _, r := range a.Eligibility.Reasons {
			why = append(why, r.Description())
		}
		f.p.printf("   %s  not eligible: %s\n", label(a), strings.Join(why, "; "))
	}
	f.p.printf("   %d of %d accounts can be debited\n", f.sum.Eligible, len(f.sum.Accounts))
	return nil
}

func (f *flow) owners() error {
	f.p.printf("\n6. Owner check against the customer record (ownership.Match)\n")
	rec := ownership.Record{Name: customerName, Email: customerEmail, Phone: customerPhone, Address: customerAddress}
	for i := range f.sum.Accounts {
		a := &f.sum.Accounts[i]
		if !a.Eligibility.OK() {
			continue
		}
		f.p.printf("   %s  ownership refresh", label(a))
		acct, err := f.client.RefreshAndWait(f.ctx, a.ID, permissions.RefreshOwnership)
		if err != nil {
			f.p.printf("\n")
			return err
		}
		f.p.printf(" -> %s\n", acct.OwnershipRefresh.Status)
		var owners []ownership.Owner
		for o, err := range f.client.Owners(f.ctx, a.ID) {
			if err != nil {
				return err
			}
			owners = append(owners, o)
		}
		a.Owner, a.OwnerChecked = ownership.Match(owners, rec), true
		f.log("owner checked", "account", a.ID, "verdict", string(a.Owner.Verdict), "score", a.Owner.Score)
		f.p.printf("   %s  %s\n", strings.Repeat(" ", 26), a.Owner)
	}
	return nil
}

// debitable reports whether the flow may debit a: eligible and owned by
// the customer.
func debitable(a *accountReport) bool {
	return a.Eligibility.OK() && a.OwnerChecked && a.Owner.Verdict == ownership.VerdictMatch
}

func (f *flow) amount() balances.Money {
	return balances.Money{Amount: f.cfg.Amount, Currency: balances.USD}
}

func (f *flow) nsf() error {
	f.p.printf("\n7. Pre-debit balance check for %s (balances.Check)\n", f.amount())
	for i := range f.sum.Accounts {
		a := &f.sum.Accounts[i]
		if !a.Eligibility.OK() {
			continue
		}
		if !debitable(a) {
			f.p.printf("   %s  skipped: the owner is not the customer; hold for review\n", label(a))
			continue
		}
		a.NSF, a.NSFChecked = balances.Check(a.Balance, f.amount(), balances.CheckOptions{Now: f.clk.Now()}), true
		f.p.printf("   %s  %s\n", label(a), a.NSF)
	}
	return nil
}

func (f *flow) debit() error {
	f.p.printf("\n8. ACH debits with an online mandate (ach.CustomerAcceptance)\n")
	mandate := &ach.CustomerAcceptance{
		Type:       ach.AcceptanceOnline,
		IPAddress:  "203.0.113.7",
		UserAgent:  "Mozilla/5.0 (fcsdk quickstart)",
		AcceptedAt: f.clk.Now(),
	}
	for i := range f.sum.Accounts {
		a := &f.sum.Accounts[i]
		if !a.NSFChecked {
			continue
		}
		note := ""
		if !a.NSF.OK() {
			// A real integration stops here. The flow debits anyway to
			// show what the check prevents: an R01 return.
			note = "  (debited anyway to show the R01 return the check prevents)"
		}
		pi, err := f.client.CreatePaymentIntent(f.ctx, fincon.PaymentIntentParams{
			Account:        a.ID,
			Customer:       f.sum.Customer,
			Amount:         f.amount(),
			BillingName:    customerName,
			BillingEmail:   customerEmail,
			Confirm:        true,
			Mandate:        mandate,
			Description:    "quickstart order 42",
			IdempotencyKey: "quickstart-order-42-" + a.ID,
		})
		if err != nil {
			return err
		}
		f.sum.Payments = append(f.sum.Payments, payment{ID: pi.ID, Account: a.ID, Amount: pi.Amount, Status: pi.Status})
		f.log("payment created", "payment_intent", pi.ID, "status", string(pi.Status))
		f.p.printf("   %s  %s %s: %s%s\n", label(a), pi.ID, pi.Amount, pi.Status, note)
	}
	return nil
}

func (f *flow) settle() error {
	f.p.printf("\n9. Advance the clock until the debits settle (ACH takes up to 4 business days)\n")
	sim := f.sim.Clock()
	for d := 1; d <= 7 && f.processing(); d++ {
		sim.Advance(24 * time.Hour)
		var states []string
		for i := range f.sum.Payments {
			pay := &f.sum.Payments[i]
			if pay.Status != fincon.PaymentProcessing {
				continue
			}
			pi, err := f.client.GetPaymentIntent(f.ctx, pay.ID)
			if err != nil {
				return err
			}
			pay.Status, pay.FailureCode, pay.FailureMessage = pi.Status, pi.LastErrorCode, pi.LastErrorMessage
			if pi.Return != nil {
				pay.Return = pi.Return.Code
			}
			states = append(states, pay.ID+" "+string(pi.Status))
		}
		f.p.printf("   %s  %s\n", day(sim.Now()), strings.Join(states, ", "))
	}
	for i := range f.sum.Payments {
		pay := &f.sum.Payments[i]
		a := f.account(pay.Account)
		switch {
		case pay.Status == fincon.PaymentSucceeded:
			f.p.printf("   %s  %s succeeded\n", label(a), pay.ID)
		case pay.FailureCode != "":
			f.p.printf("   %s  %s failed: %s (%s)\n", label(a), pay.ID, pay.FailureCode, pay.FailureMessage)
			if c := pay.Return; c.Valid() {
				f.p.printf("   %s  return %s (%s): may re-present %v, stop debiting %v\n",
					label(a), c, c.Meaning(), c.MayRepresent(), c.StopDebits())
			}
		default:
			f.p.printf("   %s  %s %s\n", label(a), pay.ID, pay.Status)
		}
	}
	f.p.printf("   (in production, the payment_intent.succeeded and payment_intent.payment_failed webhooks say this)\n")
	return nil
}

func (f *flow) processing() bool {
	return slices.ContainsFunc(f.sum.Payments, func(p payment) bool { return p.Status == fincon.PaymentProcessing })
}

func (f *flow) account(id string) *accountReport {
	for i := range f.sum.Accounts {
		if f.sum.Accounts[i].ID == id {
			return &f.sum.Accounts[i]
		}
	}
	return &accountReport{ID: id}
}

func (f *flow) insights() error {
	a := &f.sum.Accounts[0]
	f.p.printf("\n10. Cash flow of %s****%s (transactions.Analyze)\n", a.DisplayName+" ", a.Last4)
	f.p.printf("   %s  transactions refresh", label(a))
	if _, err := f.client.RefreshAndWait(f.ctx, a.ID, permissions.RefreshTransactions); err != nil {
		f.p.printf("\n")
		return err
	}
	var rows []transactions.Transaction
	for t, err := range f.client.Transactions(f.ctx, a.ID, fincon.TransactionListOptions{PageSize: 100}) {
		if err != nil {
			f.p.printf("\n")
			return err
		}
		rows = append(rows, t)
		if t.Status == transactions.Pending {
			f.sum.Pending++
		}
	}
	f.sum.Transactions = len(rows)
	f.p.printf(" -> %d transactions over %d days (%d pending)\n", len(rows), fctest.HistoryDays, f.sum.Pending)

	bal, err := f.client.Balance(f.ctx, a.ID)
	if err != nil {
		return err
	}
	rep, err := transactions.Analyze(transactions.Options{Now: f.clk.Now(), Balance: bal}, rowsOf(rows))
	if err != nil {
		return err
	}
	f.sum.Insights = rep
	for _, s := range rep.Income {
		f.p.printf("   income     %-28s %-11s %12s, next %s\n", s.Description, s.Cadence, s.Amount, day(s.Next))
	}
	for _, s := range rep.Recurring {
		f.p.printf("   recurring  %-28s %-11s %12s, next %s (%s)\n", s.Description, s.Cadence, s.Amount, day(s.Next), s.Kind)
	}
	for _, s := range rep.Transfers {
		f.p.printf("   transfer   %-28s %-11s %12s, next %s (own accounts: neither income nor spending)\n", s.Description, s.Cadence, s.Amount, day(s.Next))
	}
	for _, w := range rep.Windows {
		avg := "-"
		if w.HasAverageBalance {
			avg = w.AverageDailyBalance.String()
		}
		f.p.printf("   %2d days    in %12s (%3d)   out %12s (%3d)   net %12s   avg balance %12s\n",
			w.Days, w.Credits, w.CreditCount, w.Debits, w.DebitCount, w.Net, avg)
	}
	if p, ok := rep.NextPayday(); ok {
		f.p.printf("   next payday %s, about %s (%s)\n", day(p.Next), p.Amount, p.Description)
	}
	f.p.printf("   monthly income %s, monthly recurring outflows %s\n", rep.MonthlyIncome(), rep.MonthlyRecurring())
	return nil
}

func (f *flow) conclude() {
	ok, failed := 0, 0
	for _, p := range f.sum.Payments {
		switch {
		case p.Status == fincon.PaymentSucceeded:
			ok++
		case p.FailureCode != "":
			failed++
		}
	}
	f.p.printf("\nDone: %d of %d accounts eligible, %d debit(s) succeeded, %d returned; %s of simulated time, %d API requests.\n",
		f.sum.Eligible, len(f.sum.Accounts), ok, failed, elapsed(f.sim.Clock().Now().Sub(f.start)), f.sim.Stats().Requests)
	f.p.printf("Set STRIPE_SECRET_KEY=sk_test_... to run the server-side half against Stripe test mode.\n")
}

// customerName and friends are the customer's own record, which the
// account owners are matched against.
const (
	customerName  = "Jenny Rosen"
	customerEmail = "jenny.rosen@example.com"
	customerPhone = "(555) 555-0123"
)

var customerAddress = ownership.Address{
	Line1: "510 Townsend Street", City: "San Francisco", State: "CA", PostalCode: "94103-4917", Country: "US",
}

// label names an account for the walkthrough: display name and last four
// digits, padded to a column.
func label(a *accountReport) string {
	return fmt.Sprintf("%-26s", a.DisplayName+" ****"+a.Last4)
}

func day(t time.Time) string { return t.Format("Mon 2006-01-02") }

func joinFeatures(fs []permissions.PrefetchFeature) string {
	if len(fs) == 0 {
		return "-"
	}
	s := make([]string, len(fs))
	for i, x := range fs {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

// elapsed formats a simulated duration as days, hours and minutes.
func elapsed(d time.Duration) string {
	d = d.Round(time.Minute)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	return fmt.Sprintf("%dd %dh %02dm", days, d/time.Hour, (d%time.Hour)/time.Minute)
}

// rowsOf yields rows as the iter.Seq2 transactions.Analyze takes.
func rowsOf(rows []transactions.Transaction) iter.Seq2[transactions.Transaction, error] {
	return func(yield func(transactions.Transaction, error) bool) {
		for _, t := range rows {
			if !yield(t, nil) {
				return
			}
		}
	}
}
