package fincon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/permissions"
)

// FreshBalance returns a balance of account id that is at most maxAge old,
// together with the account it read. The age is balances.Balance.Age on the
// client's Clock: now minus the balance's as_of, the time the institution
// calculated it (Stripe's balance.as_of).
//
// It reads the account (one request) and returns its balance when that is
// young enough. Otherwise it refreshes the balance only when Stripe allows
// it — the balance_refresh is not pending and its next_refresh_available_at
// has passed — and waits for the refresh as RefreshAndWait does, or waits
// for a refresh that is already pending; then it returns the new balance.
// It never starts a refresh it does not need, so calling it right after a
// session with prefetch, or twice in a row, costs one request.
//
// The returned account is the last read (nil when the first read failed).
// Pass it as PaymentIntentParams.AccountRead so that the debit does not
// read the account again, and check eligibility on it with ach.Check(a.Stripe()).
//
// Errors, all in an *Error:
//   - maxAge not positive: ErrInvalidParams, before any request.
//   - no balances permission: ErrPermissionNotGranted (without a request
//     when the client knows the account's permissions).
//   - the balance is older than maxAge (or there is none yet) and Stripe
//     allows no refresh before NextAvailable: a *RefreshError
//     (ErrRefreshNotAvailable). This is the cooldown after a prefetch or a
//     recent refresh, or a refresh that succeeded but whose institution
//     calculated the balance earlier than maxAge ago. The older balance
//     (zero when there is none) and the account come with the error, for a
//     caller that accepts them; NextAvailable is zero when Stripe gave no
//     next_refresh_available_at (an inactive account).
//   - the refresh failed: a *RefreshError (ErrRefreshFailed).
//   - the context ended while waiting, or a request failed: that error.
func (c *Client) FreshBalance(ctx context.Context, id string, maxAge time.Duration) (balances.Balance, *Account, error) {
	const op = "fresh balance"
	if maxAge <= 0 {
		return balances.Balance{}, nil, paramErr(op, id, "max_age", "must be positive", nil)
	}
	if err := c.guard(op, id, permissions.Balances); err != nil {
		return balances.Balance{}, nil, err
	}
	_, a, err := c.getAccount(ctx, op, id)
	if err != nil {
		return balances.Balance{}, nil, err
	}
	if err := checkGranted(op, id, a, permissions.Balances); err != nil {
		return balances.Balance{}, a, err
	}
	for refreshed := false; ; refreshed = true {
		b, err := a.Balance()
		if err != nil && !errors.Is(err, ErrNoData) {
			return balances.Balance{}, a, &Error{Op: op, ID: id, Err: err}
		}
		now := c.clock.Now()
		if err == nil && b.Age(now) <= maxAge {
			return b, a, nil
		}
		st := a.BalanceRefresh
		if refreshed || (st.Status != RefreshPending && st.NextRefreshAvailableAt.After(now)) {
			return b, a, &Error{Op: op, ID: id, Err: &RefreshError{Account: id, Feature: permissions.RefreshBalance, NextAvailable: st.NextRefreshAvailableAt}}
		}
		var next *Account
		if st.Status == RefreshPending {
			next, err = c.WaitForRefresh(ctx, id, permissions.RefreshBalance)
		} else {
			next, err = c.RefreshAndWait(ctx, id, permissions.RefreshBalance)
		}
		if next != nil {
			a = next
		}
		if err != nil {
			return b, a, err
		}
	}
}

// Balance returns the balance in this read of the account (Stripe's
// balance, from the latest balance refresh or prefetch). It fails with
// ErrNoData (also matching balances.ErrNoBalance) when the account has no
// balance — before the first refresh, or for an Account built without a
// stripe-go object — and with the conversion error of balances.FromStripe
// for a balance it cannot convert. It makes no request.
func (a *Account) Balance() (balances.Balance, error) {
	var sb *stripe.FinancialConnectionsAccountBalance
	if a.raw != nil {
		sb = a.raw.Balance
	}
	if sb == nil {
		return balances.Balance{}, fmt.Errorf("%w: %w", ErrNoData, balances.ErrNoBalance)
	}
	return balances.FromStripe(sb)
}
