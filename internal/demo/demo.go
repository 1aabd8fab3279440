package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/transactions"
)

// SimulatorKey is the API key the flow uses on the embedded simulator when
// Config.APIKey is empty. The simulator accepts any sk_test_ key.
const SimulatorKey = "sk_test_fcsdk_quickstart_simulator"

// DefaultAmount is the ACH debit of the simulated flow, in cents: 125.00 USD.
const DefaultAmount int64 = 12500

// Errors returned by Run before any request is sent. They never contain the
// key.
var (
	// ErrLiveKey: the key is a live-mode key (sk_live_, rk_live_). The
	// quickstart creates real objects; it refuses to run in live mode.
	ErrLiveKey = errors.New("demo: refusing a live-mode api key: the quickstart only runs in test mode " +
		"(set STRIPE_SECRET_KEY to an sk_test_ key, or unset it to run on the embedded simulator)")
	// ErrInvalidKey: the key is not a Stripe test-mode secret or restricted
	// key (sk_test_, rk_test_).
	ErrInvalidKey = errors.New("demo: api key is not a stripe test-mode key (expected sk_test_… or rk_test_…)")
)

// Mode says which backend a run used.
type Mode string

// Modes.
const (
	// ModeSimulator: the embedded fctest simulator, the whole flow.
	ModeSimulator Mode = "simulator"
	// ModeStripeTest: Stripe test mode, the server-side half only.
	ModeStripeTest Mode = "stripe-test"
)

// Config configures Run. The zero value runs the simulated flow silently
// (output discarded).
type Config struct {
	// Out receives the human-readable walkthrough; nil discards it.
	Out io.Writer
	// Logger receives the client's debug log of every HTTP attempt
	// (fincon.WithLogger) and the flow's own steps at debug level. nil is
	// silent.
	Logger *slog.Logger
	// APIKey selects the backend: empty runs on the embedded simulator;
	// an sk_test_ or rk_test_ key runs the server-side half against Stripe
	// test mode; live keys fail with ErrLiveKey and anything else with
	// ErrInvalidKey, before any request.
	APIKey string
	// Simulator forces the embedded simulator even when APIKey is set; the
	// key (which must then be a test key) authenticates to the simulator.
	// Tests use it to check that a known key never reaches a log line.
	Simulator bool
	// Seed seeds the simulator's identifiers and transaction histories;
	// zero means fctest.DefaultSeed.
	Seed uint64
	// Amount is the ACH debit in cents; zero means DefaultAmount.
	Amount int64
	// BaseURL overrides the API base URL in Stripe test mode (default
	// https://api.stripe.com). Ignored on the simulator.
	BaseURL string
	// Transport is the base HTTP transport in Stripe test mode (default
	// http.DefaultTransport). Ignored on the simulator, whose in-memory
	// transport is always the base.
	Transport http.RoundTripper
	// WrapTransport, when set, wraps the base transport (the simulator's
	// or Transport), below the client's retries and rate limiting, so it
	// sees every HTTP attempt: for instance a recording transport.
	WrapTransport func(http.RoundTripper) http.RoundTripper
}

// Summary is what a run did, for tests and callers that want more than the
// printed walkthrough. In Stripe test mode only Mode, Customer and Session
// are set.
type Summary struct {
	Mode     Mode
	Customer string
	Session  string
	// Accounts are the linked accounts, in linking order.
	Accounts []AccountReport
	// Eligible counts the accounts that can be debited via ACH.
	Eligible int
	// Payments are the ACH debits made, in order, with their final status.
	Payments []Payment
	// Insights is the cash-flow report of the main checking account, built
	// from Transactions rows (of which Pending were pending).
	Insights     transactions.Report
	Transactions int
	Pending      int
	// Elapsed is the simulated time the flow took.
	Elapsed time.Duration
}

// AccountReport is one linked account as the flow saw it.
type AccountReport struct {
	ID          string
	Institution string
	DisplayName string
	Last4       string
	Category    fincon.Category
	Subcategory fincon.Subcategory
	Status      fincon.AccountStatus
	// Balance is the account's balance; zero when it has none.
	Balance balances.Balance
	// Eligibility is the result of ach.Check.
	Eligibility ach.Eligibility
	// Owner is the result of matching the owners against the customer
	// record; set only when OwnerChecked.
	Owner        ownership.Result
	OwnerChecked bool
	// NSF is the pre-debit balance check; set only when NSFChecked.
	NSF        balances.Sufficiency
	NSFChecked bool
}

// Payment is one ACH debit.
type Payment struct {
	ID      string
	Account string
	Amount  balances.Money
	// Status is the final status (succeeded, or requires_payment_method
	// after a return).
	Status fincon.PaymentStatus
	// FailureCode is Stripe's last_payment_error code, e.g.
	// insufficient_funds (R01).
	FailureCode    string
	FailureMessage string
}

// Account returns the report of the linked account with the given display
// name, or false.
func (s Summary) Account(displayName string) (AccountReport, bool) {
	for _, a := range s.Accounts {
		if a.DisplayName == displayName {
			return a, true
		}
	}
	return AccountReport{}, false
}

// CheckKey reports whether key may be used by the quickstart: nil for
// Stripe test-mode keys (sk_test_, rk_test_), ErrLiveKey for live keys,
// ErrInvalidKey otherwise. The error never contains the key.
func CheckKey(key string) error {
	switch {
	case strings.HasPrefix(key, "sk_test_") && len(key) > len("sk_test_"),
		strings.HasPrefix(key, "rk_test_") && len(key) > len("rk_test_"):
		return nil
	case strings.HasPrefix(key, "sk_live_"), strings.HasPrefix(key, "rk_live_"):
		return ErrLiveKey
	default:
		return ErrInvalidKey
	}
}

// Run runs the quickstart flow described in the package documentation and
// returns what it did. It fails on the first error, after printing what it
// had done; errors never contain the API key or a client secret.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Amount == 0 {
		cfg.Amount = DefaultAmount
	}
	if cfg.Amount < 0 {
		return Summary{}, fmt.Errorf("demo: amount %d: %w", cfg.Amount, ach.ErrInvalidAmount)
	}
	if cfg.APIKey == "" || cfg.Simulator {
		key := cfg.APIKey
		if key == "" {
			key = SimulatorKey
		}
		if err := CheckKey(key); err != nil {
			return Summary{Mode: ModeSimulator}, err
		}
		return runSimulator(ctx, cfg, key)
	}
	if err := CheckKey(cfg.APIKey); err != nil {
		return Summary{Mode: ModeStripeTest}, err
	}
	return runStripe(ctx, cfg)
}

// printer writes the walkthrough and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

// progressClock is the client's clock: it delegates to the simulated clock
// and prints each pause of a refresh wait, so the output shows the polling.
type progressClock struct {
	fincon.Clock
	p *printer
}

func (c *progressClock) Sleep(ctx context.Context, d time.Duration) error {
	c.p.printf(" +%s", d)
	return c.Clock.Sleep(ctx, d)
}

// customerName and friends are the customer's own record, which the
// account owners are matched against.
const (
	customerName  = "Jenny Rosen"
	customerEmail = "jenny.rosen@example.com"
	customerPhone = "(555) 555-0123"
)

var customerAddress = ownership.Address{
	Line1: "510 Townsend Street", City: "San Francisco", State: "CA", PostalCode: "94103-4917", Country: "US",
}

// label names an account for the walkthrough: display name and last four
// digits, padded to a column.
func label(a *AccountReport) string {
	return fmt.Sprintf("%-26s", a.DisplayName+" ****"+a.Last4)
}

func day(t time.Time) string { return t.Format("Mon 2006-01-02") }
