package contract

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
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

func createCustomer(ctx context.Context, e *Env) error {
	id, err := e.Client.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen", Email: "jenny.rosen@example.com"})
	if err != nil {
		return err
	}
	if err := needPrefix("customer", id, "cus_"); err != nil {
		return err
	}
	e.Customer = id
	if e.stateful() {
		for _, c := range e.State.Customers() {
			if c.ID == id {
				if c.Name != "Jenny Rosen" || c.Email != "jenny.rosen@example.com" {
					return errf("customer %s stored as %q <%s>", id, c.Name, c.Email)
				}
				return nil
			}
		}
		return errf("customer %s not stored", id)
	}
	return nil
}

func createSession(ctx context.Context, e *Env) error {
	s, err := e.Client.CreateSession(ctx, fincon.SessionParams{
		Holder: fincon.CustomerHolder(e.Customer), Permissions: all,
		Prefetch:  []permissions.PrefetchFeature{permissions.PrefetchBalances},
		Countries: []string{"US"},
	})
	if err != nil {
		return err
	}
	if err := needPrefix("session", s.ID, "fcsess_"); err != nil {
		return err
	}
	if s.ClientSecret.IsZero() {
		return errf("session %s without client secret", s.ID)
	}
	if fmt.Sprint(s.ClientSecret) != "[redacted]" {
		return errf("client secret prints unredacted")
	}
	e.Session = s.ID
	if e.stateful() {
		if s.Permissions != all || s.Holder != fincon.CustomerHolder(e.Customer) || len(s.Accounts) != 0 {
			return errf("session %s: permissions %s holder %+v accounts %d", s.ID, s.Permissions, s.Holder, len(s.Accounts))
		}
	}
	return nil
}

func getSession(ctx context.Context, e *Env) error {
	s, err := e.Client.GetSession(ctx, e.Session)
	if err != nil {
		return err
	}
	if err := needPrefix("session", s.ID, "fcsess_"); err != nil {
		return err
	}
	if e.stateful() && (s.ID != e.Session || s.Permissions != all) {
		return errf("got session %s (%s), want %s (%s)", s.ID, s.Permissions, e.Session, all)
	}
	return nil
}

func listAccounts(ctx context.Context, e *Env) error {
	if e.Link != nil {
		if err := e.Link(e.Session); err != nil {
			return err
		}
	}
	bySession, err := fincon.Collect(e.Client.ListAccounts(ctx, fincon.ListAccountsParams{Session: e.Session}))
	if err != nil {
		return err
	}
	byHolder, err := fincon.Collect(e.Client.ListAccounts(ctx, fincon.ListAccountsParams{Holder: fincon.CustomerHolder(e.Customer), PageSize: 5}))
	if err != nil {
		return err
	}
	if len(bySession) == 0 || len(byHolder) == 0 {
		return errf("listed %d accounts by session, %d by holder", len(bySession), len(byHolder))
	}
	e.Account = bySession[0].ID
	if err := needPrefix("account", e.Account, "fca_"); err != nil {
		return err
	}
	if e.stateful() {
		if len(bySession) != 1 || len(byHolder) != 1 || byHolder[0].ID != e.Account {
			return errf("listed %d by session, %d by holder; want the one linked account", len(bySession), len(byHolder))
		}
		a := bySession[0]
		if a.Permissions != all || a.Status != fincon.StatusActive || a.Holder != fincon.CustomerHolder(e.Customer) {
			return errf("account %s: permissions %s status %s holder %+v", a.ID, a.Permissions, a.Status, a.Holder)
		}
	}
	return nil
}

func getAccount(ctx context.Context, e *Env) error {
	a, err := e.Client.GetAccount(ctx, e.Account)
	if err != nil {
		return err
	}
	if a.Stripe() == nil || a.Stripe().ID != a.ID {
		return errf("account %s: stripe object missing", a.ID)
	}
	if e.stateful() {
		raw, ok := e.State.Account(e.Account)
		if !ok {
			return errf("account %s not on the server", e.Account)
		}
		if a.ID != raw.ID || a.Last4 != raw.Last4 || string(a.Category) != string(raw.Category) ||
			string(a.Subcategory) != string(raw.Subcategory) || a.DisplayName != raw.DisplayName {
			return errf("account %s differs from the server's", a.ID)
		}
		if got, want := ach.Check(a.Stripe()), ach.Check(raw); !reflect.DeepEqual(got, want) || !got.OK() {
			return errf("eligibility %+v, server's %+v", got, want)
		}
		if set, err := permissions.SetFromStripe(raw.Permissions); err != nil || set != a.Permissions {
			return errf("permissions %s, server's %s (%v)", a.Permissions, set, err)
		}
	}
	return nil
}

func refresh(ctx context.Context, e *Env) error {
	features := []permissions.RefreshFeature{permissions.RefreshBalance, permissions.RefreshOwnership, permissions.RefreshTransactions}
	if e.stateful() {
		// The session prefetched the balance: wait for it so that the
		// new balance refresh is allowed (next_refresh_available_at).
		if _, err := e.Client.WaitForRefresh(ctx, e.Account, permissions.RefreshBalance); err != nil {
			return err
		}
		e.Advance(time.Hour)
	}
	a, err := e.Client.Refresh(ctx, e.Account, features...)
	if err != nil {
		return err
	}
	if a.ID != e.Account && e.stateful() {
		return errf("refresh returned account %s", a.ID)
	}
	if !e.stateful() {
		return nil
	}
	for _, f := range features {
		if st := a.Refresh(f).Status; st != fincon.RefreshPending {
			return errf("%s refresh %q right after the request, want pending", f, st)
		}
	}
	a, err = e.Client.WaitForRefresh(ctx, e.Account, features...)
	if err != nil {
		return err
	}
	for _, f := range features {
		if st := a.Refresh(f); st.Status != fincon.RefreshSucceeded || st.NextRefreshAvailableAt.IsZero() {
			return errf("%s refresh %+v after waiting, want succeeded", f, st)
		}
	}
	if a.TransactionRefresh.ID == "" {
		return errf("no transaction refresh id")
	}
	return nil
}

func balance(ctx context.Context, e *Env) error {
	b, err := e.Client.Balance(ctx, e.Account)
	if err != nil {
		return err
	}
	if _, ok := b.Current(balances.USD); !ok {
		return errf("balance without a usd current amount")
	}
	if e.stateful() {
		raw, _ := e.State.Account(e.Account)
		want, err := balances.FromStripe(raw.Balance)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(b, want) {
			return errf("balance %v, server's converted %v", b, want)
		}
		if b.Type != balances.Cash || !b.HasAvailable() || b.AsOf.IsZero() {
			return errf("balance %v: want cash with available and as_of", b)
		}
	}
	return nil
}

func owners(ctx context.Context, e *Env) error {
	os, err := fincon.Collect(e.Client.Owners(ctx, e.Account))
	if err != nil {
		return err
	}
	if len(os) == 0 {
		return errf("no owners")
	}
	if e.stateful() {
		raw, _ := e.State.Account(e.Account)
		if raw.Ownership == nil || os[0].Ownership != raw.Ownership.ID {
			return errf("owners of ownership %q, account's is %+v", os[0].Ownership, raw.Ownership)
		}
		if len(os) != 1 || os[0].Name != "Jenny Rosen" || os[0].Email != "jenny.rosen@example.com" || os[0].RefreshedAt.IsZero() {
			return errf("owners %v", os)
		}
	}
	return nil
}

func listTransactions(ctx context.Context, e *Env) error {
	rows, err := fincon.Collect(e.Client.Transactions(ctx, e.Account, fincon.TransactionListOptions{PageSize: 100}))
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errf("no transactions")
	}
	if !e.stateful() {
		return nil
	}
	if len(rows) < 100 {
		return errf("%d transactions, want a 180-day history", len(rows))
	}
	a, err := e.Client.GetAccount(ctx, e.Account)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Account != e.Account || r.TransactedAt.IsZero() || r.RefreshID == "" {
			return errf("row %s: account %s transacted %v refresh %q", r.ID, r.Account, r.TransactedAt, r.RefreshID)
		}
	}
	// Nothing changed since the latest refresh.
	after, err := fincon.Collect(e.Client.Transactions(ctx, e.Account, fincon.TransactionListOptions{AfterRefresh: a.TransactionRefresh.ID}))
	if err != nil {
		return err
	}
	if len(after) != 0 {
		return errf("%d rows after the latest refresh, want 0", len(after))
	}
	return nil
}

func subscribe(ctx context.Context, e *Env) error {
	a, err := e.Client.SubscribeTransactions(ctx, e.Account)
	if err != nil {
		return err
	}
	if e.stateful() && !a.Subscribed(permissions.SubscribeTransactions) {
		return errf("not subscribed after SubscribeTransactions: %v", a.Subscriptions)
	}
	return nil
}

func unsubscribe(ctx context.Context, e *Env) error {
	a, err := e.Client.UnsubscribeTransactions(ctx, e.Account)
	if err != nil {
		return err
	}
	if e.stateful() && a.Subscribed(permissions.SubscribeTransactions) {
		return errf("still subscribed after UnsubscribeTransactions")
	}
	return nil
}

func paymentIntent(ctx context.Context, e *Env) error {
	amount := balances.Money{Amount: 2500, Currency: balances.USD}
	pi, err := e.Client.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
		Account: e.Account, Customer: e.Customer, Amount: amount, BillingName: "Jenny Rosen",
		Description: "contract order 1",
	})
	if err != nil {
		return err
	}
	if err := needPrefix("payment intent", pi.ID, "pi_"); err != nil {
		return err
	}
	e.PaymentIntent = pi.ID
	if e.stateful() && (pi.Status != fincon.PaymentRequiresConfirmation || pi.Amount != amount || pi.Customer != e.Customer) {
		return errf("created %s: status %s amount %v customer %s", pi.ID, pi.Status, pi.Amount, pi.Customer)
	}
	pi, err = e.Client.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: e.mandate()})
	if err != nil {
		return err
	}
	if !e.stateful() {
		return nil
	}
	if pi.Status != fincon.PaymentProcessing {
		return errf("confirmed %s: status %s, want processing", pi.ID, pi.Status)
	}
	e.Advance(7 * 24 * time.Hour)
	pi, err = e.Client.GetPaymentIntent(ctx, pi.ID)
	if err != nil {
		return err
	}
	if pi.Status != fincon.PaymentSucceeded {
		return errf("%s after a week: %s (%s), want succeeded", pi.ID, pi.Status, pi.LastErrorCode)
	}
	for _, s := range e.State.PaymentIntents() {
		if s.ID == pi.ID && string(s.Status) == string(pi.Status) && s.Amount == amount.Amount {
			return nil
		}
	}
	return errf("%s not stored as succeeded", pi.ID)
}

func setupIntent(ctx context.Context, e *Env) error {
	si, err := e.Client.CreateSetupIntent(ctx, fincon.SetupIntentParams{
		Account: e.Account, Customer: e.Customer, BillingName: "Jenny Rosen",
		Confirm: true, Mandate: e.mandate(),
	})
	if err != nil {
		return err
	}
	if err := needPrefix("setup intent", si.ID, "seti_"); err != nil {
		return err
	}
	e.SetupIntent, e.PaymentMethod, e.Mandate = si.ID, si.PaymentMethod, si.Mandate
	if e.stateful() && (si.PaymentMethod == "" || si.Mandate == "") {
		return errf("setup intent %s saved payment method %q mandate %q", si.ID, si.PaymentMethod, si.Mandate)
	}
	if e.stateful() {
		if si.Status != fincon.PaymentSucceeded || si.FinancialConnectionsAccount != e.Account && si.FinancialConnectionsAccount != "" {
			return errf("setup intent %s: status %s account %q", si.ID, si.Status, si.FinancialConnectionsAccount)
		}
		if n := len(e.State.SetupIntents()); n != 1 {
			return errf("%d setup intents stored, want 1", n)
		}
	}
	return nil
}

func accountOf(ctx context.Context, e *Env) error {
	id, err := e.Client.FinancialConnectionsAccountOf(ctx, e.PaymentIntent)
	if err != nil {
		return err
	}
	if err := needPrefix("account", id, "fca_"); err != nil {
		return err
	}
	if e.stateful() && id != e.Account {
		return errf("payment intent %s funded by %s, want %s", e.PaymentIntent, id, e.Account)
	}
	// The same for the SetupIntent that saved the account.
	id, err = e.Client.FinancialConnectionsAccountOf(ctx, e.SetupIntent)
	if err != nil {
		return err
	}
	if err := needPrefix("account", id, "fca_"); err != nil {
		return err
	}
	if e.stateful() && id != e.Account {
		return errf("setup intent %s saved %s, want %s", e.SetupIntent, id, e.Account)
	}
	return nil
}

func disconnect(ctx context.Context, e *Env) error {
	a, err := e.Client.DisconnectAccount(ctx, e.Account)
	if err != nil {
		return err
	}
	if !e.stateful() {
		return nil
	}
	if a.Status != fincon.StatusDisconnected {
		return errf("status %s after disconnect", a.Status)
	}
	e.Advance(time.Hour)
	_, err = e.Client.Refresh(ctx, e.Account, permissions.RefreshBalance)
	var apiErr *fincon.Error
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 400 {
		return errf("refresh of a disconnected account: %v, want a 400", err)
	}
	return nil
}
