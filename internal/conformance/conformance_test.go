package conformance

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/internal/stripemock"
	"github.com/fcsdk/fcsdk/permissions"
)

func TestMain(m *testing.M) { stripemock.Main(m) }

const (
	testKey      = "sk_test_conformance"
	testCustomer = "cus_conformance"
	testAccount  = "fca_conformance"
)

// client returns a plain stripe-go client talking to stripe-mock, with
// stripe-go's own retries and logging off.
func client(t *testing.T) *stripe.Client {
	t.Helper()
	url := stripemock.Start(t)
	return stripe.NewClient(testKey, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:               stripe.String(url),
		HTTPClient:        &http.Client{Timeout: 10 * time.Second},
		MaxNetworkRetries: stripe.Int64(0),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
}

// must returns a function that returns v, failing the test on err: the
// typed layer must build the params of an accepted request without error.
// Use as must(f())(t).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("typed layer: %v", err)
		}
		return v
	}
}

func achRecommendation(t *testing.T) permissions.Recommendation {
	return must(permissions.Recommend(permissions.UseCaseACHDebitNSF))(t)
}

func onlineAcceptance(t *testing.T) ach.CustomerAcceptance {
	t.Helper()
	acc := ach.CustomerAcceptance{
		Type:       ach.AcceptanceOnline,
		IPAddress:  "203.0.113.7",
		UserAgent:  "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
		AcceptedAt: time.Now().Add(-time.Minute),
	}
	if err := acc.Validate(time.Now()); err != nil {
		t.Fatalf("typed layer: %v", err)
	}
	return acc
}

// achPaymentIntent builds the create-and-confirm params of an ACH Direct
// Debit from a linked account, entirely through the typed layer.
func achPaymentIntent(t *testing.T) *stripe.PaymentIntentCreateParams {
	t.Helper()
	rec := achRecommendation(t)
	amount := must(ach.ParseAmount("12.34"))(t)
	if err := ach.ValidateAmount(amount, ach.Currency); err != nil {
		t.Fatalf("typed layer: %v", err)
	}
	method := must(ach.ParseVerificationMethod("instant"))(t)
	return &stripe.PaymentIntentCreateParams{
		Amount:             stripe.Int64(amount),
		Currency:           stripe.String(ach.Currency),
		Customer:           stripe.String(testCustomer),
		Confirm:            stripe.Bool(true),
		PaymentMethodTypes: []*string{stripe.String("us_bank_account")},
		PaymentMethodData: &stripe.PaymentIntentCreatePaymentMethodDataParams{
			Type: stripe.String("us_bank_account"),
			USBankAccount: &stripe.PaymentMethodUSBankAccountParams{
				FinancialConnectionsAccount: stripe.String(testAccount),
			},
			BillingDetails: &stripe.PaymentIntentCreatePaymentMethodDataBillingDetailsParams{
				Name: stripe.String("Jenny Rosen"),
			},
		},
		PaymentMethodOptions: &stripe.PaymentIntentCreatePaymentMethodOptionsParams{
			USBankAccount: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountParams{
				VerificationMethod: method.StripeParam(),
				FinancialConnections: &stripe.PaymentIntentCreatePaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
					Permissions: rec.Permissions.StripeParams(),
					Prefetch:    permissions.PrefetchParams(rec.Prefetch...),
				},
			},
		},
		MandateData: onlineAcceptance(t).PaymentIntentCreateMandateData(),
	}
}

// sessionParams builds a session create for the ACH debit use case.
func sessionParams(t *testing.T) *stripe.FinancialConnectionsSessionCreateParams {
	t.Helper()
	rec := achRecommendation(t)
	if err := rec.Permissions.Validate(); err != nil {
		t.Fatalf("typed layer: %v", err)
	}
	if err := permissions.ValidatePrefetch(rec.Permissions, rec.Prefetch...); err != nil {
		t.Fatalf("typed layer: %v", err)
	}
	return &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{
			Type:     stripe.String("customer"),
			Customer: stripe.String(testCustomer),
		},
		Permissions: rec.Permissions.StripeParams(),
		Prefetch:    permissions.PrefetchParams(rec.Prefetch...),
	}
}

// TestAccepted sends params built by the typed layer; stripe-mock must
// accept every one.
func TestAccepted(t *testing.T) {
	t.Parallel()
	sc := client(t)
	tests := []struct {
		name string
		send func(ctx context.Context, t *testing.T) error
	}{
		{"session create, ACH debit recommendation", func(ctx context.Context, t *testing.T) error {
			_, err := sc.V1FinancialConnectionsSessions.Create(ctx, sessionParams(t))
			return err
		}},
		{"session create, every permission and prefetch", func(ctx context.Context, t *testing.T) error {
			all := must(permissions.NewSet(permissions.All()...))(t)
			var prefetch []permissions.PrefetchFeature
			for _, p := range all.Permissions() {
				if f, ok := permissions.PrefetchFeatureFor(p); ok {
					prefetch = append(prefetch, f)
				}
			}
			if err := permissions.ValidatePrefetch(all, prefetch...); err != nil {
				t.Fatalf("typed layer: %v", err)
			}
			_, err := sc.V1FinancialConnectionsSessions.Create(ctx, &stripe.FinancialConnectionsSessionCreateParams{
				AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{
					Type: stripe.String("customer"), Customer: stripe.String(testCustomer),
				},
				Permissions: all.StripeParams(),
				Prefetch:    permissions.PrefetchParams(prefetch...),
			})
			return err
		}},
		{"refresh balance", func(ctx context.Context, t *testing.T) error {
			f, ok := permissions.RefreshFeatureFor(permissions.Balances)
			if !ok {
				t.Fatal("typed layer: no refresh feature for balances")
			}
			_, err := sc.V1FinancialConnectionsAccounts.Refresh(ctx, testAccount, &stripe.FinancialConnectionsAccountRefreshParams{
				Features: permissions.RefreshParams(f),
			})
			return err
		}},
		{"refresh every feature", func(ctx context.Context, t *testing.T) error {
			_, err := sc.V1FinancialConnectionsAccounts.Refresh(ctx, testAccount, &stripe.FinancialConnectionsAccountRefreshParams{
				Features: permissions.RefreshParams(permissions.RefreshBalance, permissions.RefreshOwnership, permissions.RefreshTransactions),
			})
			return err
		}},
		{"subscribe transactions", func(ctx context.Context, t *testing.T) error {
			_, err := sc.V1FinancialConnectionsAccounts.Subscribe(ctx, testAccount, &stripe.FinancialConnectionsAccountSubscribeParams{
				Features: permissions.SubscriptionParams(permissions.SubscribeTransactions),
			})
			return err
		}},
		{"ACH PaymentIntent create and confirm", func(ctx context.Context, t *testing.T) error {
			_, err := sc.V1PaymentIntents.Create(ctx, achPaymentIntent(t))
			return err
		}},
		{"ACH PaymentIntent, offline acceptance, default verification", func(ctx context.Context, t *testing.T) error {
			p := achPaymentIntent(t)
			acc := ach.CustomerAcceptance{Type: ach.AcceptanceOffline, AcceptedAt: time.Now().Add(-time.Hour)}
			if err := acc.Validate(time.Now()); err != nil {
				t.Fatalf("typed layer: %v", err)
			}
			p.MandateData = acc.PaymentIntentCreateMandateData()
			var zero ach.VerificationMethod // Automatic
			p.PaymentMethodOptions.USBankAccount.VerificationMethod = zero.StripeParam()
			_, err := sc.V1PaymentIntents.Create(ctx, p)
			return err
		}},
		{"ACH PaymentIntent confirm", func(ctx context.Context, t *testing.T) error {
			_, err := sc.V1PaymentIntents.Confirm(ctx, "pi_conformance", &stripe.PaymentIntentConfirmParams{
				PaymentMethod: stripe.String(ach.TestPaymentMethodSuccess),
				MandateData:   onlineAcceptance(t).PaymentIntentMandateData(),
			})
			return err
		}},
		{"ACH SetupIntent create and confirm", func(ctx context.Context, t *testing.T) error {
			_, err := sc.V1SetupIntents.Create(ctx, &stripe.SetupIntentCreateParams{
				Customer:           stripe.String(testCustomer),
				Confirm:            stripe.Bool(true),
				PaymentMethod:      stripe.String(ach.TestPaymentMethodSuccess),
				PaymentMethodTypes: []*string{stripe.String("us_bank_account")},
				PaymentMethodOptions: &stripe.SetupIntentCreatePaymentMethodOptionsParams{
					USBankAccount: &stripe.SetupIntentCreatePaymentMethodOptionsUSBankAccountParams{
						VerificationMethod: ach.Microdeposits.StripeParam(),
					},
				},
				MandateData: onlineAcceptance(t).SetupIntentCreateMandateData(),
			})
			return err
		}},
		{"ACH SetupIntent confirm", func(ctx context.Context, t *testing.T) error {
			_, err := sc.V1SetupIntents.Confirm(ctx, "seti_conformance", &stripe.SetupIntentConfirmParams{
				PaymentMethod: stripe.String(ach.TestPaymentMethodSuccess),
				MandateData:   onlineAcceptance(t).SetupIntentMandateData(),
			})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.send(t.Context(), t); err != nil {
				t.Fatalf("stripe-mock rejected params built by the typed layer: %v", err)
			}
		})
	}
}

// TestRejected sends, as raw strings, the mistakes the typed layer refuses to
// build. stripe-mock must reject each with HTTP 400 naming the offending
// parameter (or the object holding it), and the typed layer must refuse the
// same value. Each request differs from one that TestAccepted shows accepted
// in that one value only, so the rejection is due to it.
func TestRejected(t *testing.T) {
	t.Parallel()
	sc := client(t)
	tests := []rejectCase{
		{
			name:     `refresh feature "balances" (the permission name)`,
			typed:    func() error { _, err := permissions.ParseRefreshFeature("balances"); return err },
			sentinel: permissions.ErrUnknown,
			send: func(ctx context.Context, t *testing.T) error {
				_, err := sc.V1FinancialConnectionsAccounts.Refresh(ctx, testAccount, &stripe.FinancialConnectionsAccountRefreshParams{
					Features: []*string{stripe.String("balances")},
				})
				return err
			},
			param: "features",
		},
		{
			name:     `session permission "balance" (the refresh feature name)`,
			typed:    func() error { _, err := permissions.ParseSet("payment_method", "balance"); return err },
			sentinel: permissions.ErrUnknown,
			send: func(ctx context.Context, t *testing.T) error {
				p := sessionParams(t)
				p.Permissions = []*string{stripe.String("payment_method"), stripe.String("balance")}
				_, err := sc.V1FinancialConnectionsSessions.Create(ctx, p)
				return err
			},
			param: "permissions",
		},
		{
			name:     `session prefetch "balance"`,
			typed:    func() error { _, err := permissions.ParsePrefetchFeature("balance"); return err },
			sentinel: permissions.ErrUnknown,
			send: func(ctx context.Context, t *testing.T) error {
				p := sessionParams(t)
				p.Prefetch = []*string{stripe.String("balance")}
				_, err := sc.V1FinancialConnectionsSessions.Create(ctx, p)
				return err
			},
			param: "prefetch",
		},
		{
			name:     "session without permissions",
			typed:    func() error { _, err := permissions.NewSet(); return err },
			sentinel: permissions.ErrEmptySet,
			send: func(ctx context.Context, t *testing.T) error {
				p := sessionParams(t)
				p.Permissions, p.Prefetch = nil, nil
				_, err := sc.V1FinancialConnectionsSessions.Create(ctx, p)
				return err
			},
			param: "permissions",
		},
		{
			name:     `subscribe feature "balance" (only transactions can be subscribed)`,
			typed:    func() error { _, err := permissions.ParseSubscriptionFeature("balance"); return err },
			sentinel: permissions.ErrUnknown,
			send: func(ctx context.Context, t *testing.T) error {
				_, err := sc.V1FinancialConnectionsAccounts.Subscribe(ctx, testAccount, &stripe.FinancialConnectionsAccountSubscribeParams{
					Features: []*string{stripe.String("balance")},
				})
				return err
			},
			param: "features",
		},
		{
			name:     `verification_method "bogus"`,
			typed:    func() error { _, err := ach.ParseVerificationMethod("bogus"); return err },
			sentinel: ach.ErrInvalidVerificationMethod,
			send: func(ctx context.Context, t *testing.T) error {
				p := achPaymentIntent(t)
				p.PaymentMethodOptions.USBankAccount.VerificationMethod = stripe.String("bogus")
				_, err := sc.V1PaymentIntents.Create(ctx, p)
				return err
			},
			// stripe-mock names the innermost object of an anyOf.
			param: "us_bank_account",
		},
		{
			name: `customer_acceptance type "bogus"`,
			typed: func() error {
				return ach.CustomerAcceptance{Type: "bogus", AcceptedAt: time.Now()}.Validate(time.Now())
			},
			sentinel: ach.ErrInvalidAcceptance,
			send: func(ctx context.Context, t *testing.T) error {
				p := achPaymentIntent(t)
				p.MandateData.CustomerAcceptance.Type = stripe.String("bogus")
				_, err := sc.V1PaymentIntents.Create(ctx, p)
				return err
			},
			param: "mandate_data",
		},
		{
			name: "customer_acceptance without type",
			typed: func() error {
				return ach.CustomerAcceptance{IPAddress: "203.0.113.7", UserAgent: "curl/8", AcceptedAt: time.Now()}.Validate(time.Now())
			},
			sentinel: ach.ErrInvalidAcceptance,
			send: func(ctx context.Context, t *testing.T) error {
				p := achPaymentIntent(t)
				p.MandateData.CustomerAcceptance.Type = nil
				_, err := sc.V1PaymentIntents.Create(ctx, p)
				return err
			},
			param: "mandate_data",
		},
	}
	runRejected(t, tests)
}
