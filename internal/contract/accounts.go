package contract

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

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
