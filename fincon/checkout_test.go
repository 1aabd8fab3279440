package fincon_test

import (
	"errors"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

func validCheckout(mode fincon.CheckoutMode) fincon.CheckoutSessionParams {
	p := fincon.CheckoutSessionParams{Mode: mode, Customer: "cus_1", SuccessURL: "https://example.com/ok",
		Options: fincon.BankAccountOptions{VerificationMethod: ach.Instant}}
	if mode == fincon.CheckoutPayment {
		p.Amount, p.ProductName = balances.Money{Amount: 4900, Currency: balances.USD}, "Plan"
	}
	return p
}

func TestCheckoutSessionParamsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		mode  fincon.CheckoutMode
		edit  func(p *fincon.CheckoutSessionParams)
		param string
		also  error
	}{
		{"unknown mode", fincon.CheckoutPayment, func(p *fincon.CheckoutSessionParams) { p.Mode = "subscription" }, "mode", nil},
		{"no customer", fincon.CheckoutPayment, func(p *fincon.CheckoutSessionParams) { p.Customer = "" }, "customer", nil},
		{"no amount", fincon.CheckoutPayment, func(p *fincon.CheckoutSessionParams) { p.Amount = balances.Money{} }, "amount", ach.ErrUnsupportedCurrency},
		{"too small", fincon.CheckoutPayment, func(p *fincon.CheckoutSessionParams) { p.Amount.Amount = 10 }, "amount", ach.ErrInvalidAmount},
		{"eur", fincon.CheckoutPayment, func(p *fincon.CheckoutSessionParams) { p.Amount.Currency = "eur" }, "amount", ach.ErrUnsupportedCurrency},
		{"no product", fincon.CheckoutPayment, func(p *fincon.CheckoutSessionParams) { p.ProductName = " " }, "product_name", nil},
		{"setup with amount", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.Amount.Amount = 100 }, "amount", nil},
		{"setup with product", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.ProductName = "x" }, "product_name", nil},
		{"setup saving", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.SaveForLater = true }, "setup_future_usage", nil},
		{"relative success_url", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.SuccessURL = "/ok" }, "success_url", nil},
		{"no success_url", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.SuccessURL = "" }, "success_url", nil},
		{"ftp cancel_url", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.CancelURL = "ftp://example.com" }, "cancel_url", nil},
		{"long key", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.IdempotencyKey = string(make([]byte, 256)) }, "idempotency_key", nil},
		{"bogus verification", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) { p.Options.VerificationMethod = "bogus" }, "verification_method", ach.ErrInvalidVerificationMethod},
		{"permissions without payment_method", fincon.CheckoutSetup, func(p *fincon.CheckoutSessionParams) {
			p.Options.Permissions = permissions.Set{}.Add(permissions.Balances)
		}, "permissions", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := validCheckout(tt.mode)
			tt.edit(&p)
			sp, err := p.StripeParams()
			var pe *fincon.ParamError
			if sp != nil || !errors.Is(err, fincon.ErrInvalidParams) || !errors.As(err, &pe) || pe.Param != tt.param {
				t.Fatalf("StripeParams = %v, %v; want a ParamError on %s", sp, err, tt.param)
			}
			if tt.also != nil && !errors.Is(err, tt.also) {
				t.Errorf("err = %v, want it to match %v", err, tt.also)
			}
		})
	}
	for _, mode := range []fincon.CheckoutMode{fincon.CheckoutPayment, fincon.CheckoutSetup} {
		sp, err := validCheckout(mode).StripeParams()
		if err != nil || *sp.Mode != string(mode) || *sp.PaymentMethodTypes[0] != "us_bank_account" ||
			*sp.PaymentMethodOptions.USBankAccount.VerificationMethod != "instant" || (mode == fincon.CheckoutPayment) != (len(sp.LineItems) == 1) {
			t.Errorf("%s: StripeParams = %+v, %v", mode, sp, err)
		}
	}
}

func TestBillingPaymentSettings(t *testing.T) {
	t.Parallel()
	o := fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits}
	inv, err := fincon.InvoicePaymentSettings(o)
	if err != nil || *inv.PaymentMethodTypes[0] != "us_bank_account" || *inv.PaymentMethodOptions.USBankAccount.VerificationMethod != "microdeposits" ||
		inv.PaymentMethodOptions.USBankAccount.FinancialConnections != nil {
		t.Errorf("InvoicePaymentSettings = %+v, %v", inv, err)
	}
	o = fincon.BankAccountOptions{Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Ownership),
		Prefetch: []permissions.PrefetchFeature{permissions.PrefetchOwnership}}
	sub, err := fincon.SubscriptionPaymentSettings(o)
	if err != nil || len(sub.PaymentMethodOptions.USBankAccount.FinancialConnections.Permissions) != 2 ||
		*sub.PaymentMethodOptions.USBankAccount.FinancialConnections.Prefetch[0] != "ownership" {
		t.Errorf("SubscriptionPaymentSettings = %+v, %v", sub, err)
	}
	zero, err := fincon.InvoicePaymentSettings(fincon.BankAccountOptions{})
	if err != nil || zero.PaymentMethodOptions != nil {
		t.Errorf("zero options: %+v, %v; want only the payment method type", zero, err)
	}
	bad := fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits, Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Balances)}
	if _, err := fincon.InvoicePaymentSettings(bad); !errors.Is(err, fincon.ErrInvalidParams) {
		t.Errorf("InvoicePaymentSettings(microdeposits + balances) = %v", err)
	}
	if _, err := fincon.SubscriptionPaymentSettings(fincon.BankAccountOptions{VerificationMethod: "x"}); !errors.Is(err, ach.ErrInvalidVerificationMethod) {
		t.Errorf("SubscriptionPaymentSettings(x) = %v", err)
	}
}

func TestCreateCheckoutSessionOnSimulator(t *testing.T) {
	t.Parallel()
	for _, mode := range []fincon.CheckoutMode{fincon.CheckoutPayment, fincon.CheckoutSetup} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
			ctx := t.Context()
			p := validCheckout(mode)
			p.Customer, p.IdempotencyKey = env.customer, "checkout-1"
			cs, err := env.c.CreateCheckoutSession(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if cs.Status != "open" || cs.URL == "" || cs.Mode != mode || cs.Customer != env.customer {
				t.Fatalf("session %+v", cs)
			}
			if _, err := env.c.BankAccountOf(ctx, cs.ID); !errors.Is(err, fincon.ErrNoFinancialConnectionsAccount) {
				t.Errorf("BankAccountOf(open session) = %v", err)
			}
			fca, err := env.sim.CompleteCheckoutSession(cs.ID, fctest.InstitutionSuccess)
			if err != nil {
				t.Fatal(err)
			}
			b, err := env.c.BankAccountOf(ctx, cs.ID)
			if err != nil || b.FinancialConnectionsAccount != fca || b.Collection != fincon.CollectedFinancialConnections {
				t.Fatalf("BankAccountOf(%s) = %+v, %v; want %s", cs.ID, b, err, fca)
			}
			got, err := env.c.GetCheckoutSession(ctx, cs.ID)
			if err != nil || got.Status != "complete" || (mode == fincon.CheckoutPayment) != (got.PaymentIntent != "") || (mode == fincon.CheckoutSetup) != (got.SetupIntent != "") {
				t.Fatalf("GetCheckoutSession = %+v, %v", got, err)
			}
			if mode == fincon.CheckoutSetup {
				si, err := env.c.GetSetupIntent(ctx, got.SetupIntent)
				if err != nil || si.Mandate == "" {
					t.Fatalf("setup intent of the session: %+v, %v", si, err)
				}
			}
		})
	}
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	before := len(env.sim.Requests())
	if _, err := env.c.CreateCheckoutSession(t.Context(), fincon.CheckoutSessionParams{Mode: "bogus"}); !errors.Is(err, fincon.ErrInvalidParams) {
		t.Errorf("CreateCheckoutSession(bogus) = %v", err)
	}
	if n := len(env.sim.Requests()) - before; n != 0 {
		t.Errorf("%d requests for invalid params, want 0", n)
	}
}
