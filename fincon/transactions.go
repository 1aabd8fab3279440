package fincon

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

// *Client is the Source of a transactions.Syncer.
var _ transactions.Source = (*Client)(nil)

// ErrRefreshPending is returned by LatestRefresh while a transaction
// refresh is running; Stripe then does not expose the previous refresh's
// id. Retry once the refresh finished (WaitForRefresh, or the
// refreshed_transactions webhook).
var ErrRefreshPending = errors.New("fincon: transaction refresh in progress")

// TransactionListOptions filters Transactions. The zero value lists
// everything Stripe has (up to 180 days).
type TransactionListOptions struct {
	// TransactedAfter keeps transactions with transacted_at ≥ it
	// (inclusive); zero means no lower bound. Stripe's transacted_at is in
	// whole seconds, so a bound with a fraction of a second is sent rounded
	// up (transacted_at[gte] = ⌈TransactedAfter⌉), which keeps exactly the
	// rows at or after it.
	TransactedAfter time.Time
	// TransactedBefore keeps transactions with transacted_at < it
	// (exclusive); zero means no upper bound. A fraction of a second is
	// rounded up too (transacted_at[lt] = ⌈TransactedBefore⌉): a row at
	// 12:00:00 is before 12:00:00.5 and is kept, one at 12:00:01 is not.
	TransactedBefore time.Time
	// AfterRefresh (fctxnref_…) keeps rows created or updated by refreshes
	// after that one: the incremental-sync cursor
	// (transaction_refresh[after]).
	AfterRefresh string
	// PageSize is the number of rows per request (1-100); zero means
	// Stripe's default (10).
	PageSize int
}

// Transactions lists the account's transactions, page by page as the
// sequence is ranged over. It needs the transactions permission: when the
// client knows the account lacks it, it yields ErrPermissionNotGranted
// without any request; when it does not know the account yet, it reads the
// account once first (the permissions are then remembered). An error is
// always the last element. A page that cannot be followed (empty with
// has_more, or repeating a row listed before) ends the listing with an
// *Error matching ErrMalformedResponse, after the rows before it, each
// listed once.
func (c *Client) Transactions(ctx context.Context, id string, opts TransactionListOptions) iter.Seq2[transactions.Transaction, error] {
	const op = "list transactions"
	return func(yield func(transactions.Transaction, error) bool) {
		if err := c.knowsGranted(ctx, op, id, permissions.Transactions); err != nil {
			yield(transactions.Transaction{}, err)
			return
		}
		lp := &stripe.FinancialConnectionsTransactionListParams{Account: stripe.String(id)}
		if !opts.TransactedAfter.IsZero() || !opts.TransactedBefore.IsZero() {
			if !opts.TransactedAfter.IsZero() && !opts.TransactedBefore.IsZero() && !opts.TransactedAfter.Before(opts.TransactedBefore) {
				yield(transactions.Transaction{}, paramErr(op, id, "transacted_at", "TransactedAfter must be before TransactedBefore", nil))
				return
			}
			r := &stripe.RangeQueryParams{}
			if !opts.TransactedAfter.IsZero() {
				r.GreaterThanOrEqual = ceilUnix(opts.TransactedAfter)
			}
			if !opts.TransactedBefore.IsZero() {
				r.LesserThan = ceilUnix(opts.TransactedBefore)
			}
			lp.TransactedAtRange = r
		}
		if opts.AfterRefresh != "" {
			lp.TransactionRefresh = &stripe.FinancialConnectionsTransactionListTransactionRefreshParams{After: stripe.String(opts.AfterRefresh)}
		}
		if opts.PageSize < 0 || opts.PageSize > 100 {
			yield(transactions.Transaction{}, paramErr(op, id, "page_size", "must be between 1 and 100", nil))
			return
		}
		if opts.PageSize > 0 {
			lp.Limit = stripe.Int64(int64(opts.PageSize))
		}
		err := eachRow(op, id, func() stripe.Seq2[*stripe.FinancialConnectionsTransaction, error] {
			return c.sc.V1FinancialConnectionsTransactions.List(ctx, lp)
		}, transactionID, func(st *stripe.FinancialConnectionsTransaction) (bool, error) {
			t, err := transactions.FromStripe(st)
			if err != nil {
				return false, &Error{Op: op, ID: id, Err: err}
			}
			return yield(t, nil), nil
		})
		if err != nil {
			yield(transactions.Transaction{}, err)
		}
	}
}

// ceilUnix is t in Unix seconds, rounded up: for whole-second timestamps
// x, x ≥ t ⇔ x ≥ ceilUnix(t) and x < t ⇔ x < ceilUnix(t).
func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// knowsGranted checks permission p of account id, reading the account once
// when its permissions are not known yet.
func (c *Client) knowsGranted(ctx context.Context, op, id string, p permissions.Permission) error {
	if err := c.guard(op, id, p); err != nil {
		return err
	}
	if _, ok := c.perms.get(id); ok {
		return nil
	}
	_, a, err := c.getAccount(ctx, op, id)
	if err != nil {
		return err
	}
	return checkGranted(op, id, a, p)
}

// ListTransactions is the transactions.Source method of
// Client.TransactionSource.
//
// Deprecated: list transactions with Transactions, and give a
// transactions.Syncer the client's TransactionSource.
func (c *Client) ListTransactions(ctx context.Context, account, afterRefresh string) iter.Seq2[transactions.Transaction, error] {
	return c.TransactionSource().ListTransactions(ctx, account, afterRefresh)
}

// LatestRefresh is the transactions.Source method of
// Client.TransactionSource.
//
// Deprecated: give a transactions.Syncer the client's TransactionSource.
func (c *Client) LatestRefresh(ctx context.Context, account string) (string, error) {
	return c.TransactionSource().LatestRefresh(ctx, account)
}

// TransactionSource returns the client as a transactions.Source, for a
// transactions.Syncer or TxSyncer. The client itself lists transactions one
// way, with Transactions; the Source is the adapter the sync needs:
//
//   - ListTransactions(ctx, account, afterRefresh) is Transactions with
//     TransactionListOptions{AfterRefresh: afterRefresh, PageSize: 100}
//     (Stripe's transaction_refresh[after]; "" lists all);
//   - LatestRefresh(ctx, account) is the id of the account's latest
//     transaction refresh that finished (succeeded or failed), "" if there
//     was none; while a refresh is pending it fails with ErrRefreshPending,
//     because Stripe then shows only the running one. Without the
//     transactions permission both fail with ErrPermissionNotGranted.
func (c *Client) TransactionSource() transactions.Source { return txSource{c} }

// txSource is Client.TransactionSource.
type txSource struct{ c *Client }

func (s txSource) ListTransactions(ctx context.Context, account, afterRefresh string) iter.Seq2[transactions.Transaction, error] {
	return s.c.Transactions(ctx, account, TransactionListOptions{AfterRefresh: afterRefresh, PageSize: 100})
}

func (s txSource) LatestRefresh(ctx context.Context, account string) (string, error) {
	return s.c.latestRefresh(ctx, account)
}

func (c *Client) latestRefresh(ctx context.Context, account string) (string, error) {
	const op = "latest transaction refresh"
	if err := c.guard(op, account, permissions.Transactions); err != nil {
		return "", err
	}
	_, a, err := c.getAccount(ctx, op, account)
	if err != nil {
		return "", err
	}
	if err := checkGranted(op, account, a, permissions.Transactions); err != nil {
		return "", err
	}
	switch a.TransactionRefresh.Status {
	case RefreshNone:
		return "", nil
	case RefreshPending:
		return "", &Error{Op: op, ID: account, Err: ErrRefreshPending}
	}
	return a.TransactionRefresh.ID, nil
}
