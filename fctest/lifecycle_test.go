package fctest_test

import (
	"context"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

func TestEndToEndACHDebit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, []string{"balances"}, fctest.InstitutionSuccess)
	acct, err := sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if acct.BalanceRefresh == nil || acct.BalanceRefresh.Status != stripe.FinancialConnectionsAccountBalanceRefreshStatusPending {
		t.Fatalf("prefetch should start a pending balance refresh, got %+v", acct.BalanceRefresh)
	}
	if acct.BalanceRefresh.NextRefreshAvailableAt != 0 {
		t.Fatalf("next_refresh_available_at must be null while pending")
	}
	if acct.Balance != nil {
		t.Fatalf("no balance before the refresh completes")
	}
	sim.Clock().Advance(fctest.DefaultRefreshDelay)
	acct, err = sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if acct.BalanceRefresh.Status != stripe.FinancialConnectionsAccountBalanceRefreshStatusSucceeded {
		t.Fatalf("balance refresh = %s, want succeeded", acct.BalanceRefresh.Status)
	}
	if acct.Balance == nil || acct.Balance.Current["usd"] != 1_254_321 || acct.Balance.Cash == nil {
		t.Fatalf("balance = %+v", acct.Balance)
	}

	pi, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(12_34), Currency: stripe.String("usd"), Customer: stripe.String(cus),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodData: &stripe.PaymentIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.PaymentMethodUSBankAccountParams{FinancialConnectionsAccount: stripe.String(ids[0])},
			BillingDetails: &stripe.PaymentIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String("Jenny Rosen")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusRequiresConfirmation {
		t.Fatalf("status = %s", pi.Status)
	}
	pi, err = sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{
		MandateData: &stripe.PaymentIntentMandateDataParams{
			CustomerAcceptance: &stripe.PaymentIntentMandateDataCustomerAcceptanceParams{
				Type:   stripe.String("online"),
				Online: &stripe.PaymentIntentMandateDataCustomerAcceptanceOnlineParams{IPAddress: stripe.String("203.0.113.7"), UserAgent: stripe.String("test")},
			},
		},
		Expand: stripe.StringSlice([]string{"payment_method"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusProcessing {
		t.Fatalf("status = %s, want processing", pi.Status)
	}
	if pi.PaymentMethod == nil || pi.PaymentMethod.USBankAccount == nil || pi.PaymentMethod.USBankAccount.FinancialConnectionsAccount != ids[0] {
		t.Fatalf("expanded payment method = %+v", pi.PaymentMethod)
	}
	sim.Clock().Advance(6 * 24 * time.Hour)
	pi, err = sc.V1PaymentIntents.Retrieve(ctx, pi.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusSucceeded || pi.AmountReceived != 1234 {
		t.Fatalf("after settlement: %s %d", pi.Status, pi.AmountReceived)
	}
}
