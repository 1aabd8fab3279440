package fincon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

// DefaultBulkConcurrency is how many items a bulk operation runs at once
// when BulkOptions.Concurrency is zero.
const DefaultBulkConcurrency = 8

// BulkOptions configures RefreshAndReadMany and SyncTransactionsMany. The
// zero value runs DefaultBulkConcurrency items at a time and reports no
// progress.
type BulkOptions struct {
	// Concurrency bounds how many items run at the same time (zero means
	// DefaultBulkConcurrency; negative is invalid). Every request still
	// waits on the client's Limiter, so more concurrency only helps while
	// the requests' latency, not the rate limit, is the bottleneck.
	Concurrency int
	// Progress, if set, is called after every finished item with the
	// counts so far. Calls never overlap and Done only grows; the last
	// call has Done == Total, also when the context ended early (the
	// items that never started are then counted, as errors, in one
	// call). Workers wait while it runs, so keep it short. It is not
	// called for an empty list.
	Progress func(Progress)
}

// Progress reports how far a bulk operation is.
type Progress struct {
	// Done counts the items finished, successfully or not.
	Done int
	// Total is the number of items.
	Total int
	// Errors counts the finished items that failed.
	Errors int
}

// RefreshResult is the outcome of one account of RefreshAndReadMany.
type RefreshResult struct {
	// ID is the account id, as given.
	ID string
	// Account is the account once its refreshes finished; nil when Err
	// is set.
	Account *Account
	// Balance is the refreshed balance, when the features included
	// permissions.RefreshBalance.
	Balance balances.Balance
	// Owners are the refreshed owners, when the features included
	// permissions.RefreshOwnership.
	Owners []ownership.Owner
	// Err says why the item failed; nil on success. It is an *Error like
	// those of the single-account methods (for instance matching
	// ErrRefreshNotAvailable, ErrRefreshFailed or ErrPermissionNotGranted),
	// or, with op "refresh accounts", wraps the context's error for an
	// item the context stopped before it started.
	Err error
}

// SyncResult is the outcome of one account of SyncTransactionsMany.
type SyncResult struct {
	// ID is the account id, as given.
	ID string
	// Stats counts what the sync did (also when it failed part-way: the
	// rows recorded before the failure).
	Stats transactions.Stats
	// Err says why the sync failed; nil on success. The cursor in the
	// Store is then unchanged and the next sync resumes safely. It matches
	// ErrRefreshPending while a transaction refresh is running. It always
	// holds one *Error (errors.As): the failed call's own (e.g. op "latest
	// transaction refresh"), inside the Syncer's context ("transactions:
	// sync fca_…: latest refresh: …"), or, when the Store or fn failed, one
	// with op "sync transactions" around that failure.
	Err error
}

// RefreshAndReadMany refreshes the given features of many accounts, waits
// for the refreshes to finish and reads what they produced: the balance for
// permissions.RefreshBalance (no extra request: it comes with the account)
// and the owners for permissions.RefreshOwnership (one more listing).
// A transactions refresh is only waited for; read its rows with
// SyncTransactionsMany, or with Transactions and the refresh id in
// Account.TransactionRefresh.
//
// Each account usually costs two requests (the refresh, and a poll that
// finds it done; more polls while Stripe is slow), plus one per page of
// owners, each paced by the client's Limiter, so a large batch runs at the client's rate
// limit rather than into Stripe's 429s. Up to opts.Concurrency accounts are
// processed at once.
//
// The results are in the order of ids, one per id. A failure affects only
// its own item (RefreshResult.Err): an inactive account, a refresh that is
// not available yet or a missing permission do not stop the others. Like
// RefreshAndWait, an item does not wait out ErrRefreshNotAvailable.
//
// When ctx ends, the items in progress stop with the context's error,
// the items not started get it without any request, and RefreshAndReadMany
// returns as soon as the running ones have, with the context's error.
// Otherwise the error is nil, or an *Error matching ErrInvalidParams when
// ids or features are invalid (empty or duplicate ids, no or unknown
// features): then nothing is sent and the results are nil.
//
// A panic while an item runs does not crash the process: it becomes that
// item's Err, an *Error holding a *PanicError (matching ErrPanic).
func (c *Client) RefreshAndReadMany(ctx context.Context, ids []string, features []permissions.RefreshFeature, opts BulkOptions) ([]RefreshResult, error) {
	const op = "refresh accounts"
	if err := checkBulk(op, ids, opts); err != nil {
		return nil, err
	}
	if err := checkRefreshFeatures(op, "", features); err != nil {
		return nil, err
	}
	features = append([]permissions.RefreshFeature(nil), features...)
	res := make([]RefreshResult, len(ids))
	err := runBulk(ctx, len(ids), opts, func(ctx context.Context, i int) error {
		r := c.refreshAndRead(ctx, ids[i], features)
		res[i] = r
		return r.Err
	}, func(i int, err error) {
		res[i] = RefreshResult{ID: ids[i], Err: &Error{Op: op, ID: ids[i], Err: err}}
	})
	return res, err
}

// refreshAndRead is one item of RefreshAndReadMany.
func (c *Client) refreshAndRead(ctx context.Context, id string, features []permissions.RefreshFeature) RefreshResult {
	r := RefreshResult{ID: id}
	a, err := c.RefreshAndWait(ctx, id, features...)
	if err != nil {
		r.Err = err
		return r
	}
	for _, f := range features {
		switch f {
		case permissions.RefreshBalance:
			r.Balance, err = balanceOf(a.ID, a)
		case permissions.RefreshOwnership:
			var owners []ownership.Owner
			err = c.ownersOf(ctx, a.ID, a, func(o ownership.Owner) bool {
				owners = append(owners, o)
				return true
			})
			if err == nil {
				r.Owners = owners
			}
		}
		if err != nil {
			r.Err = err
			return r
		}
	}
	r.Account = a
	return r
}

// SyncTransactionsMany runs an incremental transaction sync
// (transactions.Syncer with this client as Source and store as Store) for
// many accounts, up to opts.Concurrency at once, calling fn for every added,
// updated or voided row as transactions.Syncer.Sync describes. A nil fn
// accepts every event (the rows are only recorded in store).
//
// fn and store are called from several goroutines at once, for different
// accounts; the events of one account arrive in order from one goroutine.
// Event.Transaction.Account says which account an event belongs to.
//
// It syncs what the accounts' latest finished transaction refreshes
// wrote; refresh them first (RefreshAndReadMany with
// permissions.RefreshTransactions) or rely on a subscription. An account
// whose refresh is still running fails with ErrRefreshPending and keeps its
// cursor.
//
// Results, failure isolation, cancellation and the returned error are as
// for RefreshAndReadMany; a nil store is invalid. Store failures and fn's
// errors are per item too.
func (c *Client) SyncTransactionsMany(ctx context.Context, ids []string, store transactions.Store, fn func(context.Context, transactions.Event) error, opts BulkOptions) ([]SyncResult, error) {
	const op = "sync transactions"
	if err := checkBulk(op, ids, opts); err != nil {
		return nil, err
	}
	if store == nil {
		return nil, paramErr(op, "", "store", "a transactions.Store is required", nil)
	}
	if fn == nil {
		fn = func(context.Context, transactions.Event) error { return nil }
	}
	syncer := &transactions.Syncer{Source: c.TransactionSource(), Store: store}
	res := make([]SyncResult, len(ids))
	err := runBulk(ctx, len(ids), opts, func(ctx context.Context, i int) error {
		st, err := syncer.Sync(ctx, ids[i], fn)
		res[i] = SyncResult{ID: ids[i], Stats: st, Err: wrapOnce(op, ids[i], err)}
		return res[i].Err
	}, func(i int, err error) {
		res[i] = SyncResult{ID: ids[i], Err: &Error{Op: op, ID: ids[i], Err: err}}
	})
	return res, err
}

// wrapOnce wraps err in an *Error, unless it already carries one: a sync
// that failed in one of the client's own calls (the Syncer's Source) keeps
// the Syncer's context around that call's *Error, without a second
// "fincon:" layer.
func wrapOnce(op, id string, err error) error {
	var fe *Error
	if err == nil || errors.As(err, &fe) {
		return err
	}
	return wrapErr(op, id, err)
}

// checkBulk validates the arguments every bulk operation shares. Duplicate
// ids are refused: two refreshes of one account collide, and two syncs of
// one account must not overlap.
func checkBulk(op string, ids []string, opts BulkOptions) error {
	if opts.Concurrency < 0 {
		return paramErr(op, "", "concurrency", "must not be negative", nil)
	}
	seen := make(map[string]int, len(ids))
	for i, id := range ids {
		if id == "" {
			return paramErr(op, "", "ids", fmt.Sprintf("empty account id at index %d", i), nil)
		}
		if j, ok := seen[id]; ok {
			return paramErr(op, id, "ids", fmt.Sprintf("duplicate account id at indexes %d and %d", j, i), nil)
		}
		seen[id] = i
	}
	return nil
}

// recovered runs item i with do. A panic in it (in the client, the
// caller's fn or Store) becomes the item's error, recorded with skip as a
// *PanicError, instead of crashing the process from a worker goroutine.
func recovered(ctx context.Context, i int, do func(context.Context, int) error, skip func(int, error)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			pe := newPanicError(r)
			skip(i, pe)
			err = pe
		}
	}()
	return do(ctx, i)
}

// runBulk calls do for items 0..n-1 from at most opts.Concurrency
// goroutines, reporting progress after each. Once ctx is done no new item
// starts; skip records the items that never started. It returns when every
// started item has returned: ctx's error if the context cut the run short,
// nil otherwise.
func runBulk(ctx context.Context, n int, opts BulkOptions, do func(context.Context, int) error, skip func(int, error)) error {
	if n == 0 {
		return nil
	}
	workers := opts.Concurrency
	if workers == 0 {
		workers = DefaultBulkConcurrency
	}
	workers = min(workers, n)

	var (
		mu        sync.Mutex
		done      int
		errs      int
		cut       bool // an item stopped because of ctx
		next      atomic.Int64
		wg        sync.WaitGroup
		ctxFailed = func(err error) bool {
			cerr := ctx.Err()
			return cerr != nil && errors.Is(err, cerr)
		}
	)
	report := func(k, failed int, byCtx bool) {
		mu.Lock()
		defer mu.Unlock()
		done += k
		errs += failed
		cut = cut || byCtx
		if opts.Progress != nil {
			opts.Progress(Progress{Done: done, Total: n, Errors: errs})
		}
	}
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := ctx.Err(); err != nil {
					skip(i, err)
					report(1, 1, true)
					return
				}
				err := recovered(ctx, i, do, skip)
				failed := 0
				if err != nil {
					failed = 1
				}
				report(1, failed, err != nil && ctxFailed(err))
			}
		})
	}
	wg.Wait()
	if started := min(int(next.Load()), n); started < n {
		err := ctx.Err()
		for i := started; i < n; i++ {
			skip(i, err)
		}
		report(n-started, n-started, true)
	}
	if cut {
		return ctx.Err()
	}
	return nil
}
