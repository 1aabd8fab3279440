package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command without the process: it returns the exit status
// (0 done, 1 failed, 2 bad flags).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("underwriting", flag.ContinueOnError)
	fs.SetOutput(stderr)
	amount := fs.Int64("amount", 300_000, "loan amount in cents")
	months := fs.Int("months", 12, "term in months (1-60)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *amount <= 0 || *months < 1 || *months > 60 {
		fmt.Fprintln(stderr, "underwriting: -amount must be positive and -months between 1 and 60")
		return 2
	}
	loan := balances.Money{Amount: *amount, Currency: balances.USD}
	if err := underwrite(ctx, stdout, loan, *months); err != nil {
		fmt.Fprintln(stderr, "underwriting:", err)
		return 1
	}
	return 0
}

// applicant is one loan applicant and the bank they link.
type applicant struct {
	name string
	inst fctest.Institution
}

func underwrite(ctx context.Context, w io.Writer, loan balances.Money, months int) error {
	sim, err := fctest.New()
	if err != nil {
		return err
	}
	client, err := fctestclient.New(sim)
	if err != nil {
		return err
	}
	payment := balances.Money{Amount: (loan.Amount + int64(months) - 1) / int64(months), Currency: loan.Currency}
	fmt.Fprintf(w, "Loan underwriting on the embedded simulator: %s over %d months, %s a month\n", loan, months, payment)
	for i, a := range []applicant{{"Jenny Rosen", fctest.InstitutionSuccess}, {"Sam Lowe", fctest.InstitutionInsufficientFunds}} {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, a.name)
		if err := decide(ctx, w, sim, client, a, payment); err != nil {
			return err
		}
	}
	return nil
}

func decide(ctx context.Context, w io.Writer, sim *fctest.Sim, client *fincon.Client, a applicant, payment balances.Money) error {
	// The applicant linked the account for ACH debits only.
	cus, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: a.name})
	if err != nil {
		return err
	}
	ach, err := permissions.Recommend(permissions.UseCaseACHDebit)
	if err != nil {
		return err
	}
	s, err := client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: ach.Permissions})
	if err != nil {
		return err
	}
	ids, err := sim.LinkAccounts(s.ID, a.inst)
	if err != nil {
		return err
	}
	acct, err := client.GetAccount(ctx, ids[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   linked %s ****%s with %s\n", acct.InstitutionName, acct.Last4, acct.Permissions)

	// Underwriting needs balances and transactions: link again.
	uw, err := permissions.Recommend(permissions.UseCaseUnderwriting)
	if err != nil {
		return err
	}
	plan, err := client.PlanWiden(acct, uw.Permissions)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   missing %s; shown to the applicant: %q\n", plan.Missing, plan.Prompt)
	p := plan.Session
	p.Prefetch = uw.Prefetch
	s, err = client.CreateSession(ctx, p)
	if err != nil {
		return err
	}
	if ids, err = sim.LinkAccounts(s.ID, a.inst); err != nil {
		return err
	}
	acct, err = client.WaitForRefresh(ctx, ids[0], permissions.RefreshBalance, permissions.RefreshTransactions)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   linked again with %s; prefetched balance and transactions\n", acct.Permissions)

	bal, err := client.Balance(ctx, acct.ID)
	if err != nil {
		return err
	}
	rep, err := transactions.Analyze(transactions.Options{Now: sim.Clock().Now(), Balance: bal},
		client.Transactions(ctx, acct.ID, fincon.TransactionListOptions{PageSize: 100}))
	if err != nil {
		return err
	}
	cur, _ := bal.Current(balances.USD)
	w90, _ := rep.Window(90)
	income := rep.MonthlyIncome()
	fmt.Fprintf(w, "   balance %s; 90 days: in %s, out %s, net %s, average daily balance %s\n",
		cur, w90.Credits, w90.Debits, w90.Net, w90.AverageDailyBalance)
	fmt.Fprintf(w, "   recurring monthly income %s, recurring monthly bills %s\n", income, rep.MonthlyRecurring())

	var reasons []string
	if !w90.HasAverageBalance || w90.AverageDailyBalance.Amount < 2*payment.Amount {
		reasons = append(reasons, "average daily balance below two payments")
	}
	if income.Amount < 3*payment.Amount {
		reasons = append(reasons, "recurring income below three payments")
	}
	if w90.Net.Amount < 0 {
		reasons = append(reasons, "negative 90-day cash flow")
	}
	if len(reasons) == 0 {
		fmt.Fprintln(w, "   decision: approve")
		return nil
	}
	fmt.Fprintf(w, "   decision: decline (%s)\n", joinReasons(reasons))
	return nil
}

func joinReasons(r []string) string {
	s := r[0]
	for _, x := range r[1:] {
		s += "; " + x
	}
	return s
}
