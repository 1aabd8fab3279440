package fincon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/permissions"
)

func checkFeatures(op, id string, features []permissions.RefreshFeature) error {
	if id == "" {
		return paramErr(op, "", "id", "empty account id", nil)
	}
	return checkRefreshFeatures(op, id, features)
}

// checkRefreshFeatures requires at least one refresh feature, each valid.
// An invalid one is a *ParamError whose cause is permissions' unknown-name
// error (matching permissions.ErrUnknown), which says when a permission
// name ("balances") was given for the refresh feature ("balance").
func checkRefreshFeatures(op, id string, features []permissions.RefreshFeature) error {
	if len(features) == 0 {
		return paramErr(op, id, "features", "at least one refresh feature is required", nil)
	}
	for _, f := range features {
		if _, err := permissions.ParseRefreshFeature(string(f)); err != nil {
			return paramErr(op, id, "features", "", err)
		}
	}
	return nil
}

// refreshClockSkew is how far the server's clock may be behind the
// client's when Refresh decides whether a refresh that is already finished
// in its answer started with the request: one that Stripe last attempted
// more than refreshClockSkew before the request was sent is the previous
// refresh (Stripe did not start a new one); a later one is taken as this
// request's, which finished before the answer came back. It also covers
// the second granularity of Stripe's timestamps.
const refreshClockSkew = 5 * time.Second

// Refresh asks Stripe to fetch fresh data for the given features
// (permissions.RefreshBalance, RefreshOwnership, RefreshTransactions) and
// returns the account, whose refresh states are then usually pending.
//
// When the client knows the account's permissions and they lack one a
// feature needs, Refresh fails with ErrPermissionNotGranted without a
// request.
//
// When Stripe did not start a requested refresh because the last one is
// too recent, Refresh fails with a *RefreshError
// (ErrRefreshNotAvailable) saying from when it can. Stripe says so in one
// of two ways, both recognised:
//
//   - a 400 invalid_request_error: Refresh then reads the account once.
//     If the account lacks the permission of any requested feature, the
//     refusal is permanent and Refresh fails with a *PermissionError
//     (ErrPermissionNotGranted) wrapping Stripe's error, even when another
//     requested feature is also cooling down. Otherwise, if a requested
//     feature's next_refresh_available_at is still ahead (on the client's
//     Clock), it returns the *RefreshError, which wraps
//     Stripe's error, together with the account it read; no refresh
//     started. Any other 400 is returned as is.
//   - a 200 whose state for a feature is not pending, with
//     next_refresh_available_at ahead and last_attempted_at more than 5 s
//     (an allowance for clock skew between Stripe and the client) before
//     the request was sent: the answer shows the previous refresh. The
//     account is returned with the error; the other features' refreshes
//     may have started. A finished state attempted after that is this
//     request's refresh, done before the answer came back, and is no
//     error. This heuristic compares Stripe's timestamps with the client's
//     Clock, so it assumes that clock is within those 5 s of Stripe's —
//     keep the host synchronised (NTP). A client clock running more than
//     5 s ahead can mistake this request's quick refresh for the previous
//     one (a spurious ErrRefreshNotAvailable); one running behind can take
//     a previous refresh for this one (no error, and stale data).
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
	sent := c.clock.Now()
	sa, err := c.sc.V1FinancialConnectionsAccounts.Refresh(ctx, id, p)
	if err != nil {
		err = wrapErr(op, id, err)
		return c.refreshRefused(ctx, op, id, features, err)
	}
	a := c.seen(sa)
	now := c.clock.Now()
	// The "not started" heuristic below compares Stripe's timestamps with
	// the client's clock: it assumes the two agree within refreshClockSkew
	// (an NTP-synchronised host).
	for _, f := range features {
		st := a.Refresh(f)
		if st.Status != RefreshPending && st.NextRefreshAvailableAt.After(now) &&
			st.LastAttemptedAt.Before(sent.Add(-refreshClockSkew)) {
			return a, &Error{Op: op, ID: id, Err: &RefreshError{Account: id, Feature: f, NextAvailable: st.NextRefreshAvailableAt}}
		}
	}
	return a, nil
}

// refreshRefused explains a 400 invalid_request_error answer to a refresh
// by reading the account once. A requested feature whose permission the
// account lacks comes first — that refusal is permanent, whatever else
// is cooling down — and gives a *PermissionError (ErrPermissionNotGranted)
// wrapping Stripe's error; otherwise a requested feature that cannot be
// refreshed yet gives a *RefreshError (ErrRefreshNotAvailable). Other errors, and a 400
// the account does not explain, are returned unchanged.
func (c *Client) refreshRefused(ctx context.Context, op, id string, features []permissions.RefreshFeature, err error) (*Account, error) {
	var fe *Error
	if !errors.As(err, &fe) || fe.HTTPStatus != http.StatusBadRequest || fe.Type != string(stripe.ErrorTypeInvalidRequest) {
		return nil, err
	}
	_, a, gerr := c.getAccount(ctx, op, id)
	if gerr != nil {
		return nil, err
	}
	stripeFields := func(cause error) error {
		return &Error{Op: op, ID: id, Type: fe.Type, Code: fe.Code, Param: fe.Param, HTTPStatus: fe.HTTPStatus,
			RequestID: fe.RequestID, Message: fe.Message, Err: cause}
	}
	if !a.Permissions.IsEmpty() {
		for _, f := range features {
			if p := f.Permission(); !a.Permissions.Has(p) {
				return nil, stripeFields(&PermissionError{Account: id, Permission: p, Err: fe.Err})
			}
		}
	}
	now := c.clock.Now()
	for _, f := range features {
		if st := a.Refresh(f); st.Status != RefreshPending && st.NextRefreshAvailableAt.After(now) {
			return a, stripeFields(&RefreshError{Account: id, Feature: f, NextAvailable: st.NextRefreshAvailableAt, Err: fe.Err})
		}
	}
	return nil, err
}

// RefreshEvents delivers refresh-completion events to WaitForRefresh (see
// WithRefreshEvents). Subscribe registers interest in the next
// refreshed_<feature> event of accountID: the channel is closed when it
// arrives, and cancel, which must be idempotent, ends the subscription.
// webhooks.RefreshNotifier implements it. Implementations must be safe for
// concurrent use.
type RefreshEvents interface {
	Subscribe(accountID string, feature permissions.RefreshFeature) (<-chan struct{}, func())
}

// WaitForRefresh waits until none of the features' refreshes is pending and
// returns the account. It returns early with the context's error, with a
// *RefreshError (ErrRefreshFailed) for a failed refresh, which tells
// when the next refresh may start, or with ErrNoRefresh for a feature that
// was never refreshed.
//
// By default it polls the account, sleeping on the client's Clock between
// polls (starting at the WithRefreshPolling interval and growing by half up
// to its maximum). With WithRefreshEvents it subscribes to the features'
// refresh events before each read of the account, so that no event is
// missed, and reads again as soon as one arrives — or, as a safety net,
// after the maximum polling interval.
func (c *Client) WaitForRefresh(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error) {
	const op = "wait for refresh"
	if err := checkFeatures(op, id, features); err != nil {
		return nil, err
	}
	if c.events != nil {
		return c.waitForEvents(ctx, op, id, features)
	}
	interval := c.pollFirst
	for {
		_, a, err := c.getAccount(ctx, op, id)
		if err != nil {
			return nil, err
		}
		if done, err := refreshDone(op, id, a, features); err != nil {
			return nil, err
		} else if done {
			return a, nil
		}
		if err := c.clock.Sleep(ctx, interval); err != nil {
			return nil, wrapErr(op, id, err)
		}
		interval = min(interval+interval/2, c.pollMax)
	}
}

// refreshDone reports whether no feature's refresh is pending, or the
// error that ends the wait.
func refreshDone(op, id string, a *Account, features []permissions.RefreshFeature) (bool, error) {
	pending := false
	for _, f := range features {
		switch st := a.Refresh(f); st.Status {
		case RefreshNone:
			return false, &Error{Op: op, ID: id, Err: fmt.Errorf("%w: %s", ErrNoRefresh, f)}
		case RefreshFailed:
			return false, &Error{Op: op, ID: id, Err: &RefreshError{Account: id, Feature: f, Failed: true, NextAvailable: st.NextRefreshAvailableAt}}
		case RefreshPending:
			pending = true
		}
	}
	return !pending, nil
}

// waitForEvents is WaitForRefresh driven by refresh events: subscribe, read,
// then wait for an event, the safety interval or ctx.
func (c *Client) waitForEvents(ctx context.Context, op, id string, features []permissions.RefreshFeature) (*Account, error) {
	for {
		// At most three distinct features: a fixed array keeps the select
		// static (a nil channel never fires).
		var chs [3]<-chan struct{}
		var subscribed []permissions.RefreshFeature
		var cancels []func()
		for _, f := range features {
			if len(subscribed) == len(chs) || slices.Contains(subscribed, f) {
				continue
			}
			ch, cancel := c.events.Subscribe(id, f)
			chs[len(subscribed)] = ch
			subscribed, cancels = append(subscribed, f), append(cancels, cancel)
		}
		unsubscribe := func() {
			for _, cancel := range cancels {
				cancel()
			}
		}
		_, a, err := c.getAccount(ctx, op, id)
		if err != nil {
			unsubscribe()
			return nil, err
		}
		if done, err := refreshDone(op, id, a, features); err != nil || done {
			unsubscribe()
			if err != nil {
				return nil, err
			}
			return a, nil
		}
		err = c.waitEvent(ctx, chs, c.pollMax)
		unsubscribe()
		if err != nil {
			return nil, wrapErr(op, id, err)
		}
	}
}

// waitEvent returns when one of chs is closed, after d on the client's
// clock, or with ctx's error. The clock's Sleep runs on its own goroutine,
// which is stopped and waited for before waitEvent returns.
func (c *Client) waitEvent(ctx context.Context, chs [3]<-chan struct{}, d time.Duration) error {
	sctx, stop := context.WithCancel(ctx)
	slept := make(chan error, 1)
	go func() { slept <- c.clock.Sleep(sctx, d) }()
	var err error
	select {
	case <-chs[0]:
	case <-chs[1]:
	case <-chs[2]:
	case err = <-slept:
		slept <- err // give it back to the join below
	case <-ctx.Done():
		err = ctx.Err()
	}
	stop()
	<-slept
	return err
}

// RefreshAndWait starts the refreshes and waits for them to finish; see
// Refresh and WaitForRefresh for the errors. It does not wait out a
// *RefreshError matching ErrRefreshNotAvailable: the caller decides whether
// data as of the last refresh is good enough or whether to retry after
// NextAvailable. With that error it also returns the account when one is
// known (the account Refresh got or read; the refreshes of the other
// features may have started and be pending in it), and likewise with
// ErrRefreshFailed for a refresh that failed before the answer came back.
// Other errors come with a nil account.
func (c *Client) RefreshAndWait(ctx context.Context, id string, features ...permissions.RefreshFeature) (*Account, error) {
	a, err := c.Refresh(ctx, id, features...)
	if err != nil {
		if errors.Is(err, ErrRefreshNotAvailable) {
			return a, err
		}
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
				return a, &Error{Op: "wait for refresh", ID: id, Err: &RefreshError{Account: id, Feature: f, Failed: true, NextAvailable: st.NextRefreshAvailableAt}}
			}
		}
		return a, nil
	}
	return c.WaitForRefresh(ctx, id, features...)
}
