package conformance

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// builderOptions are the us_bank_account options the builders are fed.
func builderOptions(t *testing.T) fincon.BankAccountOptions {
	rec := achRecommendation(t)
	return fincon.BankAccountOptions{VerificationMethod: ach.Instant, Permissions: rec.Permissions, Prefetch: rec.Prefetch}
}

func checkoutBuilt(t *testing.T, mode fincon.CheckoutMode) *stripe.CheckoutSessionCreateParams {
	t.Helper()
	p := fincon.CheckoutSessionParams{Mode: mode, Customer: testCustomer, SuccessURL: "https://example.com/ok",
		CancelURL: "https://example.com/cancel", Options: builderOptions(t), Metadata: map[string]string{"order": "42"}}
	if mode == fincon.CheckoutPayment {
		p.Amount, p.ProductName, p.SaveForLater = balances.Money{Amount: 4900, Currency: balances.USD}, "Plan", true
	}
	return must(p.StripeParams())(t)
}

func invoiceBuilt(t *testing.T) *stripe.InvoiceCreateParams {
	t.Helper()
	return &stripe.InvoiceCreateParams{Customer: stripe.String(testCustomer),
		PaymentSettings: must(fincon.InvoicePaymentSettings(builderOptions(t)))(t)}
}

func subscriptionBuilt(t *testing.T) *stripe.SubscriptionCreateParams {
	t.Helper()
	return &stripe.SubscriptionCreateParams{Customer: stripe.String(testCustomer),
		Items:           []*stripe.SubscriptionCreateItemParams{{Price: stripe.String("price_conformance")}},
		PaymentSettings: must(fincon.SubscriptionPaymentSettings(builderOptions(t)))(t)}
}

// intentFirstBuilt is what CreateCollectPaymentIntent sends, built by the
// same options (the client's own wire format is checked by the contract
// suite; this adds the return_url).
func intentFirstBuilt(t *testing.T) *stripe.PaymentIntentCreateParams {
	o := builderOptions(t)
	if err := o.Validate(); err != nil {
		t.Fatalf("typed layer: %v", err)
	}
	return &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(4900), Currency: stripe.String(ach.Currency),
		Customer: stripe.String(testCustomer), PaymentMethodTypes: []*string{stripe.String("us_bank_account")},
		PaymentMethodOptions: &stripe.PaymentIntentCreatePaymentMethodOptionsParams{USBankAccount: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{
			VerificationMethod: o.VerificationMethod.StripeParam(),
			FinancialConnections: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: o.Permissions.StripeParams(), Prefetch: permissions.PrefetchParams(o.Prefetch...), ReturnURL: stripe.String("https://example.com/return")},
		}}}
}

// TestBuildersAccepted sends each builder's output to stripe-mock, which
// validates it against Stripe's OpenAPI specification.
func TestBuildersAccepted(t *testing.T) {
	t.Parallel()
	sc := client(t)
	ctx := t.Context()
	tests := []struct {
		name string
		send func(ctx context.Context) error
	}{
		{"checkout payment mode", func(ctx context.Context) error {
			_, err := sc.V1CheckoutSessions.Create(ctx, checkoutBuilt(t, fincon.CheckoutPayment))
			return err
		}},
		{"checkout setup mode", func(ctx context.Context) error {
			_, err := sc.V1CheckoutSessions.Create(ctx, checkoutBuilt(t, fincon.CheckoutSetup))
			return err
		}},
		{"invoice payment_settings", func(ctx context.Context) error {
			_, err := sc.V1Invoices.Create(ctx, invoiceBuilt(t))
			return err
		}},
		{"subscription payment_settings", func(ctx context.Context) error {
			_, err := sc.V1Subscriptions.Create(ctx, subscriptionBuilt(t))
			return err
		}},
		{"intent-first payment intent with return_url", func(ctx context.Context) error {
			_, err := sc.V1PaymentIntents.Create(ctx, intentFirstBuilt(t))
			return err
		}},
		{"off-session payment intent", func(ctx context.Context) error {
			_, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(4900), Currency: stripe.String(ach.Currency),
				Customer: stripe.String(testCustomer), PaymentMethodTypes: []*string{stripe.String("us_bank_account")},
				PaymentMethod: stripe.String("pm_conformance"), Mandate: stripe.String("mandate_conformance"),
				OffSession: stripe.Bool(true), Confirm: stripe.Bool(true)})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.send(ctx); err != nil {
				t.Fatalf("stripe-mock rejected params built by the typed layer: %v", err)
			}
		})
	}
}

// TestBuildersRejected: what the builders refuse to build, sent raw, is
// refused by stripe-mock too (HTTP 400 naming the parameter or the object
// holding it). Each request differs from an accepted one in that value.
func TestBuildersRejected(t *testing.T) {
	t.Parallel()
	sc := client(t)
	bogusVM := fincon.BankAccountOptions{VerificationMethod: "bogus"}
	tests := []rejectCase{
		{
			name: `checkout verification_method "bogus"`,
			typed: func() error {
				_, err := fincon.CheckoutSessionParams{Mode: fincon.CheckoutSetup, Customer: testCustomer, SuccessURL: "https://example.com/ok", Options: bogusVM}.StripeParams()
				return err
			},
			sentinel: ach.ErrInvalidVerificationMethod,
			send: func(ctx context.Context, t *testing.T) error {
				p := checkoutBuilt(t, fincon.CheckoutSetup)
				p.PaymentMethodOptions.USBankAccount.VerificationMethod = stripe.String("bogus")
				_, err := sc.V1CheckoutSessions.Create(ctx, p)
				return err
			},
			param: "verification_method",
		},
		{
			name: `checkout mode "bogus"`,
			typed: func() error {
				_, err := fincon.CheckoutSessionParams{Mode: "bogus", Customer: testCustomer, SuccessURL: "https://example.com/ok"}.StripeParams()
				return err
			},
			sentinel: fincon.ErrInvalidParams,
			send: func(ctx context.Context, t *testing.T) error {
				p := checkoutBuilt(t, fincon.CheckoutSetup)
				p.Mode = stripe.String("bogus")
				_, err := sc.V1CheckoutSessions.Create(ctx, p)
				return err
			},
			param: "mode",
		},
		{
			name:     `checkout permission "balance"`,
			typed:    func() error { _, err := permissions.ParseSet("payment_method", "balance"); return err },
			sentinel: permissions.ErrUnknown,
			send: func(ctx context.Context, t *testing.T) error {
				p := checkoutBuilt(t, fincon.CheckoutPayment)
				p.PaymentMethodOptions.USBankAccount.FinancialConnections.Permissions = []*string{stripe.String("payment_method"), stripe.String("balance")}
				_, err := sc.V1CheckoutSessions.Create(ctx, p)
				return err
			},
			param: "permissions",
		},
		{
			name:     `invoice verification_method "bogus"`,
			typed:    func() error { _, err := fincon.InvoicePaymentSettings(bogusVM); return err },
			sentinel: ach.ErrInvalidVerificationMethod,
			send: func(ctx context.Context, t *testing.T) error {
				p := invoiceBuilt(t)
				p.PaymentSettings.PaymentMethodOptions.USBankAccount.VerificationMethod = stripe.String("bogus")
				_, err := sc.V1Invoices.Create(ctx, p)
				return err
			},
			param: "us_bank_account",
		},
		{
			name:     `subscription prefetch "balance"`,
			typed:    func() error { _, err := permissions.ParsePrefetchFeature("balance"); return err },
			sentinel: permissions.ErrUnknown,
			send: func(ctx context.Context, t *testing.T) error {
				p := subscriptionBuilt(t)
				p.PaymentSettings.PaymentMethodOptions.USBankAccount.FinancialConnections.Prefetch = []*string{stripe.String("balance")}
				_, err := sc.V1Subscriptions.Create(ctx, p)
				return err
			},
			// stripe-mock names the innermost object of an anyOf.
			param: "us_bank_account",
		},
		{
			name:     `subscription verification_method "bogus"`,
			typed:    func() error { _, err := fincon.SubscriptionPaymentSettings(bogusVM); return err },
			sentinel: ach.ErrInvalidVerificationMethod,
			send: func(ctx context.Context, t *testing.T) error {
				p := subscriptionBuilt(t)
				p.PaymentSettings.PaymentMethodOptions.USBankAccount.VerificationMethod = stripe.String("bogus")
				_, err := sc.V1Subscriptions.Create(ctx, p)
				return err
			},
			param: "us_bank_account",
		},
	}
	runRejected(t, tests)
}

// rejectCase is a value the typed layer refuses to build and stripe-mock
// must refuse too.
type rejectCase struct {
	name string
	// typed tries to build the wrong value through the typed layer; it
	// must fail with an error matching sentinel.
	typed    func() error
	sentinel error
	// send sends the wrong value bypassing the typed layer.
	send func(ctx context.Context, t *testing.T) error
	// param is the parameter stripe-mock must name in its message.
	param string
}

// runRejected runs each case as a subtest: the typed layer refuses the
// value, and stripe-mock answers 400 invalid_request_error naming param.
func runRejected(t *testing.T, tests []rejectCase) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.typed(); !errors.Is(err, tc.sentinel) {
				t.Errorf("typed layer built the wrong value: error %v, want one matching %v", err, tc.sentinel)
			}
			err := tc.send(t.Context(), t)
			var se *stripe.Error
			if !errors.As(err, &se) {
				t.Fatalf("stripe-mock accepted the wrong value (error %v), want HTTP 400", err)
			}
			if se.HTTPStatusCode != http.StatusBadRequest || se.Type != stripe.ErrorTypeInvalidRequest {
				t.Errorf("status %d, type %q; want 400 %q", se.HTTPStatusCode, se.Type, stripe.ErrorTypeInvalidRequest)
			}
			if !strings.Contains(se.Msg, tc.param) {
				t.Errorf("message %q does not name %q", se.Msg, tc.param)
			}
			t.Logf("stripe-mock: %s", se.Msg)
		})
	}
}
