package fincon

import (
	"context"
	"fmt"
	"iter"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
)

// checkGranted re-checks a permission on a freshly fetched account.
func checkGranted(op, id string, a *Account, p permissions.Permission) error {
	if !a.Permissions.IsEmpty() && !a.Permissions.Has(p) {
		return notGranted(op, id, p)
	}
	return nil
}

// Balance returns the balance from the account's latest balance refresh
// (one request: the account). Without the balances permission it fails with
// ErrPermissionNotGranted — without a request when the client already knows
// the account's permissions. Before the first refresh it fails with ErrNoData
// (also matching balances.ErrNoBalance). For a balance no older than a given
// age, refreshed only when needed, use FreshBalance.
func (c *Client) Balance(ctx context.Context, id string) (balances.Balance, error) {
	const op = opBalance
	if err := c.guard(op, id, permissions.Balances); err != nil {
		return balances.Balance{}, err
	}
	_, a, err := c.getAccount(ctx, op, id)
	if err != nil {
		return balances.Balance{}, err
	}
	if err := checkGranted(op, id, a, permissions.Balances); err != nil {
		return balances.Balance{}, err
	}
	return balanceOf(id, a)
}

// Operation names shared by the single-account reads and the bulk reads
// (RefreshAndReadMany), whose items report their errors as these reads do.
const (
	opBalance = "get balance"
	opOwners  = "list owners"
)

// balanceOf returns the balance that came with a, the account id, or an
// *Error of Balance's operation: ErrNoData before the first balance
// refresh. Balance and RefreshAndReadMany share it.
func balanceOf(id string, a *Account) (balances.Balance, error) {
	b, err := a.Balance()
	if err != nil {
		return balances.Balance{}, &Error{Op: opBalance, ID: id, Err: err}
	}
	return b, nil
}

// Owners lists the owners found by the account's latest ownership refresh.
// It reads the account first (for the ownership id) and then the owners,
// page by page, as the sequence is ranged over. Without the ownership
// permission it yields ErrPermissionNotGranted (without a request when the
// client knows the account's permissions); before the first ownership
// refresh it yields ErrNoData. An error is always the last element. A page
// that cannot be followed (empty with has_more, or repeating an owner
// listed before) ends the listing with an *Error matching
// ErrMalformedResponse.
func (c *Client) Owners(ctx context.Context, id string) iter.Seq2[ownership.Owner, error] {
	const op = opOwners
	return func(yield func(ownership.Owner, error) bool) {
		if err := c.guard(op, id, permissions.Ownership); err != nil {
			yield(ownership.Owner{}, err)
			return
		}
		_, a, err := c.getAccount(ctx, op, id)
		if err != nil {
			yield(ownership.Owner{}, err)
			return
		}
		if err := checkGranted(op, id, a, permissions.Ownership); err != nil {
			yield(ownership.Owner{}, err)
			return
		}
		err = c.ownersOf(ctx, id, a, func(o ownership.Owner) bool { return yield(o, nil) })
		if err != nil {
			yield(ownership.Owner{}, err)
		}
	}
}

// ownersOf lists the owners of the ownership refresh that came with a, the
// account id, without reading the account again, and passes each to yield
// until it returns false. Before the first ownership refresh it fails with
// ErrNoData; see eachRow for the other errors, all *Errors of Owners'
// operation. Owners and RefreshAndReadMany share it.
func (c *Client) ownersOf(ctx context.Context, id string, a *Account, yield func(ownership.Owner) bool) error {
	sa := a.Stripe()
	if sa == nil || sa.Ownership == nil || sa.Ownership.ID == "" {
		return &Error{Op: opOwners, ID: id, Err: fmt.Errorf("%w: ownership", ErrNoData)}
	}
	lp := &stripe.FinancialConnectionsAccountListOwnersParams{Account: stripe.String(id), Ownership: stripe.String(sa.Ownership.ID)}
	return c.eachOwner(ctx, opOwners, id, lp, yield)
}

// eachOwner lists the owners lp selects and passes each to yield until it
// returns false; see eachRow for the errors.
func (c *Client) eachOwner(ctx context.Context, op, id string, lp *stripe.FinancialConnectionsAccountListOwnersParams, yield func(ownership.Owner) bool) error {
	return eachRow(op, id, func() stripe.Seq2[*stripe.FinancialConnectionsAccountOwner, error] {
		return c.sc.V1FinancialConnectionsAccounts.ListOwners(ctx, lp)
	}, ownerID, func(so *stripe.FinancialConnectionsAccountOwner) (bool, error) {
		o, err := ownership.FromStripe(so)
		if err != nil {
			return false, &Error{Op: op, ID: id, Err: err}
		}
		return yield(o), nil
	})
}
