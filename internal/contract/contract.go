package contract

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// State is the server-side view of a stateful backend. *fctest.Sim
// satisfies it.
type State interface {
	Account(id string) (*stripe.FinancialConnectionsAccount, bool)
	Customers() []*stripe.Customer
	PaymentIntents() []*stripe.PaymentIntent
	SetupIntents() []*stripe.SetupIntent
}

// Env is the backend a suite runs against and the ids the calls produced.
// Calls fill in Customer, Session, Account and PaymentIntent as they go.
type Env struct {
	// Name names the backend in subtests.
	Name string
	// Client is the client under test.
	Client *fincon.Client
	// State is nil for a stateless backend.
	State State
	// Link completes the browser half of the session's flow, linking one
	// ACH-eligible checking account. Stateless backends need nothing and
	// leave it nil: their list answers carry a fixture account.
	Link func(session string) error
	// Advance moves simulated time (ACH settlement); nil when the backend
	// has no clock.
	Advance func(d time.Duration)
	// Now is the backend's time, for the mandate's acceptance time.
	Now func() time.Time
	// Collect completes the browser half of an intent-first flow
	// (collectBankAccountForPayment/Setup), linking an ACH-eligible
	// checking account; nil for stateless backends.
	Collect func(intent string) error
	// CollectManually completes an intent-first flow by hand entry of the
	// account and routing numbers (verified with microdeposits); nil for
	// stateless backends.
	CollectManually func(intent string) error

	Customer, Session, Account, PaymentIntent string
	// SetupIntent, PaymentMethod and Mandate are the saved account's.
	SetupIntent, PaymentMethod, Mandate string
	// CollectIntent is the intent-first PaymentIntent.
	CollectIntent string
	// CheckoutSession is the setup-mode Checkout Session.
	CheckoutSession string
	// CompleteCheckout completes a Checkout Session as the customer would
	// on the hosted page; nil for stateless backends.
	CompleteCheckout func(session string) error
	// Connect is the state of the Connect payouts calls.
	Connect ConnectEnv
}

// Call is one entry of the suite.
type Call struct {
	// Name is the subtest name.
	Name string
	// Run makes the call and checks its result; on a stateful backend it
	// also checks the state. It returns a descriptive error.
	Run func(ctx context.Context, e *Env) error
}

// all is the permission set the suite's sessions ask for.
var all = permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Balances).
	Add(permissions.Ownership).Add(permissions.Transactions)

func (e *Env) stateful() bool { return e.State != nil }

func (e *Env) mandate() *ach.CustomerAcceptance {
	return &ach.CustomerAcceptance{
		Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7", UserAgent: "fcsdk-contract/1",
		AcceptedAt: e.Now().Add(-time.Minute),
	}
}

func errf(format string, args ...any) error { return fmt.Errorf("contract: "+format, args...) }

func needPrefix(what, id, prefix string) error {
	if !strings.HasPrefix(id, prefix) {
		return errf("%s id %q lacks prefix %s", what, id, prefix)
	}
	return nil
}

// Calls returns the suite, in the order it must run: later calls use the
// ids earlier ones stored in the Env.
func Calls() []Call {
	return append([]Call{
		{"create_customer", createCustomer},
		{"create_session", createSession},
		{"get_session", getSession},
		{"list_accounts", listAccounts},
		{"get_account", getAccount},
		{"refresh", refresh},
		{"balance", balance},
		{"owners", owners},
		{"transactions", listTransactions},
		{"subscribe", subscribe},
		{"unsubscribe", unsubscribe},
		{"payment_intent", paymentIntent},
		{"setup_intent", setupIntent},
		{"get_setup_intent", getSetupIntent},
		{"get_mandate", getMandate},
		{"get_payment_method", getPaymentMethod},
		{"list_payment_methods", listPaymentMethods},
		{"check_saved_payment_method", checkSaved},
		{"off_session_payment_intent", offSessionPaymentIntent},
		{"collect_payment_intent", collectPaymentIntent},
		{"collect_setup_intent", collectSetupIntent},
		{"bank_account_of", bankAccountOf},
		{"create_checkout_session", createCheckoutSession},
		{"get_checkout_session", getCheckoutSession},
		{"financial_connections_account_of", accountOf},
		{"refund", refund},
		{"cancel_payment_intent", cancelPaymentIntent},
		{"cancel_setup_intent", cancelSetupIntent},
		{"microdeposits_payment_intent", microdepositsPaymentIntent},
		{"microdeposits_setup_intent", microdepositsSetupIntent},
		{"disconnect", disconnect},
	}, connectCalls()...)
}
