package contract

import (
	"context"
	"errors"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
)

var microdepositOptions = fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits}

// testAmounts are Stripe's test microdeposit amounts, which verify.
var testAmounts = fincon.MicrodepositVerification{Amounts: []int64{ach.TestMicrodepositAmount1, ach.TestMicrodepositAmount2}}

// cancelPaymentIntent cancels an intent-first PaymentIntent with a reason.
func cancelPaymentIntent(ctx context.Context, e *Env) error {
	pi, err := e.Client.CreateCollectPaymentIntent(ctx, fincon.CollectPaymentParams{
		Customer: e.Customer, Amount: balances.Money{Amount: 1500, Currency: balances.USD}})
	if err != nil {
		return err
	}
	got, err := e.Client.CancelPaymentIntent(ctx, pi.ID, fincon.CancelRequestedByCustomer)
	if err != nil {
		return err
	}
	if err := needPrefix("payment intent", got.ID, "pi_"); err != nil {
		return err
	}
	if e.stateful() && (got.ID != pi.ID || got.Status != fincon.PaymentCanceled || got.CancellationReason() != fincon.CancelRequestedByCustomer) {
		return errf("canceled %s: %s %q", got.ID, got.Status, got.CancellationReason())
	}
	return nil
}

// cancelSetupIntent cancels an intent-first SetupIntent with a reason.
func cancelSetupIntent(ctx context.Context, e *Env) error {
	si, err := e.Client.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{Customer: e.Customer})
	if err != nil {
		return err
	}
	got, err := e.Client.CancelSetupIntent(ctx, si.ID, fincon.CancelAbandoned)
	if err != nil {
		return err
	}
	if err := needPrefix("setup intent", got.ID, "seti_"); err != nil {
		return err
	}
	if e.stateful() && (got.ID != si.ID || got.Status != fincon.PaymentCanceled || got.CancellationReason() != fincon.CancelAbandoned) {
		return errf("canceled %s: %s %q", got.ID, got.Status, got.CancellationReason())
	}
	return nil
}

// microdepositsPaymentIntent: a PaymentIntent paid from a hand-entered
// account waits for microdeposits; a wrong amount is refused, the test
// amounts verify it and the debit goes ahead.
func microdepositsPaymentIntent(ctx context.Context, e *Env) error {
	pi, err := e.Client.CreateCollectPaymentIntent(ctx, fincon.CollectPaymentParams{
		Customer: e.Customer, Amount: balances.Money{Amount: 3100, Currency: balances.USD}, Options: microdepositOptions})
	if err != nil {
		return err
	}
	if e.stateful() {
		if err := e.CollectManually(pi.ID); err != nil {
			return err
		}
		if pi, err = e.Client.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: e.mandate()}); err != nil {
			return err
		}
		if a, ok := pi.Microdeposits(); !ok || pi.Status != fincon.PaymentRequiresAction || a.Type != fincon.MicrodepositAmounts {
			return errf("confirmed %s from a hand-entered account: %s, action %+v", pi.ID, pi.Status, a)
		}
		wrong := fincon.MicrodepositVerification{Amounts: []int64{ach.TestMicrodepositAmount1, ach.TestMicrodepositAmount1}}
		if _, err := e.Client.VerifyPaymentIntentMicrodeposits(ctx, pi.ID, wrong); !errors.Is(err, fincon.ErrMicrodepositMismatch) {
			return errf("wrong amounts: %v, want ErrMicrodepositMismatch", err)
		}
	}
	got, err := e.Client.VerifyPaymentIntentMicrodeposits(ctx, pi.ID, testAmounts)
	if err != nil {
		return err
	}
	if err := needPrefix("payment intent", got.ID, "pi_"); err != nil {
		return err
	}
	if e.stateful() && (got.ID != pi.ID || got.Status != fincon.PaymentProcessing) {
		return errf("verified %s: %s, want processing", got.ID, got.Status)
	}
	return nil
}

// microdepositsSetupIntent: a SetupIntent from a hand-entered account
// succeeds once the test amounts verify it.
func microdepositsSetupIntent(ctx context.Context, e *Env) error {
	si, err := e.Client.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{Customer: e.Customer, Options: microdepositOptions})
	if err != nil {
		return err
	}
	if e.stateful() {
		if err := e.CollectManually(si.ID); err != nil {
			return err
		}
		if si, err = e.Client.ConfirmSetupIntent(ctx, si.ID, fincon.ConfirmParams{Mandate: e.mandate()}); err != nil {
			return err
		}
		if _, ok := si.Microdeposits(); !ok || si.Status != fincon.PaymentRequiresAction {
			return errf("confirmed %s from a hand-entered account: %s", si.ID, si.Status)
		}
	}
	got, err := e.Client.VerifySetupIntentMicrodeposits(ctx, si.ID, testAmounts)
	if err != nil {
		return err
	}
	if err := needPrefix("setup intent", got.ID, "seti_"); err != nil {
		return err
	}
	if e.stateful() && (got.ID != si.ID || got.Status != fincon.PaymentSucceeded || got.Mandate == "") {
		return errf("verified %s: %s mandate %q, want succeeded with a mandate", got.ID, got.Status, got.Mandate)
	}
	return nil
}
