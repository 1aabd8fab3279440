package transactions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// memTx is the database transaction of memTxStore: the consumer's writes,
// applied only on commit.
type memTx struct{ writes []string }

// memTxStore is a TxStore[*memTx] over MemoryStore that commits the
// consumer's writes and the state together, and keeps every row it was
// given.
type memTxStore struct {
	MemoryStore
	table    []string               // the consumer's committed writes
	rows     map[string]Transaction // every row recorded, by id
	failPut  bool
	rollback int // rolled-back transactions
}

func (m *memTxStore) Put(ctx context.Context, account string, st State, row Transaction) error {
	if m.rows == nil {
		m.rows = map[string]Transaction{}
	}
	m.rows[row.ID] = row
	return m.MemoryStore.Put(ctx, account, st, row)
}

func (m *memTxStore) PutTx(ctx context.Context, account string, st State, row Transaction, fn func(*memTx) error) error {
	tx := &memTx{}
	if fn != nil {
		if err := fn(tx); err != nil {
			m.rollback++
			return err
		}
	}
	if m.failPut {
		m.rollback++
		return errStore
	}
	m.table = append(m.table, tx.writes...)
	return m.Put(ctx, account, st, row)
}

var _ TxStore[*memTx] = (*memTxStore)(nil)

// TestTxSyncerExactlyOnce fails the consumer at every event inside the
// transaction, resumes, and checks that the committed table holds each
// event of a failure-free run exactly once, and that a void never seen
// before reaches the store with its row data.
func TestTxSyncerExactlyOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	refreshes := [][]Transaction{
		{tx("A", -100, Pending, "CARD", 0), tx("B", 5000, Posted, "PAYROLL", 0), tx("V", -7, Void, "AUTH HOLD", 1)},
		{tx("A", -100, Posted, "CARD", 0), tx("C", -300, Pending, "FUEL", 2), tx("B", 5000, Void, "PAYROLL", 0)},
	}
	want := []string{"added A", "added B", "added C", "updated A (pending->posted)", "voided B (posted->void)"}
	for k := 0; k <= 4; k++ {
		t.Run(fmt.Sprintf("fail at %d", k), func(t *testing.T) {
			b := newBank()
			store := &memTxStore{}
			s := &TxSyncer[*memTx]{Source: b, Store: store}
			calls := 0
			fn := func(_ context.Context, tx *memTx, e Event) error {
				calls++
				tx.writes = append(tx.writes, describe(e))
				if calls == k {
					return errConsumer
				}
				return nil
			}
			// Sync after each refresh until the pass succeeds.
			for _, rows := range refreshes {
				b.refresh(rows...)
				for {
					_, err := s.Sync(ctx, "fca_1", fn)
					if err == nil {
						break
					}
					if !errors.Is(err, errConsumer) {
						t.Fatalf("sync: %v", err)
					}
				}
			}
			got := slices.Sorted(slices.Values(store.table))
			if !slices.Equal(got, want) {
				t.Fatalf("committed table\n got %q\nwant %q", got, want)
			}
			if k > 0 && store.rollback != 1 {
				t.Errorf("%d rollbacks, want 1", store.rollback)
			}
			if v := store.rows["V"]; v.Description != "AUTH HOLD" || v.Status != Void || v.RefreshID != "fctxnref_1" {
				t.Errorf("unseen void reached the store as %+v, want its row data", v)
			}
		})
	}
}

func TestTxSyncerErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := newBank()
	b.refresh(tx("A", -100, Pending, "X", 0))
	store := &memTxStore{failPut: true}
	s := &TxSyncer[*memTx]{Source: b, Store: store}
	st, err := s.Sync(ctx, "fca_1", func(context.Context, *memTx, Event) error { return nil })
	if !errors.Is(err, errStore) {
		t.Fatalf("err = %v, want the store's", err)
	}
	if st.Cursor != "" || len(store.table) != 0 {
		t.Fatalf("after a failed commit: stats %+v, table %q", st, store.table)
	}
	_, err = s.Sync(ctx, "fca_1", func(context.Context, *memTx, Event) error { return errConsumer })
	if !errors.Is(err, errConsumer) || errors.Is(err, errStore) {
		t.Fatalf("err = %v, want the consumer's", err)
	}
	if _, err := s.Sync(ctx, "", nil); !errors.Is(err, ErrAccountRequired) {
		t.Fatalf("empty account: %v", err)
	}
}
