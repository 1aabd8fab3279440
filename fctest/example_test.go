package fctest_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

// Example links a checking account, refreshes its balance and debits it by
// ACH, driving simulated time with the simulator's clock. The client is
// plain stripe-go pointed at the in-memory transport.
func Example() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	sc := stripe.NewClient("sk_test_example", stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		HTTPClient:        &http.Client{Transport: sim.Transport()},
		URL:               stripe.String(sim.URL()),
		MaxNetworkRetries: stripe.Int64(0),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))

	cus, _ := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen")})
	sess, _ := sc.V1FinancialConnectionsSessions.Create(ctx, &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cus.ID)},
		Permissions:   stripe.StringSlice([]string{"payment_method", "balances"}),
	})
	ids, _ := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)

	acct, _ := sc.V1FinancialConnectionsAccounts.Refresh(ctx, ids[0], &stripe.FinancialConnectionsAccountRefreshParams{Features: stripe.StringSlice([]string{"balance"})})
	fmt.Printf("%s %s ••%s: %s, refresh %s\n", acct.InstitutionName, acct.DisplayName, acct.Last4, acct.Status, acct.BalanceRefresh.Status)
	for acct.BalanceRefresh.Status == stripe.FinancialConnectionsAccountBalanceRefreshStatusPending {
		_ = sim.Clock().Sleep(ctx, time.Second) // advances simulated time, returns at once
		acct, _ = sc.V1FinancialConnectionsAccounts.GetByID(ctx, ids[0], nil)
	}
	fmt.Printf("refresh %s, available %d cents\n", acct.BalanceRefresh.Status, acct.Balance.Cash.Available["usd"])

	pi, _ := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(4999), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodData: &stripe.PaymentIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.PaymentMethodUSBankAccountParams{FinancialConnectionsAccount: stripe.String(ids[0])},
			BillingDetails: &stripe.PaymentIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String("Jenny Rosen")},
		},
		Confirm: stripe.Bool(true),
		MandateData: &stripe.PaymentIntentCreateMandateDataParams{CustomerAcceptance: &stripe.PaymentIntentCreateMandateDataCustomerAcceptanceParams{
			Type:   stripe.String("online"),
			Online: &stripe.PaymentIntentCreateMandateDataCustomerAcceptanceOnlineParams{IPAddress: stripe.String("203.0.113.7"), UserAgent: stripe.String("example")},
		}},
	})
	fmt.Println("payment:", pi.Status)
	sim.Clock().Advance(4 * 24 * time.Hour)
	pi, _ = sc.V1PaymentIntents.Retrieve(ctx, pi.ID, nil)
	fmt.Println("payment after 4 days:", pi.Status)
	// Output:
	// StripeBank Everyday Checking ••6789: active, refresh pending
	// refresh succeeded, available 1251289 cents
	// payment: processing
	// payment after 4 days: succeeded
}

// ExampleSim_InjectFaults shows an after-commit fault: the first attempt
// fails with a 500 although the PaymentIntent was created, and the retry
// with the same Idempotency-Key gets the stored response.
func ExampleSim_InjectFaults() {
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	err = sim.InjectFaults(fctest.FaultPlan{
		Sequence: []fctest.FaultKind{fctest.FaultServerErrorAfterCommit},
		Match:    fctest.MatchPath(http.MethodPost, "/v1/customers"),
	})
	if err != nil {
		panic(err) // ErrInvalidFaultPlan: an unknown kind, say
	}
	client := &http.Client{Transport: sim.Transport()}
	post := func() *http.Response {
		req, _ := http.NewRequest(http.MethodPost, sim.URL()+"/v1/customers", nil)
		req.Header.Set("Authorization", "Bearer sk_test_example")
		req.Header.Set("Idempotency-Key", "signup-42")
		resp, _ := client.Do(req)
		resp.Body.Close()
		return resp
	}
	first := post()
	retry := post()
	fmt.Println(first.StatusCode, retry.StatusCode, retry.Header.Get("Idempotent-Replayed"))
	fmt.Println("customers:", len(sim.Customers()), "faults:", sim.Stats().FaultsInjected())
	// Output:
	// 500 200 true
	// customers: 1 faults: 1
}

// ExampleSim_SetRateLimit limits the server to 2 requests per second of
// simulated time.
func ExampleSim_SetRateLimit() {
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	sim.SetRateLimit(fctest.RateLimit{Rate: 2, SimClock: true})
	client := &http.Client{Transport: sim.Transport()}
	get := func() string {
		req, _ := http.NewRequest(http.MethodGet, sim.URL()+"/v1/customers/cus_missing", nil)
		req.Header.Set("Authorization", "Bearer sk_test_example")
		resp, _ := client.Do(req)
		resp.Body.Close()
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			return fmt.Sprintf("%d (Retry-After: %ss)", resp.StatusCode, ra)
		}
		return fmt.Sprint(resp.StatusCode)
	}
	fmt.Println(get(), get(), get())
	sim.Clock().Advance(time.Second)
	fmt.Println(get(), "rate limited:", sim.Stats().RateLimited)
	// Output:
	// 404 404 429 (Retry-After: 1s)
	// 404 rate limited: 1
}
