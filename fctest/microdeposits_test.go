package fctest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

// manualIntent creates a customer and a microdeposits PaymentIntent, and
// has the customer type the account in.
func manualIntent(t *testing.T, sim *fctest.Sim, sc *stripe.Client) string {
	t.Helper()
	ctx := context.Background()
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen")})
	if err != nil {
		t.Fatal(err)
	}
	pi, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(2_000), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodOptions: &stripe.PaymentIntentCreatePaymentMethodOptionsParams{USBankAccount: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{
			VerificationMethod: stripe.String("microdeposits")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.CollectBankAccountManually(pi.ID); err != nil {
		t.Fatal(err)
	}
	return pi.ID
}

// manualSetupIntent creates a SetupIntent whose customer types the
// account in.
func manualSetupIntent(t *testing.T, sim *fctest.Sim, sc *stripe.Client) *stripe.SetupIntent {
	t.Helper()
	ctx := context.Background()
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	si, err := sc.V1SetupIntents.Create(ctx, &stripe.SetupIntentCreateParams{Customer: stripe.String(cus.ID), PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.CollectBankAccountManually(si.ID); err != nil {
		t.Fatal(err)
	}
	return si
}

func verifyAmounts(sc *stripe.Client, id string, a, b int64) (*stripe.PaymentIntent, error) {
	return sc.V1PaymentIntents.VerifyMicrodeposits(context.Background(), id, &stripe.PaymentIntentVerifyMicrodepositsParams{
		Amounts: []*int64{stripe.Int64(a), stripe.Int64(b)}})
}

func TestMicrodepositsPaymentIntent(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t, fctest.WithSettlementDays(1))
	id := manualIntent(t, sim, sc)
	pi, err := sc.V1PaymentIntents.Confirm(context.Background(), id, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()})
	if err != nil {
		t.Fatal(err)
	}
	var got stripe.PaymentIntent
	strict(t, raw(t, sim, http.MethodGet, "/v1/payment_intents/"+id, nil).body, &got)
	na := got.NextAction
	if got.Status != stripe.PaymentIntentStatusRequiresAction || na == nil || na.VerifyWithMicrodeposits == nil ||
		na.VerifyWithMicrodeposits.MicrodepositType != "amounts" || na.VerifyWithMicrodeposits.HostedVerificationURL == "" {
		t.Fatalf("confirmed: %s %+v", got.Status, na)
	}
	arrival := time.Unix(na.VerifyWithMicrodeposits.ArrivalDate, 0)
	if !arrival.After(sim.Clock().Now()) || pi.Status != stripe.PaymentIntentStatusRequiresAction {
		t.Fatalf("arrival %v (now %v), status %s", arrival, sim.Clock().Now(), pi.Status)
	}
	if len(sim.EventsOfType(fctest.EventPaymentIntentRequiresAction)) != 1 {
		t.Fatal("no payment_intent.requires_action event")
	}
	// The deposits land on the simulated clock.
	if _, _, arrived, err := sim.Microdeposits(id); err != nil || arrived {
		t.Fatalf("before arrival: arrived %v, %v", arrived, err)
	}
	sim.Clock().Advance(arrival.Sub(sim.Clock().Now()))
	amounts, _, arrived, err := sim.Microdeposits(id)
	if err != nil || !arrived || amounts != [2]int64{32, 45} {
		t.Fatalf("after arrival: %v %v %v", amounts, arrived, err)
	}

	_, err = verifyAmounts(sc, id, 32, 46)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodePaymentMethodMicrodepositVerificationAmountsMismatch)
	_, err = sc.V1PaymentIntents.VerifyMicrodeposits(context.Background(), id, &stripe.PaymentIntentVerifyMicrodepositsParams{Amounts: []*int64{stripe.Int64(32)}})
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodePaymentMethodMicrodepositVerificationAmountsInvalid)
	_, err = sc.V1PaymentIntents.VerifyMicrodeposits(context.Background(), id, &stripe.PaymentIntentVerifyMicrodepositsParams{DescriptorCode: stripe.String("SM11AA")})
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "")
	pi, err = verifyAmounts(sc, id, 45, 32) // either order
	if err != nil || pi.Status != stripe.PaymentIntentStatusProcessing || pi.NextAction != nil {
		t.Fatalf("verified: %+v, %v", pi, err)
	}
	_, err = verifyAmounts(sc, id, 32, 45)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "payment_intent_unexpected_state")
	sim.Clock().Advance(3 * 24 * time.Hour)
	if pi, _ = sc.V1PaymentIntents.Retrieve(context.Background(), id, nil); pi.Status != stripe.PaymentIntentStatusSucceeded {
		t.Fatalf("verified debit: %s", pi.Status)
	}
}

func TestMicrodepositsAttemptsAndTimeout(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t, fctest.WithMicrodepositType(fctest.MicrodepositTypeDescriptorCode))
	ctx := context.Background()
	id := manualIntent(t, sim, sc)
	if _, err := sc.V1PaymentIntents.Confirm(ctx, id, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()}); err != nil {
		t.Fatal(err)
	}
	wrong := &stripe.PaymentIntentVerifyMicrodepositsParams{DescriptorCode: stripe.String("SM00ZZ")}
	for i := 1; i < fctest.MicrodepositAttempts; i++ {
		_, err := sc.V1PaymentIntents.VerifyMicrodeposits(ctx, id, wrong)
		wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodePaymentMethodMicrodepositVerificationDescriptorCodeMismatch)
	}
	_, err := sc.V1PaymentIntents.VerifyMicrodeposits(ctx, id, wrong)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, stripe.ErrorCodePaymentMethodMicrodepositVerificationAttemptsExceeded)
	pi, _ := sc.V1PaymentIntents.Retrieve(ctx, id, nil)
	if pi.Status != stripe.PaymentIntentStatusRequiresPaymentMethod || pi.LastPaymentError == nil ||
		pi.LastPaymentError.Code != stripe.ErrorCodePaymentMethodMicrodepositVerificationAttemptsExceeded {
		t.Fatalf("after the attempts: %s %+v", pi.Status, pi.LastPaymentError)
	}

	// A SetupIntent nobody verifies times out.
	si := manualSetupIntent(t, sim, sc)
	si, err = sc.V1SetupIntents.Confirm(ctx, si.ID, &stripe.SetupIntentConfirmParams{MandateData: &stripe.SetupIntentMandateDataParams{
		CustomerAcceptance: &stripe.SetupIntentMandateDataCustomerAcceptanceParams{Type: stripe.MandateCustomerAcceptanceTypeOnline,
			Online: &stripe.SetupIntentMandateDataCustomerAcceptanceOnlineParams{IPAddress: stripe.String("203.0.113.7"), UserAgent: stripe.String("ua")}}}})
	if err != nil || si.Status != stripe.SetupIntentStatusRequiresAction || si.NextAction.VerifyWithMicrodeposits.MicrodepositType != "descriptor_code" {
		t.Fatalf("setup intent confirm: %+v, %v", si, err)
	}
	sim.Clock().Advance(20 * 24 * time.Hour)
	var got stripe.SetupIntent
	strict(t, raw(t, sim, http.MethodGet, "/v1/setup_intents/"+si.ID, nil).body, &got)
	if got.Status != stripe.SetupIntentStatusRequiresPaymentMethod || got.LastSetupError == nil ||
		got.LastSetupError.Code != stripe.ErrorCodePaymentMethodMicrodepositVerificationTimeout {
		t.Fatalf("after the timeout: %s %+v", got.Status, got.LastSetupError)
	}
	if len(sim.EventsOfType(fctest.EventSetupIntentSetupFailed)) != 1 {
		t.Fatal("no setup_intent.setup_failed event")
	}
	if _, _, _, err := sim.Microdeposits(si.ID); !errors.Is(err, fctest.ErrNotFound) {
		t.Fatalf("Microdeposits after the timeout: %v", err)
	}
}

func TestMicrodepositsSetupIntentVerifies(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t, fctest.WithMicrodepositType(fctest.MicrodepositTypeDescriptorCode))
	ctx := context.Background()
	si := manualSetupIntent(t, sim, sc)
	if _, err := sc.V1SetupIntents.Confirm(ctx, si.ID, &stripe.SetupIntentConfirmParams{MandateData: &stripe.SetupIntentMandateDataParams{
		CustomerAcceptance: &stripe.SetupIntentMandateDataCustomerAcceptanceParams{Type: stripe.MandateCustomerAcceptanceTypeOffline}}}); err != nil {
		t.Fatal(err)
	}
	if len(sim.EventsOfType(fctest.EventSetupIntentRequiresAction)) != 1 {
		t.Fatal("no setup_intent.requires_action event")
	}
	si, err := sc.V1SetupIntents.VerifyMicrodeposits(ctx, si.ID, &stripe.SetupIntentVerifyMicrodepositsParams{DescriptorCode: stripe.String("SM11AA")})
	if err != nil || si.Status != stripe.SetupIntentStatusSucceeded || si.Mandate == nil {
		t.Fatalf("verified setup intent: %+v, %v", si, err)
	}
}
