package fincon_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/stripe/stripe-go/v82"
)

// manualPayment creates an intent-first microdeposits PaymentIntent, has
// the customer type the account in, and confirms it.
func (e *env) manualPayment(t *testing.T) *fincon.PaymentIntent {
	t.Helper()
	ctx := t.Context()
	pi, err := e.c.CreateCollectPaymentIntent(ctx, fincon.CollectPaymentParams{
		Customer: e.customer, Amount: balances.Money{Amount: 2_000, Currency: balances.USD},
		Options: fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.CollectBankAccountManually(pi.ID); err != nil {
		t.Fatal(err)
	}
	if pi, err = e.c.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: e.debit("").Mandate}); err != nil {
		t.Fatal(err)
	}
	return pi
}

func TestVerifyPaymentIntentMicrodeposits(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	pi := env.manualPayment(t)
	a, ok := pi.Microdeposits()
	if pi.Status != fincon.PaymentRequiresAction || !ok || a.Type != fincon.MicrodepositAmounts ||
		!a.ArrivalDate.After(env.sim.Clock().Now()) || a.HostedVerificationURL.IsZero() {
		t.Fatalf("confirmed: %s %+v %v", pi.Status, a, ok)
	}
	if s := fmt.Sprintf("%v %+v", a, a); strings.Contains(s, a.HostedVerificationURL.Reveal()) {
		t.Fatalf("hosted verification URL printed: %s", s)
	}

	_, err := env.c.VerifyPaymentIntentMicrodeposits(ctx, pi.ID, fincon.MicrodepositVerification{Amounts: []int64{32, 54}})
	var fe *fincon.Error
	if !errors.Is(err, fincon.ErrMicrodepositMismatch) || !errors.As(err, new(*stripe.Error)) || !errors.As(err, &fe) ||
		fe.Code != "payment_method_microdeposit_verification_amounts_mismatch" || fe.HTTPStatus != 400 {
		t.Fatalf("wrong amounts: %v", err)
	}
	got, err := env.c.VerifyPaymentIntentMicrodeposits(ctx, pi.ID, fincon.MicrodepositVerification{
		Amounts: []int64{ach.TestMicrodepositAmount1, ach.TestMicrodepositAmount2}})
	if err != nil || got.Status != fincon.PaymentProcessing {
		t.Fatalf("right amounts: %v, %v", got, err)
	}
	if _, ok := got.Microdeposits(); ok {
		t.Fatal("verified intent still has a microdeposit action")
	}

	// The hand-entered account has no data to read: refused without a request.
	b, err := env.c.BankAccountOf(ctx, pi.ID)
	if err != nil {
		t.Fatal(err)
	}
	before := len(env.sim.Requests())
	for _, p := range []permissions.Permission{permissions.Balances, permissions.Ownership, permissions.Transactions} {
		if _, err := b.DataAccount(p); !errors.Is(err, fincon.ErrNoFinancialConnectionsAccount) || !strings.Contains(err.Error(), "hand-entered") {
			t.Errorf("DataAccount(%s) of a hand-entered account: %v", p, err)
		}
	}
	if _, err := b.DataAccount(permissions.PaymentMethod); !errors.Is(err, fincon.ErrInvalidParams) {
		t.Errorf("DataAccount(payment_method): %v", err)
	}
	if n := len(env.sim.Requests()) - before; n != 0 {
		t.Fatalf("%d requests for refused reads", n)
	}
}

func TestMicrodepositAttemptsExceeded(t *testing.T) {
	t.Parallel()
	env := setup(t, simOptions(fctest.WithMicrodepositType(fctest.MicrodepositTypeDescriptorCode)), fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	pi := env.manualPayment(t)
	if a, _ := pi.Microdeposits(); a.Type != fincon.MicrodepositDescriptorCode {
		t.Fatalf("type %q", a.Type)
	}
	wrong := fincon.MicrodepositVerification{DescriptorCode: "SM22BB"}
	for i := 1; i < fctest.MicrodepositAttempts; i++ {
		if _, err := env.c.VerifyPaymentIntentMicrodeposits(ctx, pi.ID, wrong); !errors.Is(err, fincon.ErrMicrodepositMismatch) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if _, err := env.c.VerifyPaymentIntentMicrodeposits(ctx, pi.ID, wrong); !errors.Is(err, fincon.ErrMicrodepositAttemptsExceeded) {
		t.Fatalf("last attempt: %v", err)
	}
	got, err := env.c.GetPaymentIntent(ctx, pi.ID)
	if err != nil || got.Status != fincon.PaymentRequiresPaymentMethod || got.LastErrorCode != "payment_method_microdeposit_verification_attempts_exceeded" {
		t.Fatalf("after the attempts: %+v, %v", got, err)
	}
}

func TestVerifySetupIntentMicrodeposits(t *testing.T) {
	t.Parallel()
	env := setup(t, simOptions(fctest.WithMicrodepositType(fctest.MicrodepositTypeDescriptorCode)), fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	si, err := env.c.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{Customer: env.customer,
		Options: fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.sim.CollectBankAccountManually(si.ID); err != nil {
		t.Fatal(err)
	}
	if si, err = env.c.ConfirmSetupIntent(ctx, si.ID, fincon.ConfirmParams{Mandate: env.debit("").Mandate}); err != nil {
		t.Fatal(err)
	}
	if _, ok := si.Microdeposits(); !ok || si.Status != fincon.PaymentRequiresAction {
		t.Fatalf("confirmed setup intent %s", si.Status)
	}
	got, err := env.c.VerifySetupIntentMicrodeposits(ctx, si.ID, fincon.MicrodepositVerification{DescriptorCode: ach.TestDescriptorCode})
	if err != nil || got.Status != fincon.PaymentSucceeded || got.Mandate == "" {
		t.Fatalf("verified: %+v, %v", got, err)
	}
}

// TestMicrodepositVerificationRefusedLocally: malformed reports never
// reach Stripe.
func TestMicrodepositVerificationRefusedLocally(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	before := len(env.sim.Requests())
	for _, tt := range []struct {
		id string
		v  fincon.MicrodepositVerification
	}{
		{"", fincon.MicrodepositVerification{DescriptorCode: "SM11AA"}},
		{"pi_1", fincon.MicrodepositVerification{}},
		{"pi_1", fincon.MicrodepositVerification{Amounts: []int64{32, 45}, DescriptorCode: "SM11AA"}},
		{"pi_1", fincon.MicrodepositVerification{Amounts: []int64{32}}},
		{"pi_1", fincon.MicrodepositVerification{Amounts: []int64{32, 45, 1}}},
		{"pi_1", fincon.MicrodepositVerification{Amounts: []int64{0, 45}}},
		{"pi_1", fincon.MicrodepositVerification{Amounts: []int64{32, 100}}},
		{"pi_1", fincon.MicrodepositVerification{DescriptorCode: "sm11aa"}},
		{"pi_1", fincon.MicrodepositVerification{DescriptorCode: "AB11AA"}},
		{"pi_1", fincon.MicrodepositVerification{DescriptorCode: "SM11AAA"}},
	} {
		if _, err := env.c.VerifyPaymentIntentMicrodeposits(t.Context(), tt.id, tt.v); !errors.Is(err, fincon.ErrInvalidParams) {
			t.Errorf("%q %+v: %v, want ErrInvalidParams", tt.id, tt.v, err)
		}
		if _, err := env.c.VerifySetupIntentMicrodeposits(t.Context(), strings.Replace(tt.id, "pi_", "seti_", 1), tt.v); !errors.Is(err, fincon.ErrInvalidParams) {
			t.Errorf("setup %q %+v: %v, want ErrInvalidParams", tt.id, tt.v, err)
		}
	}
	if n := len(env.sim.Requests()) - before; n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}
