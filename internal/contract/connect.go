package contract

import (
	"context"
	"errors"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
)

// ConnectState is the Connect side of a stateful backend. *fctest.Sim
// satisfies it.
type ConnectState interface {
	ConnectedAccount(id string) (*stripe.Account, bool)
	ExternalAccounts(acct string) []*stripe.BankAccount
	Requests() []fctest.RequestRecord
}

// ConnectEnv holds what the Connect calls produce and need.
type ConnectEnv struct {
	// CollectToken completes a Connect session in the browser and returns
	// the bank-account token collectBankAccountToken would. Nil for a
	// stateless backend: the calls then use Stripe's test token
	// btok_us_verified.
	CollectToken func(session string) (string, error)

	Account, Session, Token, ExternalAccount string
	// FinancialConnectionsAccount is the fca_ the token was collected
	// from ("" on a stateless backend, which lists a fixture instead).
	FinancialConnectionsAccount string
	connected                   *fincon.ConnectedAccount
}

func (e *Env) connectState() (ConnectState, bool) {
	cs, ok := e.State.(ConnectState)
	return cs, ok && e.stateful()
}

// connectCalls are the Connect payouts calls; they run after the ACH ones.
func connectCalls() []Call {
	return []Call{
		{"connect_create_account", connectCreateAccount},
		{"connect_get_account", connectGetAccount},
		{"connect_session", connectSession},
		{"connect_owner_check", connectOwnerCheck},
		{"connect_attach", connectAttach},
		{"connect_list_external", connectListExternal},
		{"connect_set_default", connectSetDefault},
		{"connect_delete_external", connectDeleteExternal},
		{"connect_stripe_account_header", connectHeader},
		{"connect_standard_refusal", connectStandard},
	}
}

func connectCreateAccount(ctx context.Context, e *Env) error {
	a, err := e.Client.CreateConnectedAccount(ctx, fincon.ConnectedAccountParams{
		Type: fincon.ConnectedAccountCustom, Country: "US", BusinessType: "individual",
		FirstName: "Jenny", LastName: "Rosen", Email: "jenny.rosen@example.com", IdempotencyKey: "contract-connect-1",
	})
	if err != nil {
		return err
	}
	if err := fincon.ValidateConnectedAccountID(a.ID); err != nil {
		return errf("created account id: %v", err)
	}
	if a.Type != fincon.ConnectedAccountCustom {
		return errf("created account type %q, want custom", a.Type)
	}
	e.Connect.Account = a.ID
	if cs, ok := e.connectState(); ok {
		raw, ok := cs.ConnectedAccount(a.ID)
		if !ok || raw.Type != stripe.AccountTypeCustom || raw.Individual == nil || raw.Individual.FirstName != "Jenny" {
			return errf("account %s not stored as a custom account of Jenny Rosen", a.ID)
		}
	}
	return nil
}

func connectGetAccount(ctx context.Context, e *Env) error {
	a, err := e.Client.GetConnectedAccount(ctx, e.Connect.Account)
	if err != nil {
		return err
	}
	if a.ID != e.Connect.Account {
		return errf("got account %s, want %s", a.ID, e.Connect.Account)
	}
	if t, ok := e.Client.ConnectedAccountType(a.ID); !ok || t != a.Type {
		return errf("type not recorded: %q %v", t, ok)
	}
	if e.stateful() && (a.Type != fincon.ConnectedAccountCustom || a.OwnerName() != "Jenny Rosen") {
		return errf("account %s: type %s owner name %q", a.ID, a.Type, a.OwnerName())
	}
	e.Connect.connected = a
	reps, err := e.Client.Representatives(ctx, a.ID)
	if err != nil {
		return err
	}
	if e.stateful() && (len(reps) != 1 || reps[0] != "Jenny Rosen") {
		return errf("representatives of %s: %q", a.ID, reps)
	}
	_, err = e.Client.GetConnectedAccount(ctx, "acct_<script>")
	if !errors.Is(err, fincon.ErrInvalidConnectedAccountID) {
		return errf("malformed account id: %v, want ErrInvalidConnectedAccountID", err)
	}
	return nil
}

func connectSession(ctx context.Context, e *Env) error {
	rec, err := permissions.Recommend(permissions.UseCaseConnectPayoutsOwnership)
	if err != nil {
		return err
	}
	s, err := e.Client.CreateSession(ctx, fincon.SessionParams{
		Holder: fincon.ConnectHolder(e.Connect.Account), Permissions: rec.Permissions, Prefetch: rec.Prefetch,
	})
	if err != nil {
		return err
	}
	if err := needPrefix("session", s.ID, "fcsess_"); err != nil {
		return err
	}
	e.Connect.Session = s.ID
	if e.stateful() && s.Holder != fincon.ConnectHolder(e.Connect.Account) {
		return errf("session holder %+v", s.Holder)
	}
	e.Connect.Token = "btok_us_verified"
	if e.Connect.CollectToken != nil {
		if e.Connect.Token, err = e.Connect.CollectToken(s.ID); err != nil {
			return err
		}
		s, err = e.Client.GetSession(ctx, s.ID)
		if err != nil {
			return err
		}
		if len(s.Accounts) != 1 || s.Accounts[0].Holder != fincon.ConnectHolder(e.Connect.Account) {
			return errf("session %s linked %d accounts", s.ID, len(s.Accounts))
		}
		e.Connect.FinancialConnectionsAccount = s.Accounts[0].ID
	}
	return needPrefix("token", e.Connect.Token, "btok_")
}

func connectOwnerCheck(ctx context.Context, e *Env) error {
	fca := e.Connect.FinancialConnectionsAccount
	if fca == "" {
		accts, err := fincon.Collect(e.Client.ListAccounts(ctx, fincon.ListAccountsParams{Holder: fincon.ConnectHolder(e.Connect.Account)}))
		if err != nil {
			return err
		}
		if len(accts) == 0 {
			return errf("no linked account for %s", e.Connect.Account)
		}
		fca = accts[0].ID
	}
	r, err := e.Client.CheckPayoutOwner(ctx, fca, e.Connect.connected)
	var pe *fincon.ParamError
	if !e.stateful() && errors.As(err, &pe) && pe.Param == "account" {
		// stripe-mock's fixture account is held by a customer: the
		// account was read and the holder check refused it.
		return nil
	}
	if err != nil {
		return err
	}
	if len(r.Owners) == 0 || r.Account != fca || r.ConnectedAccount != e.Connect.Account {
		return errf("check %+v", r)
	}
	if e.stateful() && (r.Verdict() != ownership.VerdictMatch || r.Hold()) {
		return errf("owner check of %s: %s, want match", fca, r.Result)
	}
	return nil
}

func connectAttach(ctx context.Context, e *Env) error {
	p := fincon.AttachExternalAccountParams{Token: e.Connect.Token, DefaultForCurrency: true, IdempotencyKey: "contract-attach-1"}
	ea, err := e.Client.AttachExternalAccount(ctx, e.Connect.Account, p)
	if err != nil {
		return err
	}
	if err := needPrefix("external account", ea.ID, "ba_"); err != nil {
		return err
	}
	if ea.Last4 == "" || ea.BankName == "" || !ea.Status.Valid() {
		return errf("external account %s: last4 %q bank %q status %q", ea.ID, ea.Last4, ea.BankName, ea.Status)
	}
	e.Connect.ExternalAccount = ea.ID
	if !e.stateful() {
		return nil
	}
	if !ea.DefaultForCurrency || ea.ConnectedAccount != e.Connect.Account {
		return errf("external account %s: default %v account %s", ea.ID, ea.DefaultForCurrency, ea.ConnectedAccount)
	}
	again, err := e.Client.AttachExternalAccount(ctx, e.Connect.Account, p)
	if err != nil || again.ID != ea.ID {
		return errf("retry with the same key: %v, %v; want the first external account", again, err)
	}
	p.IdempotencyKey = "contract-attach-2"
	_, err = e.Client.AttachExternalAccount(ctx, e.Connect.Account, p)
	var fe *fincon.Error
	if !errors.As(err, &fe) || fe.Code != string(stripe.ErrorCodeTokenAlreadyUsed) {
		return errf("token used twice: %v, want token_already_used", err)
	}
	cs, _ := e.connectState()
	if n := len(cs.ExternalAccounts(e.Connect.Account)); n != 1 {
		return errf("%d external accounts stored, want 1", n)
	}
	return nil
}

func connectListExternal(ctx context.Context, e *Env) error {
	list, err := fincon.Collect(e.Client.ListExternalAccounts(ctx, e.Connect.Account))
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return errf("no external accounts")
	}
	if e.stateful() && (len(list) != 1 || list[0].ID != e.Connect.ExternalAccount || !list[0].DefaultForCurrency) {
		return errf("listed %d external accounts", len(list))
	}
	got, err := e.Client.GetExternalAccount(ctx, e.Connect.Account, e.Connect.ExternalAccount)
	if err != nil {
		return err
	}
	if err := needPrefix("external account", got.ID, "ba_"); err != nil {
		return err
	}
	if e.stateful() && (got.ID != list[0].ID || got.Last4 != list[0].Last4 || got.DefaultForCurrency != list[0].DefaultForCurrency) {
		return errf("get external account %+v, listed %+v", got, list[0])
	}
	return nil
}

// connectSetDefault attaches a second bank (stateful backends), makes it
// the default and checks that the first one no longer is.
func connectSetDefault(ctx context.Context, e *Env) error {
	target := e.Connect.ExternalAccount
	if e.stateful() {
		s, err := e.Client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(e.Connect.Account), Permissions: permissions.Set{}.Add(permissions.PaymentMethod)})
		if err != nil {
			return err
		}
		tok, err := e.Connect.CollectToken(s.ID)
		if err != nil {
			return err
		}
		second, err := e.Client.AttachExternalAccount(ctx, e.Connect.Account, fincon.AttachExternalAccountParams{Token: tok, IdempotencyKey: "contract-attach-3"})
		if err != nil {
			return err
		}
		if second.DefaultForCurrency {
			return errf("second external account is the default without asking")
		}
		target = second.ID
	}
	ea, err := e.Client.SetDefaultExternalAccount(ctx, e.Connect.Account, target, fincon.ExternalAccountOptions{IdempotencyKey: "contract-default-1"})
	if err != nil {
		return err
	}
	if ea.ID == "" {
		return errf("set default answered no id")
	}
	if !e.stateful() {
		return nil
	}
	cs, _ := e.connectState()
	for _, b := range cs.ExternalAccounts(e.Connect.Account) {
		if b.DefaultForCurrency != (b.ID == target) {
			return errf("after set default, %s default=%v", b.ID, b.DefaultForCurrency)
		}
	}
	return nil
}

// connectDeleteExternal deletes the first bank, no longer the default.
func connectDeleteExternal(ctx context.Context, e *Env) error {
	if err := e.Client.DeleteExternalAccount(ctx, e.Connect.Account, e.Connect.ExternalAccount); err != nil {
		return err
	}
	if !e.stateful() {
		return nil
	}
	cs, _ := e.connectState()
	left := cs.ExternalAccounts(e.Connect.Account)
	if len(left) != 1 || left[0].ID == e.Connect.ExternalAccount {
		return errf("%d external accounts after delete", len(left))
	}
	err := e.Client.DeleteExternalAccount(ctx, e.Connect.Account, left[0].ID)
	var fe *fincon.Error
	if !errors.As(err, &fe) || fe.HTTPStatus != 400 {
		return errf("deleting the default external account: %v, want a 400", err)
	}
	return nil
}

// connectHeader creates a customer as the connected account: the request
// must carry the Stripe-Account header.
func connectHeader(ctx context.Context, e *Env) error {
	actx, err := fincon.ForConnectedAccount(ctx, e.Connect.Account)
	if err != nil {
		return err
	}
	id, err := e.Client.CreateCustomer(actx, fincon.CustomerParams{Name: "Connected Customer"})
	if err != nil {
		return err
	}
	if err := needPrefix("customer", id, "cus_"); err != nil {
		return err
	}
	cs, ok := e.connectState()
	if !ok {
		return nil
	}
	reqs := cs.Requests()
	last := reqs[len(reqs)-1]
	if last.Path != "/v1/customers" || last.StripeAccount != e.Connect.Account {
		return errf("last request %s %s for %q, want POST /v1/customers for %s", last.Method, last.Path, last.StripeAccount, e.Connect.Account)
	}
	return nil
}

// connectStandard creates a Standard account; once the client knows its
// type, a session asking for a data permission is refused without a
// request.
func connectStandard(ctx context.Context, e *Env) error {
	a, err := e.Client.CreateConnectedAccount(ctx, fincon.ConnectedAccountParams{Type: fincon.ConnectedAccountStandard, Email: "owner@example.com"})
	if err != nil {
		return err
	}
	if a.Type != fincon.ConnectedAccountStandard {
		return errf("created a %s account, want standard", a.Type)
	}
	n := -1
	if cs, ok := e.connectState(); ok {
		n = len(cs.Requests())
	}
	_, err = e.Client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.ConnectHolder(a.ID), Permissions: permissions.Set{}.Add(permissions.PaymentMethod).Add(permissions.Balances)})
	if !errors.Is(err, fincon.ErrStandardAccount) {
		return errf("balances for a standard account: %v, want ErrStandardAccount", err)
	}
	if cs, ok := e.connectState(); ok && len(cs.Requests()) != n {
		return errf("the refusal sent a request")
	}
	_, err = e.Client.AttachExternalAccount(ctx, a.ID, fincon.AttachExternalAccountParams{Token: "btok_us_verified"})
	if !errors.Is(err, fincon.ErrStandardAccount) {
		return errf("attach to a standard account: %v, want ErrStandardAccount", err)
	}
	return nil
}
