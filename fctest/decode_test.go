package fctest_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

// TestDecodeEveryObjectKind fetches every kind of object the simulator
// emits and decodes it into the stripe-go v82 type with unknown fields
// disallowed, so a field stripe-go does not know fails the test.
func TestDecodeEveryObjectKind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, []string{"balances", "ownership", "transactions"},
		fctest.InstitutionSuccess, fctest.InstitutionCreditCard, fctest.InstitutionInsufficientFunds)
	sim.Clock().Advance(time.Minute)

	get := func(path string, q url.Values) []byte {
		t.Helper()
		r := raw(t, sim, http.MethodGet, path, q)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		return r.body
	}

	strict(t, get("/v1/customers/"+cus, nil), new(stripe.Customer))

	for _, id := range ids {
		var a stripe.FinancialConnectionsAccount
		strict(t, get("/v1/financial_connections/accounts/"+id, url.Values{"expand[]": {"ownership"}}), &a)
		if a.Balance == nil || a.Ownership == nil || a.Ownership.Owners == nil || len(a.Ownership.Owners.Data) == 0 || a.TransactionRefresh == nil {
			t.Fatalf("account %s lacks prefetched data: %+v", id, a)
		}
		if a.Category == stripe.FinancialConnectionsAccountCategoryCredit && (a.Balance.Credit == nil || a.Balance.Type != "credit") {
			t.Fatalf("credit balance = %+v", a.Balance)
		}
		var owners stripe.FinancialConnectionsAccountOwnerList
		strict(t, get("/v1/financial_connections/accounts/"+id+"/owners", url.Values{"ownership": {a.Ownership.ID}}), &owners)
		if len(owners.Data) == 0 || owners.Data[0].Object != "financial_connections.account_owner" {
			t.Fatalf("owners = %+v", owners)
		}
	}
	var list stripe.FinancialConnectionsAccountList
	strict(t, get("/v1/financial_connections/accounts", url.Values{"account_holder[customer]": {cus}}), &list)
	if len(list.Data) != 3 || list.URL == "" {
		t.Fatalf("list = %+v", list)
	}

	sess, err := sc.V1FinancialConnectionsSessions.Create(ctx, &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cus)},
		Permissions:   stripe.StringSlice([]string{"payment_method"}),
		Filters:       &stripe.FinancialConnectionsSessionCreateFiltersParams{AccountSubcategories: stripe.StringSlice([]string{"checking"})},
	})
	if err != nil {
		t.Fatal(err)
	}
	sessID := sess.ID
	if _, err := sim.LinkAccounts(sessID, fctest.InstitutionSuccess); err != nil {
		t.Fatal(err)
	}
	var se stripe.FinancialConnectionsSession
	strict(t, get("/v1/financial_connections/sessions/"+sessID, nil), &se)
	if len(se.Accounts.Data) != 1 || se.ClientSecret == "" {
		t.Fatalf("session = %+v", se)
	}

	var txns stripe.FinancialConnectionsTransactionList
	strict(t, get("/v1/financial_connections/transactions", url.Values{"account": {ids[0]}, "limit": {"100"}}), &txns)
	if len(txns.Data) != 100 || !txns.HasMore {
		t.Fatalf("transactions page: %d has_more=%v", len(txns.Data), txns.HasMore)
	}
	var txn stripe.FinancialConnectionsTransaction
	strict(t, get("/v1/financial_connections/transactions/"+txns.Data[0].ID, nil), &txn)

	// Payments: a failed one (R01) carries last_payment_error with a
	// payment method; a SetupIntent carries a mandate.
	pi, err := sc.V1PaymentIntents.Create(ctx, piParams(cus, ids[2], 5000))
	if err != nil {
		t.Fatal(err)
	}
	pmID := pi.PaymentMethod.ID
	if _, err := sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()}); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(7 * 24 * time.Hour)
	var gotPI stripe.PaymentIntent
	strict(t, get("/v1/payment_intents/"+pi.ID, url.Values{"expand[]": {"payment_method"}}), &gotPI)
	if gotPI.LastPaymentError == nil || gotPI.LastPaymentError.PaymentMethod == nil {
		t.Fatalf("last_payment_error = %+v", gotPI.LastPaymentError)
	}
	var pm stripe.PaymentMethod
	strict(t, get("/v1/payment_methods/"+pmID, nil), &pm)

	si, err := sc.V1SetupIntents.Create(ctx, &stripe.SetupIntentCreateParams{
		Customer: stripe.String(cus), PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodData: &stripe.SetupIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.SetupIntentCreatePaymentMethodDataUSBankAccountParams{FinancialConnectionsAccount: stripe.String(ids[0])},
			BillingDetails: &stripe.SetupIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String("Jenny Rosen")},
		},
		Confirm: stripe.Bool(true),
		MandateData: &stripe.SetupIntentCreateMandateDataParams{CustomerAcceptance: &stripe.SetupIntentCreateMandateDataCustomerAcceptanceParams{
			Type:    stripe.String("offline"),
			Offline: &stripe.SetupIntentCreateMandateDataCustomerAcceptanceOfflineParams{},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var gotSI stripe.SetupIntent
	strict(t, get("/v1/setup_intents/"+si.ID, url.Values{"expand[]": {"payment_method"}}), &gotSI)
	if gotSI.Mandate == nil || gotSI.PaymentMethod == nil || gotSI.PaymentMethod.USBankAccount == nil {
		t.Fatalf("setup intent = %+v", gotSI)
	}
	var m stripe.Mandate
	strict(t, get("/v1/mandates/"+gotSI.Mandate.ID, nil), &m)
	if m.Type != stripe.MandateTypeMultiUse || m.CustomerAcceptance.Type != "offline" {
		t.Fatalf("mandate = %+v", m)
	}

	// An off-session debit returned R02 blocks the payment method and
	// ends the mandate (mandate.updated).
	if err := sim.ReturnNextDebit(gotSI.PaymentMethod.ID, "R02"); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(1500), Currency: stripe.String("usd"), Customer: stripe.String(cus),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}), PaymentMethod: stripe.String(gotSI.PaymentMethod.ID),
		Mandate: stripe.String(m.ID), OffSession: stripe.Bool(true), Confirm: stripe.Bool(true),
	}); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(7 * 24 * time.Hour)
	var blocked stripe.PaymentMethod
	strict(t, get("/v1/payment_methods/"+gotSI.PaymentMethod.ID, nil), &blocked)
	if b := blocked.USBankAccount.StatusDetails; b == nil || b.Blocked == nil || b.Blocked.NetworkCode != "R02" || b.Blocked.Reason != "bank_account_closed" {
		t.Fatalf("blocked payment method: %+v", blocked.USBankAccount)
	}
	strict(t, get("/v1/mandates/"+m.ID, nil), &m)
	if m.Status != stripe.MandateStatusInactive {
		t.Fatalf("mandate after R02: %s", m.Status)
	}
	var pms stripe.PaymentMethodList
	strict(t, get("/v1/payment_methods", url.Values{"customer": {cus}, "type": {"us_bank_account"}}), &pms)
	if len(pms.Data) != 2 {
		t.Fatalf("listed %d payment methods, want 2", len(pms.Data))
	}

	for _, e := range sim.Events() {
		var ev stripe.Event
		strict(t, e.Payload, &ev)
		if ev.APIVersion != stripe.APIVersion || ev.Data == nil || ev.Data.Object["id"] == nil {
			t.Fatalf("event %s: %+v", e.Type, ev)
		}
	}

	r := raw(t, sim, http.MethodGet, "/v1/customers/cus_missing", nil)
	var env struct {
		Error *stripe.Error `json:"error"`
	}
	strict(t, r.body, &env)
	if r.status != http.StatusNotFound || env.Error.Code != stripe.ErrorCodeResourceMissing {
		t.Fatalf("missing customer: %d %+v", r.status, env.Error)
	}
}
