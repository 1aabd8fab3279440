package fincon_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// TestTransactionsSubSecondBounds: transacted_at is in whole seconds;
// bounds with a fraction of a second keep exactly the rows at or after
// TransactedAfter and before TransactedBefore (on the simulator).
func TestTransactionsSubSecondBounds(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), linked(mustSet(t, permissions.Transactions), fctest.InstitutionSuccess))
	id := env.accounts[0]
	ctx := t.Context()
	if _, err := env.c.RefreshAndWait(ctx, id, permissions.RefreshTransactions); err != nil {
		t.Fatal(err)
	}
	list := func(opts fincon.TransactionListOptions) map[string]time.Time {
		opts.PageSize = 100
		got := map[string]time.Time{}
		for tx, err := range env.c.Transactions(ctx, id, opts) {
			if err != nil {
				t.Fatal(err)
			}
			got[tx.ID] = tx.TransactedAt
		}
		return got
	}
	all := list(fincon.TransactionListOptions{})
	if len(all) < 2 {
		t.Fatalf("%d transactions, want at least 2", len(all))
	}
	times := slices.SortedFunc(maps.Values(all), time.Time.Compare)
	pivot := times[len(times)/2] // a transaction time in the middle
	half := 500 * time.Millisecond
	tests := []struct {
		name          string
		after, before time.Time
	}{
		{name: "after pivot+0.5s excludes the pivot", after: pivot.Add(half)},
		{name: "after pivot-0.5s includes the pivot", after: pivot.Add(-half)},
		{name: "after pivot exactly includes it", after: pivot},
		{name: "before pivot+0.5s includes the pivot", before: pivot.Add(half)},
		{name: "before pivot-0.5s excludes the pivot", before: pivot.Add(-half)},
		{name: "before pivot exactly excludes it", before: pivot},
		{name: "both around the pivot", after: pivot.Add(-half), before: pivot.Add(half)},
		{name: "both within one second", after: pivot.Add(100 * time.Millisecond), before: pivot.Add(900 * time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := list(fincon.TransactionListOptions{TransactedAfter: tt.after, TransactedBefore: tt.before})
			want := 0
			for txID, at := range all {
				in := (tt.after.IsZero() || !at.Before(tt.after)) && (tt.before.IsZero() || at.Before(tt.before))
				if in {
					want++
					if _, ok := got[txID]; !ok {
						t.Errorf("%s at %v missing", txID, at)
					}
				} else if _, ok := got[txID]; ok {
					t.Errorf("%s at %v listed, outside [%v, %v)", txID, at, tt.after, tt.before)
				}
			}
			if len(got) != want {
				t.Errorf("listed %d, want %d", len(got), want)
			}
		})
	}
}
