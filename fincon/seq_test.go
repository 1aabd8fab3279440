package fincon_test

import (
	"errors"
	"iter"
	"slices"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

func seqOf(vals []int, err error) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for _, v := range vals {
			if !yield(v, nil) {
				return
			}
		}
		if err != nil {
			yield(0, err)
		}
	}
}

func TestCollect(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	for _, tt := range []struct {
		name string
		vals []int
		err  error
	}{
		{"empty", nil, nil},
		{"all", []int{1, 2, 3}, nil},
		{"error first", nil, boom},
		{"error after two", []int{1, 2}, boom},
	} {
		got, err := fincon.Collect(seqOf(tt.vals, tt.err))
		if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.err)
		}
		if !slices.Equal(got, tt.vals) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.vals)
		}
	}
	// On the simulator: the owners of a joint account, and the error of a
	// list the account has no permission for.
	env := setup(t, linked(mustSet(t, permissions.Ownership), fctest.InstitutionSavings))
	c, ids := env.c, env.accounts
	if _, err := c.RefreshAndWait(t.Context(), ids[0], permissions.RefreshOwnership); err != nil {
		t.Fatal(err)
	}
	owners, err := fincon.Collect(c.Owners(t.Context(), ids[0]))
	if err != nil || len(owners) < 2 {
		t.Fatalf("owners %v, err %v; want the joint owners", owners, err)
	}
	if txs, err := fincon.Collect(c.Transactions(t.Context(), ids[0], fincon.TransactionListOptions{})); !errors.Is(err, fincon.ErrPermissionNotGranted) || txs != nil {
		t.Fatalf("transactions %v, err %v; want nil and ErrPermissionNotGranted", txs, err)
	}
}
