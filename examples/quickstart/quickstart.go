package main

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

// simulatorKey is the API key the flow uses on the embedded simulator when
// config.APIKey is empty. The simulator accepts any sk_test_ key.
const simulatorKey = "sk_test_fcsdk_quickstart_simulator"

// defaultAmount is the ACH debit of the simulated flow, in cents: 125.00 USD.
const defaultAmount int64 = 12500

// Errors returned by quickstart before any request is sent. They never
// contain the key.
var (
	// errLiveKey: the key is a live-mode key (sk_live_, rk_live_). The
	// quickstart creates real objects; it refuses to run in live mode.
	errLiveKey = errors.New("refusing a live-mode api key: the quickstart only runs in test mode " +
		"(set STRIPE_SECRET_KEY to an sk_test_ key, or unset it to run on the embedded simulator)")
	// errInvalidKey: the key is not a Stripe test-mode secret or restricted
	// key (sk_test_, rk_test_).
	errInvalidKey = errors.New("api key is not a stripe test-mode key (expected sk_test_… or rk_test_…)")
	// errPublishableKey: the key is a publishable key (pk_test_, pk_live_),
	// which the browser uses and which cannot call the API.
	errPublishableKey = errors.New("STRIPE_SECRET_KEY holds a publishable key (pk_…), which cannot call the API: " +
		"use the secret key (sk_test_…) from the Dashboard, Developers → API keys → Secret key")
	// errSeedWithKey: -seed was given while STRIPE_SECRET_KEY selects
	// Stripe test mode, where it has no effect.
	errSeedWithKey = errors.New("-seed seeds the embedded simulator, which is not used when STRIPE_SECRET_KEY is set: " +
		"unset STRIPE_SECRET_KEY to run the simulator, or drop -seed")
)

// mode says which backend a run used.
type mode string

const (
	// modeSimulator: the embedded fctest simulator, the whole flow.
	modeSimulator mode = "simulator"
	// modeStripeTest: Stripe test mode, the server-side half only.
	modeStripeTest mode = "stripe-test"
)

// config configures quickstart. The zero value runs the simulated flow
// silently (output discarded).
type config struct {
	// Out receives the human-readable walkthrough; nil discards it.
	Out io.Writer
	// Logger receives the client's debug log of every HTTP attempt
	// (fincon.WithLogger) and the flow's own steps at debug level. nil is
	// silent.
	Logger *slog.Logger
	// APIKey selects the backend: empty runs on the embedded simulator;
	// an sk_test_ or rk_test_ key runs the server-side half against Stripe
	// test mode; live keys fail with errLiveKey and anything else with
	// errInvalidKey, before any request.
	APIKey string
	// Simulator forces the embedded simulator even when APIKey is set; the
	// key (which must then be a test key) authenticates to the simulator.
	// Tests use it to check that a known key never reaches a log line.
	Simulator bool
	// Seed seeds the simulator's identifiers and transaction histories;
	// zero means fctest.DefaultSeed.
	Seed uint64
	// Amount is the ACH debit in cents; zero means defaultAmount.
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

// summary is what a run did, for tests that want more than the printed
// walkthrough. In Stripe test mode only Mode, Customer and Session are set.
type summary struct {
	Mode     mode
	Customer string
	Session  string
	// Accounts are the linked accounts, in linking order.
	Accounts []accountReport
	// Eligible counts the accounts that can be debited via ACH.
	Eligible int
	// Payments are the ACH debits made, in order, with their final status.
	Payments []payment
	// Insights is the cash-flow report of the main checking account, built
	// from Transactions rows (of which Pending were pending).
	Insights     transactions.Report
	Transactions int
	Pending      int
	// Elapsed is the simulated time the flow took.
	Elapsed time.Duration
}

// accountReport is one linked account as the flow saw it.
type accountReport struct {
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

// payment is one ACH debit.
type payment struct {
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
	// Return is the typed ACH return code of a returned debit (ach.R01 for
	// insufficient_funds); "" when the debit was not returned.
	Return ach.ReturnCode
}

// account returns the report of the linked account with the given display
// name, or false.
func (s summary) account(displayName string) (accountReport, bool) {
	for _, a := range s.Accounts {
		if a.DisplayName == displayName {
			return a, true
		}
	}
	return accountReport{}, false
}

// checkKey reports whether key may be used by the quickstart: nil for
// Stripe test-mode keys (sk_test_, rk_test_), errLiveKey for live keys,
// errPublishableKey for publishable keys, errInvalidKey otherwise. The
// error never contains the key.
func checkKey(key string) error {
	switch {
	case strings.HasPrefix(key, "sk_test_") && len(key) > len("sk_test_"),
		strings.HasPrefix(key, "rk_test_") && len(key) > len("rk_test_"):
		return nil
	case strings.HasPrefix(key, "sk_live_"), strings.HasPrefix(key, "rk_live_"):
		return errLiveKey
	case strings.HasPrefix(key, "pk_"):
		return errPublishableKey
	default:
		return errInvalidKey
	}
}

// quickstart runs the quickstart described in the package documentation
// and returns what it did: the whole flow on the embedded simulator
// (simulator.go, flow.go) or its server-side half in Stripe test mode
// (testmode.go). It fails on the first error, after printing what it had
// done; errors never contain the API key or a client secret.
func quickstart(ctx context.Context, cfg config) (summary, error) {
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Amount == 0 {
		cfg.Amount = defaultAmount
	}
	if cfg.Amount < 0 {
		return summary{}, fmt.Errorf("amount %d: %w", cfg.Amount, ach.ErrInvalidAmount)
	}
	if cfg.APIKey == "" || cfg.Simulator {
		key := cfg.APIKey
		if key == "" {
			key = simulatorKey
		}
		if err := checkKey(key); err != nil {
			return summary{Mode: modeSimulator}, err
		}
		return runSimulator(ctx, cfg, key)
	}
	if err := checkKey(cfg.APIKey); err != nil {
		return summary{Mode: modeStripeTest}, err
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
