package fincon_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/fcsdk/fcsdk/transactions"
)

// TestSyncErrorWrappedOnce: a sync that fails in the client's own call
// (the latest refresh is pending) carries that call's *Error once, not a
// second "fincon:" layer around the Syncer's context.
func TestSyncErrorWrappedOnce(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Transactions), fctest.InstitutionSuccess))
	ctx := t.Context()
	if _, err := env.c.Refresh(ctx, env.accounts[0], permissions.RefreshTransactions); err != nil {
		t.Fatal(err)
	}
	res, err := env.c.SyncTransactionsMany(ctx, env.accounts, &transactions.MemoryStore{}, nil, fincon.BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := res[0].Err
	if !errors.Is(e, fincon.ErrRefreshPending) {
		t.Fatalf("err = %v, want ErrRefreshPending", e)
	}
	if n := strings.Count(e.Error(), "fincon:"); n != 1 {
		t.Errorf("%q has %d \"fincon:\" prefixes, want 1", e, n)
	}
	if n := strings.Count(e.Error(), env.accounts[0]); n > 2 {
		t.Errorf("%q names the account %d times", e, n)
	}
	if fe := apiErr(e); fe.Op != "latest transaction refresh" {
		t.Errorf("*Error op = %q, want the failed call's", fe.Op)
	}
}

// TestBulkSkippedItemsUseTheBulkOp: items the context stopped before they
// started carry the bulk operation's op, for both bulk operations.
func TestBulkSkippedItemsUseTheBulkOp(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Balances, permissions.Transactions), fctest.InstitutionSuccess, fctest.InstitutionSavings))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rr, err := env.c.RefreshAndReadMany(ctx, env.accounts, []permissions.RefreshFeature{permissions.RefreshBalance}, fincon.BulkOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	sr, err := env.c.SyncTransactionsMany(ctx, env.accounts, &transactions.MemoryStore{}, nil, fincon.BulkOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	for i := range env.accounts {
		if fe := apiErr(rr[i].Err); fe.Op != "refresh accounts" || !errors.Is(rr[i].Err, context.Canceled) {
			t.Errorf("refresh item %d: err = %v, want op \"refresh accounts\"", i, rr[i].Err)
		}
		if fe := apiErr(sr[i].Err); fe.Op != "sync transactions" || !errors.Is(sr[i].Err, context.Canceled) {
			t.Errorf("sync item %d: err = %v, want op \"sync transactions\"", i, sr[i].Err)
		}
	}
}
