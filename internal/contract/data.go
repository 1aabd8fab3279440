package contract

import (
	"context"
	"reflect"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

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
