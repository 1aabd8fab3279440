package transactions

import "context"

// TxStore is a [Store] that records a transaction's state in a database
// transaction of type Tx that also carries the consumer's side effects, so
// that both commit or neither does. Package transactions/sqlstore
// implements TxStore[*sql.Tx].
type TxStore[Tx any] interface {
	Store
	// PutTx begins a database transaction, calls fn with it (fn is nil
	// for a void never seen before, which yields no event), records st —
	// the state of row, as for [Store.Put] — in the same transaction and
	// commits. If fn or the write fails, it rolls back and returns the
	// error; an error of fn must be returned unchanged (it may be
	// wrapped), so that it matches with errors.Is.
	PutTx(ctx context.Context, account string, st State, row Transaction, fn func(Tx) error) error
}

// TxSyncer is a [Syncer] whose callback runs inside the database
// transaction that records the row's state: the consumer's writes (through
// tx) and the SDK's bookkeeping commit together, so an event is applied
// exactly once even if the process dies at any instruction. The cursor,
// written after a complete pass as for [Syncer.Sync], is bookkeeping that
// a crash can only leave behind, never ahead: the next pass lists the same
// rows, which compare equal to their recorded states and yield nothing.
//
// The commit protocol, errors and Stats are those of [Syncer.Sync]. A
// TxSyncer holds no state of its own and is safe for concurrent use on
// different accounts; syncs of the same account must not overlap.
type TxSyncer[Tx any] struct {
	Source Source
	Store  TxStore[Tx]
}

// Sync is [Syncer.Sync] with fn called inside the row's database
// transaction: fn must do its writes through tx (and not commit or roll it
// back). When fn returns an error the transaction is rolled back, Sync
// stops and returns the error wrapped; the cursor is unchanged.
func (s *TxSyncer[Tx]) Sync(ctx context.Context, account string, fn func(context.Context, Tx, Event) error) (Stats, error) {
	return syncLatest(ctx, s.Source, s.Store, account, txApply(s.Store, account, fn))
}

// SyncTo is [Syncer.SyncTo] with fn called as for [TxSyncer.Sync].
func (s *TxSyncer[Tx]) SyncTo(ctx context.Context, account, latest string, fn func(context.Context, Tx, Event) error) (Stats, error) {
	return syncTo(ctx, s.Store, s.Source, account, latest, txApply(s.Store, account, fn))
}

// txApply runs fn and the state's write in one PutTx.
func txApply[Tx any](store TxStore[Tx], account string, fn func(context.Context, Tx, Event) error) applyFunc {
	return func(ctx context.Context, r record) (bool, error) {
		var inner func(Tx) error
		handled := true
		if r.emit {
			inner = func(tx Tx) error {
				if err := fn(ctx, tx, r.ev); err != nil {
					handled = false
					return err
				}
				return nil
			}
		}
		err := store.PutTx(ctx, account, r.next, r.row, inner)
		return handled, err
	}
}
