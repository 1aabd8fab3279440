package fincon_test

import (
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

// TestPaymentIntentReturn: a debit the simulator returns for insufficient
// funds carries the typed return R01; one that succeeds carries none.
func TestPaymentIntentReturn(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		inst   fctest.Institution
		status fincon.PaymentStatus
		want   ach.ReturnCode
	}{
		{fctest.InstitutionInsufficientFunds, fincon.PaymentRequiresPaymentMethod, ach.R01},
		{fctest.InstitutionSuccess, fincon.PaymentSucceeded, ""},
	} {
		env := setup(t, fastRetries(), achAccount(tt.inst))
		p := env.debit("")
		p.Amount.Amount = 12_500
		pi, err := env.c.CreatePaymentIntent(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		if pi.Return != nil {
			t.Fatalf("%s: processing payment has return %v", tt.inst, pi.Return)
		}
		env.sim.Clock().Advance(7 * 24 * time.Hour)
		pi, err = env.c.GetPaymentIntent(t.Context(), pi.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pi.Status != tt.status {
			t.Fatalf("%s: status %s, want %s", tt.inst, pi.Status, tt.status)
		}
		var got ach.ReturnCode
		if pi.Return != nil {
			got = pi.Return.Code
		}
		if got != tt.want {
			t.Fatalf("%s: return %q, want %q", tt.inst, got, tt.want)
		}
		if tt.want == ach.R01 && (!pi.Return.MayRepresent() || pi.Return.StopDebits() || pi.Return.StripeCode != "insufficient_funds") {
			t.Errorf("R01 rules: %+v", pi.Return)
		}
	}
}
