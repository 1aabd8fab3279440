package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/transactions"
)

var update = flag.Bool("update", false, "rewrite testdata/quickstart.golden")

// runQuickstart runs the simulated flow and returns its summary and output.
func runQuickstart(t *testing.T, cfg config) (summary, string) {
	t.Helper()
	var out bytes.Buffer
	cfg.Out = &out
	sum, err := quickstart(t.Context(), cfg)
	if err != nil {
		t.Fatalf("quickstart: %v\noutput:\n%s", err, out.String())
	}
	return sum, out.String()
}

func TestQuickstartSimulatorSummary(t *testing.T) {
	t.Parallel()
	sum, _ := runQuickstart(t, config{})
	if sum.Mode != modeSimulator {
		t.Errorf("Mode = %q, want %q", sum.Mode, modeSimulator)
	}
	if !strings.HasPrefix(sum.Customer, "cus_") || !strings.HasPrefix(sum.Session, "fcsess_") {
		t.Errorf("customer %q, session %q", sum.Customer, sum.Session)
	}
	if len(sum.Accounts) != 4 || sum.Eligible != 3 {
		t.Fatalf("%d accounts, %d eligible; want 4 and 3", len(sum.Accounts), sum.Eligible)
	}

	tests := []struct {
		name        string
		eligible    bool
		reason      ach.Reason // one reason expected when not eligible
		verdict     ownership.Verdict
		nsf         balances.Verdict // "" when no NSF check is expected
		payment     fincon.PaymentStatus
		failureCode string
	}{
		{name: "Everyday Checking", eligible: true, verdict: ownership.VerdictMatch, nsf: balances.Sufficient, payment: fincon.PaymentSucceeded},
		{name: "Basic Checking", eligible: true, verdict: ownership.VerdictMatch, nsf: balances.Insufficient,
			payment: fincon.PaymentRequiresPaymentMethod, failureCode: "insufficient_funds"},
		{name: "Rewards Visa", reason: ach.ReasonUSBankAccountNotSupported},
		{name: "Joint Checking", eligible: true, verdict: ownership.VerdictNoMatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := sum.account(tt.name)
			if !ok {
				t.Fatalf("account %q not linked", tt.name)
			}
			if a.Status != fincon.StatusActive {
				t.Errorf("status %q", a.Status)
			}
			if a.Eligibility.OK() != tt.eligible {
				t.Errorf("eligible = %v, want %v (reasons %v)", a.Eligibility.OK(), tt.eligible, a.Eligibility.Reasons)
			}
			if tt.reason != "" && !a.Eligibility.Has(tt.reason) {
				t.Errorf("reasons %v lack %q", a.Eligibility.Reasons, tt.reason)
			}
			if _, ok := a.Balance.Current(balances.USD); !ok {
				t.Errorf("no USD balance")
			}
			if a.OwnerChecked != (tt.verdict != "") || a.Owner.Verdict != tt.verdict {
				t.Errorf("owner checked %v verdict %q, want %q", a.OwnerChecked, a.Owner.Verdict, tt.verdict)
			}
			if a.NSFChecked != (tt.nsf != "") || a.NSF.Verdict != tt.nsf {
				t.Errorf("nsf checked %v verdict %q, want %q", a.NSFChecked, a.NSF.Verdict, tt.nsf)
			}
			var pay *payment
			for i := range sum.Payments {
				if sum.Payments[i].Account == a.ID {
					pay = &sum.Payments[i]
				}
			}
			switch {
			case tt.payment == "" && pay != nil:
				t.Errorf("unexpected payment %+v", *pay)
			case tt.payment != "" && pay == nil:
				t.Errorf("no payment, want %q", tt.payment)
			case pay != nil:
				if pay.Status != tt.payment || pay.FailureCode != tt.failureCode {
					t.Errorf("payment %s %q code %q, want %q code %q", pay.ID, pay.Status, pay.FailureCode, tt.payment, tt.failureCode)
				}
				if pay.Amount != (balances.Money{Amount: defaultAmount, Currency: balances.USD}) {
					t.Errorf("amount %v", pay.Amount)
				}
			}
		})
	}

	if len(sum.Payments) != 2 {
		t.Errorf("%d payments, want 2", len(sum.Payments))
	}
	if sum.Transactions < 100 || sum.Insights.Counts.Added != sum.Transactions {
		t.Errorf("%d transactions listed, %d analysed", sum.Transactions, sum.Insights.Counts.Added)
	}
	p, ok := sum.Insights.NextPayday()
	if !ok || p.Cadence != transactions.Biweekly || p.Next.IsZero() {
		t.Errorf("next payday = %+v, %v; want a biweekly stream", p, ok)
	}
	w, ok := sum.Insights.Window(30)
	if !ok || w.CreditCount == 0 || w.DebitCount == 0 {
		t.Errorf("30-day window = %+v", w)
	}
	if sum.Elapsed < 4*24*3600e9 {
		t.Errorf("Elapsed = %v, want at least the 4 settlement days", sum.Elapsed)
	}
}

// TestQuickstartOutputGolden compares the whole walkthrough with
// testdata/quickstart.golden (go test -run Golden -update rewrites it) and
// checks that the key lines are there, so that a careless -update is caught.
func TestQuickstartOutputGolden(t *testing.T) {
	t.Parallel()
	_, out := runQuickstart(t, config{})
	_, again := runQuickstart(t, config{})
	if out != again {
		t.Fatalf("output differs between two runs:\n%s\n---\n%s", out, again)
	}
	for _, want := range []string{
		"embedded Stripe simulator",
		"client secret [redacted]",
		"balance +1s +1.5s",
		"Rewards Visa ****4242       not eligible: us_bank_account is not among the supported payment method types",
		"3 of 4 accounts can be debited",
		"match 100 (name 100 exact",
		"no_match",
		"sufficient (covered): need 125.00 USD",
		"insufficient (shortfall): need 125.00 USD",
		"succeeded\n",
		"failed: insufficient_funds",
		"return R01 (insufficient funds): may re-present true, stop debiting false",
		"income     ACME CORP PAYROLL PPD        biweekly",
		"(rent)",
		"next payday Fri 2025-09-12",
		"1 debit(s) succeeded, 1 returned",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	golden := filepath.Join("testdata", "quickstart.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (go test -run Golden -update rewrites it):\n%s", golden, diff(string(want), out))
	}
}

// diff shows the first differing line.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + a + "\ngot:  " + b
		}
	}
	return ""
}

func TestQuickstartSeedChangesIDs(t *testing.T) {
	t.Parallel()
	a, _ := runQuickstart(t, config{Seed: 1})
	b, _ := runQuickstart(t, config{Seed: 2})
	if a.Customer == b.Customer {
		t.Errorf("seeds 1 and 2 gave the same customer id %s", a.Customer)
	}
	if b.Eligible != 3 || len(b.Payments) != 2 {
		t.Errorf("seed 2: %d eligible, %d payments", b.Eligible, len(b.Payments))
	}
}

func TestQuickstartCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var out bytes.Buffer
	_, err := quickstart(ctx, config{Out: &out})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !strings.Contains(out.String(), "quickstart failed") {
		t.Errorf("output does not report the failure:\n%s", out.String())
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n--; w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestQuickstartOutputError(t *testing.T) {
	t.Parallel()
	_, err := quickstart(t.Context(), config{Out: &failWriter{n: 5}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the write error", err)
	}
}
