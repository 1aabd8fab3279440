package fincon

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/permissions"
)

func checkFeatures(op, id string, features []permissions.RefreshFeature) error {
	if id == "" {
		return paramErr(op, "", "id", "empty account id", nil)
	}
	if len(features) == 0 {
		return paramErr(op, id, "features", "at least one refresh feature is required", nil)
	}
	for _, f := range features {
		if !f.Valid() {
			return paramErr(op, id, "features", fmt.Sprintf("unknown refresh feature %q", string(f)), nil)
		}
	}
	return nil
}

// Refresh asks Stripe to fetch fresh data for the given features
// (permissions.RefreshBalance, RefreshOwnership, RefreshTransactions) and
// returns the account, whose refresh states are then usually pending.
//
// When the client knows the account's permissions and they lack one a
// feature needs, Refresh fails with ErrPermissionNotGranted without a
// request. When Stripe did not start a requested refresh because the last
// one is too recent, Refresh fails with a *RefreshNotAvailableError saying
// from when it can (the other features' refreshes may have started).
func (c *Client) Refresh(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error) {
	const op = "refresh account"
	if err := checkFeatures(op, id, features); err != nil {
		return nil, err
	}
	for _, f := range features {
		if err := c.guard(op, id, f.Permission()); err != nil {
			return nil, err
		}
	}
	p := &stripe.FinancialConnectionsAccountRefreshParams{Features: permissions.RefreshParams(features...)}
	p.Context = ctx
	sa, err := c.sc.V1FinancialConnectionsAccounts.Refresh(ctx, id, p)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	a := c.seen(sa)
	now := c.clock.Now()
	for _, f := range features {
		st := a.Refresh(f)
		if st.Status != RefreshPending && st.NextRefreshAvailableAt.After(now) {
			return nil, &Error{Op: op, ID: id, Err: &RefreshNotAvailableError{Account: id, Feature: f, Until: st.NextRefreshAvailableAt}}
		}
	}
	return a, nil
}

// WaitForRefresh polls the account until none of the features' refreshes
// is pending, sleeping on the client's Clock between polls (starting at the
// WithRefreshPolling interval and growing by half up to its maximum), and
// returns the account. It returns early with the context's error, with a
// *RefreshFailedError (ErrRefreshFailed) for a failed refresh, which tells
// when the next refresh may start, or with ErrNoRefresh for a feature that
// was never refreshed.
func (c *Client) WaitForRefresh(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error) {
	const op = "wait for refresh"
	if err := checkFeatures(op, id, features); err != nil {
		return nil, err
	}
	interval := c.pollFirst
	for {
		_, a, err := c.getAccount(ctx, op, id)
		if err != nil {
			return nil, err
		}
		pending := false
		for _, f := range features {
			switch st := a.Refresh(f); st.Status {
			case RefreshNone:
				return nil, &Error{Op: op, ID: id, Err: fmt.Errorf("%w: %s", ErrNoRefresh, f)}
			case RefreshFailed:
				return nil, &Error{Op: op, ID: id, Err: &RefreshFailedError{Account: id, Feature: f, NextAvailable: st.NextRefreshAvailableAt}}
			case RefreshPending:
				pending = true
			}
		}
		if !pending {
			return a, nil
		}
		if err := c.clock.Sleep(ctx, interval); err != nil {
			return nil, wrapErr(op, id, err)
		}
		interval = min(interval+interval/2, c.pollMax)
	}
}

// RefreshAndWait starts the refreshes and waits for them to finish; see
// Refresh and WaitForRefresh for the errors. It does not wait out a
// *RefreshNotAvailableError: the caller decides whether data as of the last
// refresh is good enough or whether to retry after Until.
func (c *Client) RefreshAndWait(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error) {
	a, err := c.Refresh(ctx, id, features...)
	if err != nil {
		return nil, err
	}
	done := true
	for _, f := range features {
		if a.Refresh(f).Status == RefreshPending {
			done = false
		}
	}
	if done {
		// Finished (or failed) before the answer came back.
		for _, f := range features {
			if st := a.Refresh(f); st.Status == RefreshFailed {
				return nil, &Error{Op: "wait for refresh", ID: id, Err: &RefreshFailedError{Account: id, Feature: f, NextAvailable: st.NextRefreshAvailableAt}}
			}
		}
		return a, nil
	}
	return c.WaitForRefresh(ctx, id, features...)
}
