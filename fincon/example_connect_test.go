package fincon_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// Collect a Custom connected account's payout bank, check its owner and
// attach it as the account's default external account.
func ExampleClient_AttachExternalAccount() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := fctestclient.New(sim)
	if err != nil {
		fmt.Println(err)
		return
	}
	acct, err := client.CreateConnectedAccount(ctx, fincon.ConnectedAccountParams{
		Type: fincon.ConnectedAccountCustom, BusinessType: "individual", FirstName: "Jenny", LastName: "Rosen"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, _ := permissions.Recommend(permissions.UseCaseConnectPayoutsOwnership)
	s, err := client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(acct.ID), Permissions: rec.Permissions, Prefetch: rec.Prefetch})
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := sim.CollectBankAccountToken(s.ID) // the browser's collectBankAccountToken
	if err != nil {
		fmt.Println(err)
		return
	}
	check, err := client.CheckPayoutOwner(ctx, tok.FinancialConnectionsAccount, acct)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("owner verdict:", check.Verdict(), "hold:", check.Hold())
	ea, err := client.AttachExternalAccount(ctx, acct.ID, fincon.AttachExternalAccountParams{
		Token: tok.Token, DefaultForCurrency: true, IdempotencyKey: "payout-bank-" + acct.ID})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ea.BankName, ea.Last4, ea.Status, ea.DefaultForCurrency)
	// Output:
	// owner verdict: match hold: false
	// STRIPEBANK 6789 new true
}

// Act as a connected account whose id comes from untrusted input.
func ExampleForConnectedAccount() {
	for _, id := range []string{"acct_1032D82eZvKYlo2C", "acct_1032D82eZvKYlo2C\r\nX-Evil: 1"} {
		ctx, err := fincon.ForConnectedAccount(context.Background(), id)
		acct, ok := fincon.ConnectedAccountFromContext(ctx)
		fmt.Println(acct, ok, errors.Is(err, fincon.ErrInvalidConnectedAccountID))
	}
	// Output:
	// acct_1032D82eZvKYlo2C true false
	//  false true
}
