package demo_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/demo"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/transactions"
)

var update = flag.Bool("update", false, "rewrite testdata/quickstart.golden")

// run runs the simulated flow and returns its summary and output.
func run(t *testing.T, cfg demo.Config) (demo.Summary, string) {
	t.Helper()
	var out bytes.Buffer
	cfg.Out = &out
	sum, err := demo.Run(t.Context(), cfg)
	if err != nil {
		t.Fatalf("Run: %v\noutput:\n%s", err, out.String())
	}
	return sum, out.String()
}

func TestRunSimulatorSummary(t *testing.T) {
	sum, _ := run(t, demo.Config{})
	if sum.Mode != demo.ModeSimulator {
		t.Errorf("Mode = %q, want %q", sum.Mode, demo.ModeSimulator)
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
			a, ok := sum.Account(tt.name)
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
			var pay *demo.Payment
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
				if pay.Amount != (balances.Money{Amount: demo.DefaultAmount, Currency: balances.USD}) {
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

// TestRunOutputGolden compares the whole walkthrough with
// testdata/quickstart.golden (go test -run Golden -update rewrites it) and
// checks that the key lines are there, so that a careless -update is caught.
func TestRunOutputGolden(t *testing.T) {
	_, out := run(t, demo.Config{})
	_, again := run(t, demo.Config{})
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
		"R01",
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

func TestRunSeedChangesIDs(t *testing.T) {
	a, _ := run(t, demo.Config{Seed: 1})
	b, _ := run(t, demo.Config{Seed: 2})
	if a.Customer == b.Customer {
		t.Errorf("seeds 1 and 2 gave the same customer id %s", a.Customer)
	}
	if b.Eligible != 3 || len(b.Payments) != 2 {
		t.Errorf("seed 2: %d eligible, %d payments", b.Eligible, len(b.Payments))
	}
}

// secretRE finds a client secret in a JSON response body.
var secretRE = regexp.MustCompile(`"client_secret":\s*"([^"]+)"`)

// recorder is a transport wrapper that records every exchange.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	reqs []*http.Request
	body []string // response bodies
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
	if err == nil {
		b, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if rerr != nil {
			return nil, rerr
		}
		r.body = append(r.body, string(b))
		resp.Body = io.NopCloser(bytes.NewReader(b))
	}
	return resp, err
}

func TestRunObservability(t *testing.T) {
	const key = "sk_test_observability_0123456789"
	rec := &recorder{}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, out := run(t, demo.Config{
		APIKey: key, Simulator: true, Logger: logger,
		WrapTransport: func(rt http.RoundTripper) http.RoundTripper { rec.base = rt; return rec },
	})
	if len(rec.reqs) < 30 {
		t.Fatalf("recorded %d requests, want the whole flow", len(rec.reqs))
	}
	var secret string
	for i, req := range rec.reqs {
		if got := req.Header.Get("Authorization"); got != "Bearer "+key {
			t.Fatalf("request %d: Authorization %q", i, got)
		}
		if req.URL.Host != "fctest.invalid" {
			t.Errorf("request %d went to %s", i, req.URL.Host)
		}
		if m := secretRE.FindStringSubmatch(rec.body[i]); m != nil && secret == "" {
			secret = m[1]
		}
	}
	if logs.Len() == 0 || !strings.Contains(logs.String(), "demo: session created") {
		t.Fatalf("no debug log of the flow:\n%s", logs.String())
	}
	for name, text := range map[string]string{"log": logs.String(), "output": out} {
		if strings.Contains(text, key) || strings.Contains(text, key[len("sk_test_"):]) {
			t.Errorf("%s contains the api key", name)
		}
		if secret != "" && strings.Contains(text, secret) {
			t.Errorf("%s contains the client secret", name)
		}
	}
	if secret == "" {
		t.Error("no client_secret seen in a response body")
	}
}

func TestRunRefusesKeys(t *testing.T) {
	tests := []struct {
		key       string
		simulator bool
		want      error
	}{
		{key: "sk_live_abcdef0123456789", want: demo.ErrLiveKey},
		{key: "rk_live_abcdef0123456789", want: demo.ErrLiveKey},
		{key: "sk_live_abcdef0123456789", simulator: true, want: demo.ErrLiveKey},
		{key: "pk_test_abcdef0123456789", want: demo.ErrInvalidKey},
		{key: "sk_test_", want: demo.ErrInvalidKey},
		{key: "whsec_abcdef0123456789", want: demo.ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.key[:8], func(t *testing.T) {
			rt := roundTripFunc(func(*http.Request) (*http.Response, error) {
				t.Error("a request was sent")
				return nil, errors.New("no")
			})
			var out bytes.Buffer
			_, err := demo.Run(t.Context(), demo.Config{Out: &out, APIKey: tt.key, Simulator: tt.simulator, Transport: rt})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tail := tt.key[8:]; tail != "" && (strings.Contains(err.Error(), tail) || strings.Contains(out.String(), tail)) {
				t.Errorf("key leaked: %v / %s", err, out.String())
			}
		})
	}
}

func TestCheckKey(t *testing.T) {
	tests := []struct {
		key  string
		want error
	}{
		{"sk_test_123", nil},
		{"rk_test_123", nil},
		{"sk_live_123", demo.ErrLiveKey},
		{"rk_live_123", demo.ErrLiveKey},
		{"", demo.ErrInvalidKey},
		{"sk_123", demo.ErrInvalidKey},
	}
	for _, tt := range tests {
		if err := demo.CheckKey(tt.key); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("CheckKey(%q) = %v, want %v", tt.key, err, tt.want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestRunStripeTestMode runs the server-side half with the default base URL
// and a test key, served by the simulator's in-memory transport (which
// answers whatever the host), so nothing reaches the network.
func TestRunStripeTestMode(t *testing.T) {
	const key = "sk_test_stripe_mode_0123456789"
	sim := fctest.New()
	rec := &recorder{}
	var out, logs bytes.Buffer
	sum, err := demo.Run(t.Context(), demo.Config{
		Out: &out, APIKey: key, Transport: sim.Transport(),
		Logger:        slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		WrapTransport: func(rt http.RoundTripper) http.RoundTripper { rec.base = rt; return rec },
	})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if sum.Mode != demo.ModeStripeTest || !strings.HasPrefix(sum.Customer, "cus_") || !strings.HasPrefix(sum.Session, "fcsess_") {
		t.Errorf("summary = %+v", sum)
	}
	if len(rec.reqs) != 2 {
		t.Fatalf("%d requests, want 2 (customer, session)", len(rec.reqs))
	}
	for _, req := range rec.reqs {
		if req.URL.Scheme != "https" || req.URL.Host != "api.stripe.com" {
			t.Errorf("request to %s://%s, want https://api.stripe.com", req.URL.Scheme, req.URL.Host)
		}
		if req.Header.Get("Authorization") != "Bearer "+key {
			t.Errorf("Authorization header not the key")
		}
	}
	var secret string
	for _, b := range rec.body {
		if m := secretRE.FindStringSubmatch(b); m != nil {
			secret = m[1]
		}
	}
	if secret == "" {
		t.Fatal("no client secret in the session response")
	}
	for name, text := range map[string]string{"output": out.String(), "log": logs.String()} {
		if strings.Contains(text, secret) || strings.Contains(text, key) {
			t.Errorf("%s leaks the key or the client secret:\n%s", name, text)
		}
	}
	for _, want := range []string{"Stripe test mode", sum.Session, demo.RedactSecret(secret), "collectFinancialConnectionsAccounts"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRedactSecret(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fcsess_client_secret_abcdef", "fcsess_client_secret_…"},
		{"pi_123_secret_abc", "pi_123_secret_…"},
		{"opaque", "[redacted]"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := demo.RedactSecret(tt.in); got != tt.want {
			t.Errorf("RedactSecret(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRunCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var out bytes.Buffer
	_, err := demo.Run(ctx, demo.Config{Out: &out})
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

func TestRunOutputError(t *testing.T) {
	_, err := demo.Run(t.Context(), demo.Config{Out: &failWriter{n: 5}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the write error", err)
	}
}
