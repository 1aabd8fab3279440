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

func checkoutParams(cus, mode string) *stripe.CheckoutSessionCreateParams {
	p := &stripe.CheckoutSessionCreateParams{
		Mode: stripe.String(mode), Customer: stripe.String(cus), SuccessURL: stripe.String("https://example.com/ok"),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodOptions: &stripe.CheckoutSessionCreatePaymentMethodOptionsParams{USBankAccount: &stripe.CheckoutSessionCreatePaymentMethodOptionsUSBankAccountParams{
			VerificationMethod: stripe.String("instant"),
			FinancialConnections: &stripe.CheckoutSessionCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: stripe.StringSlice([]string{"payment_method", "balances"}), Prefetch: stripe.StringSlice([]string{"balances"})},
		}},
	}
	if mode == "payment" {
		p.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{Quantity: stripe.Int64(2), PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
			Currency: stripe.String("usd"), UnitAmount: stripe.Int64(1500),
			ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String("Plan")}}}}
	} else {
		p.Currency = stripe.String("usd")
	}
	return p
}

func TestCheckoutSessions(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"payment", "setup"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			sim, sc := setup(t)
			ctx := t.Context()
			cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen")})
			if err != nil {
				t.Fatal(err)
			}
			cs, err := sc.V1CheckoutSessions.Create(ctx, checkoutParams(cus.ID, mode))
			if err != nil {
				t.Fatal(err)
			}
			var open stripe.CheckoutSession
			strict(t, raw(t, sim, http.MethodGet, "/v1/checkout/sessions/"+cs.ID, nil).body, &open)
			if open.Status != "open" || open.URL == "" || (mode == "payment" && open.AmountTotal != 3000) {
				t.Fatalf("open session %+v", open)
			}
			fca, err := sim.CompleteCheckoutSession(cs.ID, fctest.InstitutionSuccess)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sim.CompleteCheckoutSession(cs.ID, fctest.InstitutionSuccess); !errors.Is(err, fctest.ErrSessionNotOpen) || !errors.Is(err, fctest.ErrNotCollecting) {
				t.Errorf("second completion: %v", err)
			}
			q := url.Values{"expand[]": {"payment_intent.payment_method", "setup_intent.payment_method"}}
			var done stripe.CheckoutSession
			strict(t, raw(t, sim, http.MethodGet, "/v1/checkout/sessions/"+cs.ID, q).body, &done)
			var pm *stripe.PaymentMethod
			if mode == "payment" {
				if done.PaymentIntent == nil || done.PaymentIntent.Status != stripe.PaymentIntentStatusProcessing || done.PaymentStatus != "unpaid" {
					t.Fatalf("completed payment session: %+v", done)
				}
				pm = done.PaymentIntent.PaymentMethod
			} else {
				if done.SetupIntent == nil || done.SetupIntent.Status != stripe.SetupIntentStatusSucceeded || done.SetupIntent.Mandate == nil || done.PaymentStatus != "no_payment_required" {
					t.Fatalf("completed setup session: %+v", done)
				}
				pm = done.SetupIntent.PaymentMethod
			}
			if done.Status != "complete" || pm == nil || pm.USBankAccount.FinancialConnectionsAccount != fca {
				t.Fatalf("session %s pm %+v, want complete with %s", done.Status, pm, fca)
			}
			sim.Clock().Advance(7 * 24 * time.Hour)
			want := map[string]int{"checkout.session.completed": 1}
			if mode == "payment" {
				want["checkout.session.async_payment_succeeded"] = 1
			}
			got := map[string]int{}
			for _, e := range sim.Events() {
				if e.Type[:9] == "checkout." {
					got[e.Type]++
					var ev stripe.Event
					strict(t, e.Payload, &ev)
				}
			}
			if len(got) != len(want) || got["checkout.session.completed"] != 1 || got["checkout.session.async_payment_succeeded"] != want["checkout.session.async_payment_succeeded"] {
				t.Errorf("checkout events %v, want %v", got, want)
			}
		})
	}
}

func TestCheckoutSessionRejects(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	ctx := t.Context()
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(p *stripe.CheckoutSessionCreateParams)
	}{
		{"no mode", func(p *stripe.CheckoutSessionCreateParams) { p.Mode = nil }},
		{"subscription mode", func(p *stripe.CheckoutSessionCreateParams) { p.Mode = stripe.String("subscription") }},
		{"no success_url", func(p *stripe.CheckoutSessionCreateParams) { p.SuccessURL = nil }},
		{"no line items", func(p *stripe.CheckoutSessionCreateParams) { p.LineItems = nil }},
		{"eur", func(p *stripe.CheckoutSessionCreateParams) { p.LineItems[0].PriceData.Currency = stripe.String("eur") }},
		{"too small", func(p *stripe.CheckoutSessionCreateParams) { p.LineItems[0].PriceData.UnitAmount = stripe.Int64(10) }},
		{"bogus verification", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentMethodOptions.USBankAccount.VerificationMethod = stripe.String("bogus")
		}},
		{"permissions without payment_method", func(p *stripe.CheckoutSessionCreateParams) {
			p.PaymentMethodOptions.USBankAccount.FinancialConnections.Permissions = stripe.StringSlice([]string{"balances"})
		}},
		{"unknown customer", func(p *stripe.CheckoutSessionCreateParams) { p.Customer = stripe.String("cus_missing") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := checkoutParams(cus.ID, "payment")
			tt.edit(p)
			_, err := sc.V1CheckoutSessions.Create(ctx, p)
			var se *stripe.Error
			if !errors.As(err, &se) || se.HTTPStatusCode/100 != 4 {
				t.Fatalf("err = %v, want a 4xx", err)
			}
		})
	}
	if _, err := sim.CompleteCheckoutSession("cs_missing", fctest.InstitutionSuccess); !errors.Is(err, fctest.ErrNotFound) {
		t.Errorf("CompleteCheckoutSession(unknown) = %v", err)
	}
}
