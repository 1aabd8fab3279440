package fctest_test

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
)

// savedPM saves the linked account with a confirmed SetupIntent and
// returns the payment method and mandate ids.
func savedPM(t *testing.T, sim *fctest.Sim, sc *stripe.Client, cus, fca string) (pm, mandate string) {
	t.Helper()
	si, err := sc.V1SetupIntents.Create(t.Context(), &stripe.SetupIntentCreateParams{
		Customer: stripe.String(cus), PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodData: &stripe.SetupIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.SetupIntentCreatePaymentMethodDataUSBankAccountParams{FinancialConnectionsAccount: stripe.String(fca)},
			BillingDetails: &stripe.SetupIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String("Jenny Rosen")},
		},
		Confirm: stripe.Bool(true),
		MandateData: &stripe.SetupIntentCreateMandateDataParams{CustomerAcceptance: &stripe.SetupIntentCreateMandateDataCustomerAcceptanceParams{
			Type: stripe.String("offline"), Offline: &stripe.SetupIntentCreateMandateDataCustomerAcceptanceOfflineParams{},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return si.PaymentMethod.ID, si.Mandate.ID
}

func offSession(cus, pm, mandate string) *stripe.PaymentIntentCreateParams {
	return &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(1500), Currency: stripe.String("usd"), Customer: stripe.String(cus),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}), PaymentMethod: stripe.String(pm),
		Mandate: stripe.String(mandate), OffSession: stripe.Bool(true), Confirm: stripe.Bool(true),
	}
}

func TestOffSessionDebitsAndMandateLifecycle(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, []string{"payment_method"}, nil, fctest.InstitutionSuccess)
	pm, mandate := savedPM(t, sim, sc, cus, ids[0])
	ctx := t.Context()

	pi, err := sc.V1PaymentIntents.Create(ctx, offSession(cus, pm, mandate))
	if err != nil || pi.Status != stripe.PaymentIntentStatusProcessing {
		t.Fatalf("off-session debit = %v, %v", pi, err)
	}
	// off_session without confirm is refused.
	p := offSession(cus, pm, mandate)
	p.Confirm = nil
	p.Mandate = nil
	_, err = sc.V1PaymentIntents.Create(ctx, p)
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "")

	if err := sim.DeactivateMandate(mandate); err != nil {
		t.Fatal(err)
	}
	_, err = sc.V1PaymentIntents.Create(ctx, offSession(cus, pm, mandate))
	wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "")
	var updated int
	for _, e := range sim.Events() {
		if e.Type == "mandate.updated" {
			updated++
		}
	}
	if updated != 1 {
		t.Errorf("%d mandate.updated events, want 1", updated)
	}
	if err := sim.DeactivateMandate("mandate_missing"); !errors.Is(err, fctest.ErrNotFound) {
		t.Errorf("DeactivateMandate(unknown) = %v", err)
	}
	if err := sim.ReturnNextDebit(pm, "R99"); err == nil {
		t.Error("ReturnNextDebit(R99) = nil, want an error")
	}
	if err := sim.ReturnNextDebit("pm_missing", "R01"); !errors.Is(err, fctest.ErrNotFound) {
		t.Errorf("ReturnNextDebit(unknown) = %v", err)
	}
}

func TestReturnCodesBlockOnlyClosingReturns(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		code, reason string
	}{{"R01", ""}, {"R09", ""}, {"R02", "bank_account_closed"}, {"R10", "debit_not_authorized"}, {"R16", "bank_account_frozen"}} {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			sim, sc := setup(t)
			cus, ids := linked(t, sim, sc, []string{"payment_method"}, nil, fctest.InstitutionSuccess)
			pm, mandate := savedPM(t, sim, sc, cus, ids[0])
			if err := sim.ReturnNextDebit(pm, tt.code); err != nil {
				t.Fatal(err)
			}
			pi, err := sc.V1PaymentIntents.Create(t.Context(), offSession(cus, pm, mandate))
			if err != nil {
				t.Fatal(err)
			}
			sim.Clock().Advance(7 * 24 * time.Hour)
			var got stripe.PaymentIntent
			strict(t, raw(t, sim, http.MethodGet, "/v1/payment_intents/"+pi.ID, nil).body, &got)
			if got.Status != stripe.PaymentIntentStatusRequiresPaymentMethod || got.LastPaymentError == nil {
				t.Fatalf("returned debit: %s %+v", got.Status, got.LastPaymentError)
			}
			var pmObj stripe.PaymentMethod
			strict(t, raw(t, sim, http.MethodGet, "/v1/payment_methods/"+pm, nil).body, &pmObj)
			var m stripe.Mandate
			strict(t, raw(t, sim, http.MethodGet, "/v1/mandates/"+mandate, nil).body, &m)
			blocked := pmObj.USBankAccount.StatusDetails != nil && pmObj.USBankAccount.StatusDetails.Blocked != nil
			if tt.reason == "" {
				if blocked || m.Status != stripe.MandateStatusActive {
					t.Fatalf("%s blocked the payment method (%v) or ended the mandate (%s)", tt.code, blocked, m.Status)
				}
				// Re-presentation succeeds.
				again, err := sc.V1PaymentIntents.Create(t.Context(), offSession(cus, pm, mandate))
				if err != nil {
					t.Fatal(err)
				}
				sim.Clock().Advance(7 * 24 * time.Hour)
				strict(t, raw(t, sim, http.MethodGet, "/v1/payment_intents/"+again.ID, nil).body, &got)
				if got.Status != stripe.PaymentIntentStatusSucceeded {
					t.Fatalf("re-presented: %s", got.Status)
				}
				return
			}
			if !blocked || string(pmObj.USBankAccount.StatusDetails.Blocked.NetworkCode) != tt.code ||
				string(pmObj.USBankAccount.StatusDetails.Blocked.Reason) != tt.reason || m.Status != stripe.MandateStatusInactive {
				t.Fatalf("after %s: payment method %+v mandate %s", tt.code, pmObj.USBankAccount.StatusDetails, m.Status)
			}
			_, err = sc.V1PaymentIntents.Create(t.Context(), offSession(cus, pm, mandate))
			wantErr(t, err, http.StatusBadRequest, stripe.ErrorTypeInvalidRequest, "payment_method_unexpected_state")
		})
	}
}

func TestCollectBankAccountHelpers(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	ctx := t.Context()
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen")})
	if err != nil {
		t.Fatal(err)
	}
	newPI := func(vm string) string {
		p := &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID),
			PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"})}
		if vm != "" {
			p.PaymentMethodOptions = &stripe.PaymentIntentCreatePaymentMethodOptionsParams{USBankAccount: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{VerificationMethod: stripe.String(vm)}}
		}
		pi, err := sc.V1PaymentIntents.Create(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return pi.ID
	}
	if _, err := sim.CollectBankAccount(newPI("microdeposits"), fctest.InstitutionSuccess); !errors.Is(err, fctest.ErrNotCollecting) {
		t.Errorf("CollectBankAccount(microdeposits) = %v", err)
	}
	if _, err := sim.CollectBankAccountManually(newPI("instant")); !errors.Is(err, fctest.ErrNotCollecting) {
		t.Errorf("CollectBankAccountManually(instant) = %v", err)
	}
	if _, err := sim.CollectBankAccount(newPI(""), fctest.InstitutionCreditCard); !errors.Is(err, fctest.ErrFilteredOut) {
		t.Errorf("CollectBankAccount(credit card) = %v", err)
	}
	if _, err := sim.CollectBankAccount("pi_missing", fctest.InstitutionSuccess); !errors.Is(err, fctest.ErrNotFound) {
		t.Errorf("CollectBankAccount(unknown) = %v", err)
	}
	id := newPI("")
	fca, err := sim.CollectBankAccount(id, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.CollectBankAccount(id, fctest.InstitutionSuccess); !errors.Is(err, fctest.ErrNotCollecting) {
		t.Errorf("second CollectBankAccount = %v", err)
	}
	var pi stripe.PaymentIntent
	strict(t, raw(t, sim, http.MethodGet, "/v1/payment_intents/"+id, url.Values{"expand[]": {"payment_method"}}).body, &pi)
	if pi.Status != stripe.PaymentIntentStatusRequiresConfirmation || pi.PaymentMethod.USBankAccount.FinancialConnectionsAccount != fca {
		t.Fatalf("collected intent: %s %+v", pi.Status, pi.PaymentMethod)
	}
	manual := newPI("")
	if _, err := sim.CollectBankAccountManually(manual); err != nil {
		t.Fatal(err)
	}
	// A hand-entered account is verified with microdeposits first.
	confirmed, err := sc.V1PaymentIntents.Confirm(ctx, manual, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()})
	if err != nil || confirmed.Status != stripe.PaymentIntentStatusRequiresAction || confirmed.NextAction == nil ||
		confirmed.NextAction.Type != stripe.PaymentIntentNextActionTypeVerifyWithMicrodeposits {
		t.Fatalf("confirm with a hand-entered account: %+v, %v; want requires_action verify_with_microdeposits", confirmed, err)
	}
}
