package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
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
	fs := flag.NewFlagSet("payouts", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", fctest.DefaultSeed, "seed of the embedded simulator")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := payouts(ctx, stdout, *seed); err != nil {
		fmt.Fprintln(stderr, "payouts:", err)
		return 1
	}
	return 0
}

// onboarding is one connected account's bank collection.
type onboarding struct {
	acct *fincon.ConnectedAccount
	tok  fctest.BankAccountToken
}

func payouts(ctx context.Context, w io.Writer, seed uint64) error {
	sim, err := fctest.New(fctest.WithSeed(seed))
	if err != nil {
		return err
	}
	client, err := fctestclient.New(sim)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Connect payouts on the embedded simulator")

	// 1. A Custom account links its bank.
	fmt.Fprintln(w, "\n1. Onboard a Custom account's bank")
	jenny, err := onboard(ctx, w, sim, client, fincon.ConnectedAccountParams{
		Type: fincon.ConnectedAccountCustom, BusinessType: "individual", FirstName: "Jenny", LastName: "Rosen",
		Email: "jenny.rosen@example.com", IdempotencyKey: "onboard-jenny",
	}, fctest.InstitutionSuccess)
	if err != nil {
		return err
	}

	// 2-3. Check the owner, then attach.
	fmt.Fprintln(w, "\n2. Check its owner before the first payout, then attach it")
	first, err := checkAndAttach(ctx, w, client, jenny, "attach-jenny")
	if err != nil {
		return err
	}
	if first == nil {
		return errors.New("the matching owner was held")
	}
	again, err := client.AttachExternalAccount(ctx, jenny.acct.ID, fincon.AttachExternalAccountParams{
		Token: jenny.tok.Token, DefaultForCurrency: true, IdempotencyKey: "attach-jenny"})
	if err != nil {
		return err
	}
	n := 0
	for _, err := range client.ListExternalAccounts(ctx, jenny.acct.ID) {
		if err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(w, "   retry with the same key: same external account %v; %d external account(s) on file\n",
		again.ID == first.ID, n)

	// 3. A bank held by someone else.
	fmt.Fprintln(w, "\n3. A second Custom account links a bank held by someone else")
	rocket, err := onboard(ctx, w, sim, client, fincon.ConnectedAccountParams{
		Type: fincon.ConnectedAccountCustom, BusinessType: "individual", FirstName: "Riley", LastName: "Rocket",
		IdempotencyKey: "onboard-riley",
	}, fctest.InstitutionOwnerMismatch)
	if err != nil {
		return err
	}
	held, err := checkAndAttach(ctx, w, client, rocket, "attach-riley")
	if err != nil {
		return err
	}
	if held != nil {
		return errors.New("the mismatched owner was attached")
	}
	left := 0
	for _, err := range client.ListExternalAccounts(ctx, rocket.acct.ID) {
		if err != nil {
			return err
		}
		left++
	}
	fmt.Fprintf(w, "   external accounts of the held account: %d\n", left)

	// 4. What the platform may not do.
	fmt.Fprintln(w, "\n4. Guards")
	std, err := client.CreateConnectedAccount(ctx, fincon.ConnectedAccountParams{Type: fincon.ConnectedAccountStandard, IdempotencyKey: "onboard-standard"})
	if err != nil {
		return err
	}
	before := len(sim.Requests())
	_, err = client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(std.ID),
		Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Balances)})
	fmt.Fprintf(w, "   balances for a Standard account: refused=%v, requests sent=%d\n",
		errors.Is(err, fincon.ErrStandardAccount), len(sim.Requests())-before)
	untrusted := "acct_1ABC/../../v1/balance"
	_, err = fincon.ForConnectedAccount(ctx, untrusted)
	fmt.Fprintf(w, "   Stripe-Account from untrusted input: refused=%v (%v)\n", errors.Is(err, fincon.ErrInvalidConnectedAccountID), err)
	return nil
}

// onboard creates a connected account, its payouts session, and links a
// bank at inst as the browser would, returning the bank-account token.
func onboard(ctx context.Context, w io.Writer, sim *fctest.Sim, client *fincon.Client, p fincon.ConnectedAccountParams, inst fctest.Institution) (onboarding, error) {
	created, err := client.CreateConnectedAccount(ctx, p)
	if err != nil {
		return onboarding{}, err
	}
	acct, err := client.GetConnectedAccount(ctx, created.ID)
	if err != nil {
		return onboarding{}, err
	}
	fmt.Fprintf(w, "   connected account %s: %s, representative %q\n", acct.ID, acct.Type, acct.OwnerName())
	rec, err := permissions.Recommend(permissions.UseCaseConnectPayoutsOwnership)
	if err != nil {
		return onboarding{}, err
	}
	s, err := client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(acct.ID), Permissions: rec.Permissions, Prefetch: rec.Prefetch})
	if err != nil {
		return onboarding{}, err
	}
	fmt.Fprintf(w, "   session %s for account_holder[type]=%s, permissions %s, client secret %v\n", s.ID, s.Holder.Type(), s.Permissions, s.ClientSecret)
	tok, err := sim.CollectBankAccountToken(s.ID, inst)
	if err != nil {
		return onboarding{}, err
	}
	fmt.Fprintf(w, "   browser: collectBankAccountToken -> %s (linked %s)\n", tok.Token, tok.FinancialConnectionsAccount)
	return onboarding{acct: acct, tok: tok}, nil
}

// checkAndAttach compares the owners of the linked bank with the account,
// reports the verdict, and attaches the bank only on a match. It returns
// the external account, nil when the bank was held.
func checkAndAttach(ctx context.Context, w io.Writer, client *fincon.Client, o onboarding, key string) (*fincon.ExternalAccount, error) {
	r, err := client.CheckPayoutOwner(ctx, o.tok.FinancialConnectionsAccount, o.acct)
	if err != nil {
		return nil, err
	}
	var owners []string
	for _, ow := range r.Owners {
		owners = append(owners, ow.Name)
	}
	fmt.Fprintf(w, "   bank owners %q vs %q: verdict %s (score %d)\n", owners, r.Name, r.Verdict(), r.Result.Score)
	if r.Hold() {
		fmt.Fprintln(w, "   held for review: the bank is not attached")
		return nil, nil
	}
	ea, err := client.AttachExternalAccount(ctx, o.acct.ID, fincon.AttachExternalAccountParams{
		Token: o.tok.Token, DefaultForCurrency: true, IdempotencyKey: key})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "   attached %s: %s ****%s, status %s, default for %s: %v\n", ea.ID, ea.BankName, ea.Last4, ea.Status, ea.Currency, ea.DefaultForCurrency)
	return ea, nil
}
