package fctest_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

func TestACHInsufficientFunds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t, fctest.WithSettlementDays(2))
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionInsufficientFunds)
	p := piParams(cus, ids[0], 10_000)
	p.Confirm = stripe.Bool(true)
	p.MandateData = &stripe.PaymentIntentCreateMandateDataParams{CustomerAcceptance: &stripe.PaymentIntentCreateMandateDataCustomerAcceptanceParams{
		Type: stripe.String("online"), Online: &stripe.PaymentIntentCreateMandateDataCustomerAcceptanceOnlineParams{IPAddress: stripe.String("203.0.113.9"), UserAgent: stripe.String("ua")},
	}}
	pi, err := sc.V1PaymentIntents.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusProcessing {
		t.Fatalf("status %s", pi.Status)
	}
	// Monday + 2 business days: still processing one second before.
	sim.Clock().Advance(2*24*time.Hour - time.Second)
	if pi, _ = sc.V1PaymentIntents.Retrieve(ctx, pi.ID, nil); pi.Status != stripe.PaymentIntentStatusProcessing {
		t.Fatalf("settled early: %s", pi.Status)
	}
	sim.Clock().Advance(time.Second)
	pi, _ = sc.V1PaymentIntents.Retrieve(ctx, pi.ID, nil)
	if pi.Status != stripe.PaymentIntentStatusRequiresPaymentMethod || pi.LastPaymentError == nil ||
		pi.LastPaymentError.Code != stripe.ErrorCodeInsufficientFunds || pi.PaymentMethod != nil {
		t.Fatalf("after R01: %s %+v", pi.Status, pi.LastPaymentError)
	}
	if pi.LastPaymentError.PaymentMethod == nil || pi.LastPaymentError.PaymentMethod.USBankAccount.FinancialConnectionsAccount != ids[0] {
		t.Fatalf("failed payment method: %+v", pi.LastPaymentError.PaymentMethod)
	}
	var types []string
	for _, e := range sim.Events() {
		types = append(types, e.Type)
	}
	if !containsStr(types, fctest.EventPaymentIntentProcessing) || !containsStr(types, fctest.EventPaymentIntentPaymentFailed) {
		t.Fatalf("events %v", types)
	}
	if st := sim.Stats(); st.PaymentsFailed != 1 || st.PaymentsSucceeded != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestSettlementSkipsWeekends(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	friday := time.Date(2025, 9, 5, 12, 0, 0, 0, time.UTC)
	sim, sc := setup(t, fctest.WithStart(friday), fctest.WithSettlementDays(1))
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	pi, err := sc.V1PaymentIntents.Create(ctx, piParams(cus, ids[0], 999))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()}); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(2 * 24 * time.Hour) // Sunday
	if pi, _ = sc.V1PaymentIntents.Retrieve(ctx, pi.ID, nil); pi.Status != stripe.PaymentIntentStatusProcessing {
		t.Fatalf("settled on a weekend: %s", pi.Status)
	}
	sim.Clock().Advance(24 * time.Hour) // Monday
	if pi, _ = sc.V1PaymentIntents.Retrieve(ctx, pi.ID, nil); pi.Status != stripe.PaymentIntentStatusSucceeded || pi.LatestCharge == nil {
		t.Fatalf("Monday: %s", pi.Status)
	}
}

func TestPaymentIntentRejections(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess, fctest.InstitutionCreditCard, fctest.InstitutionInactive, fctest.InstitutionDisconnected)
	_, noPM := linked(t, sim, sc, []string{"balances"}, nil, fctest.InstitutionSuccess)
	otherCus, otherIDs := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	_ = otherCus
	const fcaParam = "payment_method_data[us_bank_account][financial_connections_account]"
	tests := []struct {
		name   string
		edit   func(url.Values)
		status int
		code   string
		param  string
	}{
		{"credit card is not ACH-eligible", func(v url.Values) { v.Set(fcaParam, ids[1]) }, 400, "payment_method_invalid_parameter", fcaParam},
		{"inactive account", func(v url.Values) { v.Set(fcaParam, ids[2]) }, 400, "financial_connections_account_inactive", fcaParam},
		{"disconnected account", func(v url.Values) { v.Set(fcaParam, ids[3]) }, 400, "", fcaParam},
		{"no payment_method permission", func(v url.Values) { v.Set(fcaParam, noPM[0]) }, 400, "", fcaParam},
		{"account of another customer", func(v url.Values) { v.Set(fcaParam, otherIDs[0]) }, 400, "", fcaParam},
		{"unknown account", func(v url.Values) { v.Set(fcaParam, "fca_nope") }, 400, "resource_missing", fcaParam},
		{"missing billing name", func(v url.Values) { v.Del("payment_method_data[billing_details][name]") }, 400, "parameter_missing", "payment_method_data[billing_details][name]"},
		{"amount too small", func(v url.Values) { v.Set("amount", "49") }, 400, "amount_too_small", "amount"},
		{"amount not an integer", func(v url.Values) { v.Set("amount", "12.34") }, 400, "parameter_invalid_integer", "amount"},
		{"eur", func(v url.Values) { v.Set("currency", "eur") }, 400, "", "currency"},
		{"card type", func(v url.Values) { v.Set("payment_method_types[]", "card") }, 400, "", "payment_method_types"},
		{"unknown customer", func(v url.Values) { v.Set("customer", "cus_nope") }, 400, "resource_missing", "customer"},
		{"unknown parameter", func(v url.Values) { v.Set("amount_in_dollars", "1") }, 400, "parameter_unknown", "amount_in_dollars"},
		{"confirm without mandate", func(v url.Values) { v.Set("confirm", "true") }, 400, "parameter_missing", "mandate_data"},
		{"online mandate without ip", func(v url.Values) {
			v.Set("confirm", "true")
			v.Set("mandate_data[customer_acceptance][type]", "online")
			v.Set("mandate_data[customer_acceptance][online][user_agent]", "ua")
		}, 400, "parameter_missing", "mandate_data[customer_acceptance][online][ip_address]"},
		{"bad verification method", func(v url.Values) {
			v.Set("payment_method_options[us_bank_account][verification_method]", "magic")
		}, 400, "", "payment_method_options[us_bank_account][verification_method]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := piForm(cus, ids[0], "5000")
			tt.edit(form)
			r := raw(t, sim, http.MethodPost, "/v1/payment_intents", form)
			e := r.apiErr(t)
			if r.status != tt.status || string(e.Code) != tt.code || e.Param != tt.param || e.Type != stripe.ErrorTypeInvalidRequest {
				t.Fatalf("got %d %s %q param %q: %s", r.status, e.Type, e.Code, e.Param, e.Msg)
			}
		})
	}
	if n := len(sim.PaymentIntents()); n != 0 {
		t.Fatalf("%d payment intents created by rejected requests", n)
	}
	if st := sim.Stats(); st.Created["payment_method"] != 0 {
		t.Fatalf("payment methods created: %d", st.Created["payment_method"])
	}
}

func TestPaymentIntentStates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)

	// No payment method yet: requires_payment_method; confirm supplies one.
	pi, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(700), Currency: stripe.String("usd"), Customer: stripe.String(cus),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodOptions: &stripe.PaymentIntentCreatePaymentMethodOptionsParams{USBankAccount: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{
			VerificationMethod: stripe.String("instant"),
			FinancialConnections: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: stripe.StringSlice([]string{"payment_method", "balances"}),
				Prefetch:    stripe.StringSlice([]string{"balances"}),
			},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != stripe.PaymentIntentStatusRequiresPaymentMethod ||
		pi.PaymentMethodOptions.USBankAccount.VerificationMethod != "instant" ||
		len(pi.PaymentMethodOptions.USBankAccount.FinancialConnections.Permissions) != 2 {
		t.Fatalf("created: %s %+v", pi.Status, pi.PaymentMethodOptions.USBankAccount)
	}
	_, err = sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()})
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, "")
	pi, err = sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{
		MandateData: mandateOnline(),
		PaymentMethodData: &stripe.PaymentIntentPaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.PaymentMethodUSBankAccountParams{FinancialConnectionsAccount: stripe.String(ids[0])},
			BillingDetails: &stripe.PaymentIntentPaymentMethodDataBillingDetailsParams{Name: stripe.String("Jenny Rosen")},
		},
	})
	if err != nil || pi.Status != stripe.PaymentIntentStatusProcessing {
		t.Fatalf("confirm: %v %v", err, pi)
	}
	_, err = sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()})
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodePaymentIntentUnexpectedState)
	_, err = sc.V1PaymentIntents.Cancel(ctx, pi.ID, nil)
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodePaymentIntentUnexpectedState)

	other, err := sc.V1PaymentIntents.Create(ctx, piParams(cus, ids[0], 800))
	if err != nil {
		t.Fatal(err)
	}
	other, err = sc.V1PaymentIntents.Cancel(ctx, other.ID, &stripe.PaymentIntentCancelParams{CancellationReason: stripe.String("abandoned")})
	if err != nil || other.Status != stripe.PaymentIntentStatusCanceled || other.CanceledAt == 0 || other.CancellationReason != "abandoned" {
		t.Fatalf("cancel: %v %+v", err, other)
	}
	_, err = sc.V1PaymentIntents.Retrieve(ctx, "pi_nope", nil)
	wantErr(t, err, 404, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeResourceMissing)
}

// TestSetupThenCharge saves a bank account with a SetupIntent, then charges
// it with the saved PaymentMethod and its multi-use mandate.
func TestSetupThenCharge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSavings)
	si, err := sc.V1SetupIntents.Create(ctx, &stripe.SetupIntentCreateParams{
		Customer: stripe.String(cus), PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodData: &stripe.SetupIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.SetupIntentCreatePaymentMethodDataUSBankAccountParams{FinancialConnectionsAccount: stripe.String(ids[0])},
			BillingDetails: &stripe.SetupIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String("Jenny Rosen")},
		},
	})
	if err != nil || si.Status != stripe.SetupIntentStatusRequiresConfirmation {
		t.Fatalf("create: %v %v", err, si)
	}
	_, err = sc.V1SetupIntents.Confirm(ctx, si.ID, nil)
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeParameterMissing)
	si, err = sc.V1SetupIntents.Confirm(ctx, si.ID, &stripe.SetupIntentConfirmParams{MandateData: &stripe.SetupIntentMandateDataParams{
		CustomerAcceptance: &stripe.SetupIntentMandateDataCustomerAcceptanceParams{
			Type:   stripe.MandateCustomerAcceptanceTypeOnline,
			Online: &stripe.SetupIntentMandateDataCustomerAcceptanceOnlineParams{IPAddress: stripe.String("203.0.113.1"), UserAgent: stripe.String("ua")},
		},
	}})
	if err != nil || si.Status != stripe.SetupIntentStatusSucceeded || si.Mandate == nil {
		t.Fatalf("confirm: %v %+v", err, si)
	}
	if n := len(sim.EventsOfType(fctest.EventSetupIntentSucceeded)); n != 1 {
		t.Fatalf("setup_intent.succeeded events: %d", n)
	}
	pm, err := sc.V1PaymentMethods.Retrieve(ctx, si.PaymentMethod.ID, nil)
	if err != nil || pm.Customer == nil || pm.Customer.ID != cus || pm.USBankAccount.AccountType != "savings" {
		t.Fatalf("payment method: %v %+v", err, pm)
	}
	pi, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(2500), Currency: stripe.String("usd"), Customer: stripe.String(cus),
		PaymentMethod: stripe.String(pm.ID), Mandate: stripe.String(si.Mandate.ID), Confirm: stripe.Bool(true),
	})
	if err != nil || pi.Status != stripe.PaymentIntentStatusProcessing {
		t.Fatalf("charge with saved mandate: %v %v", err, pi)
	}
	_, err = sc.V1SetupIntents.Cancel(ctx, si.ID, nil)
	wantErr(t, err, 400, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodeSetupIntentUnexpectedState)
	if len(sim.SetupIntents()) != 1 || len(sim.PaymentIntents()) != 1 {
		t.Fatal("inspection helpers disagree")
	}
}

// TestAmountLimitsAreACHs: PaymentIntents and Checkout Sessions accept
// amounts from ach.MinAmount to ach.MaxAmount and refuse one cent outside,
// with Stripe's codes and messages naming those limits. It fails if the
// simulator's limits, or the dollars its messages quote, drift from
// package ach's.
func TestAmountLimitsAreACHs(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	ctx := t.Context()
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	// Stripe's messages write the limits as dollars, with thousands
	// separators: "$999,999.99".
	names := func(msg string, limit int64) bool {
		return strings.Contains(strings.ReplaceAll(msg, ",", ""), "$"+ach.FormatAmount(limit))
	}
	for _, tt := range []struct {
		amount int64
		code   stripe.ErrorCode // "" = accepted
		limit  int64
	}{
		{ach.MinAmount - 1, stripe.ErrorCodeAmountTooSmall, ach.MinAmount},
		{ach.MinAmount, "", 0},
		{ach.MaxAmount, "", 0},
		{ach.MaxAmount + 1, stripe.ErrorCodeAmountTooLarge, ach.MaxAmount},
	} {
		r := raw(t, sim, http.MethodPost, "/v1/payment_intents", piForm(cus, ids[0], strconv.FormatInt(tt.amount, 10)))
		switch {
		case tt.code == "" && r.status != http.StatusOK:
			t.Errorf("PaymentIntent of %d cents: status %d, want 200: %s", tt.amount, r.status, r.body)
		case tt.code != "":
			if e := r.apiErr(t); e.Code != tt.code || e.Param != "amount" || !names(e.Msg, tt.limit) {
				t.Errorf("PaymentIntent of %d cents: %s on %q: %q, want %s on amount naming $%s", tt.amount, e.Code, e.Param, e.Msg, tt.code, ach.FormatAmount(tt.limit))
			}
		}

		p := checkoutParams(cus, "payment")
		p.LineItems[0].Quantity = stripe.Int64(1)
		p.LineItems[0].PriceData.UnitAmount = stripe.Int64(tt.amount)
		_, err := sc.V1CheckoutSessions.Create(ctx, p)
		if tt.code == "" {
			if err != nil {
				t.Errorf("Checkout Session of %d cents: %v", tt.amount, err)
			}
			continue
		}
		if e := wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, tt.code); e.Param != "line_items" || !names(e.Msg, tt.limit) {
			t.Errorf("Checkout Session of %d cents: on %q: %q, want on line_items naming $%s", tt.amount, e.Param, e.Msg, ach.FormatAmount(tt.limit))
		}
	}
}
