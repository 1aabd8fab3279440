package transactions

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"

	"github.com/fcsdk/fcsdk/balances"
)

// Source lists an account's transactions incrementally. The fincon client
// implements it over the Stripe API; tests implement it in memory.
type Source interface {
	// ListTransactions yields the account's transactions that were
	// created or updated by a transaction refresh after afterRefresh
	// (Stripe's transaction_refresh[after]); afterRefresh "" yields them
	// all. The sequence stops at the first error it yields.
	ListTransactions(ctx context.Context, account, afterRefresh string) iter.Seq2[Transaction, error]
	// LatestRefresh returns the id of the account's most recent
	// transaction refresh that is no longer pending (status succeeded or
	// failed), or "" if there is none yet. Every row that refresh and the
	// earlier ones wrote must already be listable.
	LatestRefresh(ctx context.Context, account string) (string, error)
}

// State is what a [Store] keeps per transaction: enough to tell a new row
// from an update or a duplicate.
type State struct {
	ID     string
	Status Status
	Amount balances.Money
	// Digest is a 64-bit FNV-1a hash of the description and transacted_at;
	// a different digest is a description or date change. It is stored as
	// a signed integer (Digest.Int64, what database/sql's driver.Value
	// allows) or as 8 bytes (Digest.Bytes).
	Digest Digest
}

// StateOf returns the State that records t.
func StateOf(t Transaction) State {
	h := Digest(fnvOffset)
	for i := 0; i < len(t.Description); i++ {
		h = (h ^ Digest(t.Description[i])) * fnvPrime
	}
	h *= fnvPrime // a zero byte between the fields
	if !t.TransactedAt.IsZero() {
		u := uint64(t.TransactedAt.Unix())
		for i := 0; i < 8; i++ {
			h = (h ^ Digest(u&0xff)) * fnvPrime
			u >>= 8
		}
	}
	return State{ID: t.ID, Status: t.Status, Amount: t.Amount, Digest: h}
}

// 64-bit FNV-1a parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Store persists the sync cursor and per-transaction states of accounts.
// Implementations must be durable for resumption to be safe; [MemoryStore]
// is a reference implementation that is not.
//
// For exactly-once processing across crashes, apply an event's side
// effects and record its state in the same database transaction: a
// [TxStore] does that, driven by a [TxSyncer] (package
// transactions/sqlstore implements one on database/sql).
type Store interface {
	// Cursor returns the refresh id the next sync of account lists after
	// ("" if the account was never fully synced).
	Cursor(ctx context.Context, account string) (string, error)
	// SetCursor records that every row written by refreshes up to and
	// including refresh has been processed.
	SetCursor(ctx context.Context, account, refresh string) error
	// Get returns the recorded state of a transaction; ok is false when
	// it was never recorded.
	Get(ctx context.Context, account, id string) (st State, ok bool, err error)
	// Put records st, the state of row (st == StateOf(row)), replacing any
	// previous one. row is the transaction as listed: for a void never
	// seen before, which yields no event, it is the only copy of the
	// row's data (description, transacted_at, refresh id) the caller gets.
	Put(ctx context.Context, account string, st State, row Transaction) error
}

// EventKind tells what happened to a transaction since it was last seen.
type EventKind uint8

// Event kinds.
const (
	// Added: first sight of a pending or posted transaction.
	Added EventKind = iota + 1
	// Updated: a known transaction changed status (pending → posted) or
	// amount, description or date; Event.Changes says which.
	Updated
	// Voided: a known transaction became void.
	Voided
)

// String returns "added", "updated" or "voided".
func (k EventKind) String() string {
	switch k {
	case Added:
		return "added"
	case Updated:
		return "updated"
	case Voided:
		return "voided"
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// Change is a set of fields that differ from the previous state.
type Change uint8

// Changes, combined in Event.Changes.
const (
	ChangedStatus Change = 1 << iota
	ChangedAmount
	ChangedDetails // description or transacted_at
)

// Has reports whether c contains all of x.
func (c Change) Has(x Change) bool { return c&x == x }

// Event is one row of the sync: a transaction and what changed about it.
type Event struct {
	Kind        EventKind
	Transaction Transaction
	// Previous is the recorded state before this event (zero for Added).
	Previous State
	// Changes lists what differs from Previous (zero for Added).
	Changes Change
}

// Stats counts what one [Syncer.Sync] call did.
type Stats struct {
	Listed    int // rows read from the Source
	Added     int
	Updated   int
	Voided    int
	Unchanged int // rows identical to their recorded state (replays, re-listings)
	// UnseenVoids counts void rows never seen before (created and voided
	// between two syncs); they are recorded but yield no event.
	UnseenVoids int
	// Cursor is the cursor after the call.
	Cursor string
}

// ErrAccountRequired is returned by [Syncer.Sync] for an empty account id.
var ErrAccountRequired = errors.New("transactions: account id required")

// ErrAccountMismatch is returned when the Source yields a row of another
// account than the one being synced.
var ErrAccountMismatch = errors.New("transactions: row of another account")

// Syncer runs incremental transaction syncs. It holds no state of its own:
// everything durable lives in Store. A Syncer is safe for concurrent use
// on different accounts; syncs of the same account must not overlap.
type Syncer struct {
	Source Source
	Store  Store
}

// Sync lists the account's transactions written after the stored cursor
// and calls fn once per added, updated or voided row.
//
// Commit protocol:
//
//  1. cursor := Store.Cursor; latest := Source.LatestRefresh. If they are
//     equal there is nothing new and Sync returns without listing.
//  2. For each listed row, the row is classified against Store.Get: no
//     state → Added (or, if void, recorded without event); same status,
//     amount and digest → no event (a replay); otherwise Updated or Voided.
//  3. fn is called with the event. Only when fn returns nil is the row's
//     new state recorded with Store.Put. If fn fails, Sync stops and
//     returns the error wrapped; the cursor is unchanged.
//  4. After the whole listing succeeded, Store.SetCursor(latest).
//
// A crash or error anywhere leaves the cursor at its old value, so the next
// Sync lists the same rows again; rows already acknowledged compare equal
// to their recorded state and are not delivered again. An event is
// delivered twice only if the process dies after fn returned nil and
// before Put completed; a [TxSyncer], whose [TxStore] commits fn's side
// effects and the row's state in one database transaction, closes that
// gap (so does an idempotent fn). Rows written by
// a refresh that finished after step 1 may be seen in this pass and listed
// again by the next one; their recorded state suppresses the duplicate.
//
// Sync does not retain listed rows: memory is independent of their number
// (apart from what Store keeps).
func (s *Syncer) Sync(ctx context.Context, account string, fn func(context.Context, Event) error) (Stats, error) {
	return syncLatest(ctx, s.Source, s.Store, account, plainApply(s.Store, account, fn))
}

// SyncTo is [Syncer.Sync] with the latest completed refresh id supplied by
// the caller — for instance from a financial_connections.account.
// refreshed_transactions webhook — instead of asked from the Source. It
// always lists, even when latest equals the stored cursor.
func (s *Syncer) SyncTo(ctx context.Context, account, latest string, fn func(context.Context, Event) error) (Stats, error) {
	return syncTo(ctx, s.Store, s.Source, account, latest, plainApply(s.Store, account, fn))
}

// plainApply calls fn, then Store.Put.
func plainApply(store Store, account string, fn func(context.Context, Event) error) applyFunc {
	return func(ctx context.Context, r record) (bool, error) {
		if r.emit {
			if err := fn(ctx, r.ev); err != nil {
				return false, err
			}
		}
		return true, store.Put(ctx, account, r.next, r.row)
	}
}

// syncLatest is [Syncer.Sync] for any way of applying rows.
func syncLatest(ctx context.Context, src Source, store Store, account string, apply applyFunc) (Stats, error) {
	if account == "" {
		return Stats{}, ErrAccountRequired
	}
	cursor, err := store.Cursor(ctx, account)
	if err != nil {
		return Stats{}, fmt.Errorf("transactions: sync %s: read cursor: %w", account, err)
	}
	latest, err := src.LatestRefresh(ctx, account)
	if err != nil {
		return Stats{Cursor: cursor}, fmt.Errorf("transactions: sync %s: latest refresh: %w", account, err)
	}
	if latest == cursor {
		return Stats{Cursor: cursor}, nil
	}
	return runPass(ctx, src, store, account, cursor, latest, apply)
}

// syncTo is [Syncer.SyncTo] for any way of applying rows.
func syncTo(ctx context.Context, store Store, src Source, account, latest string, apply applyFunc) (Stats, error) {
	if account == "" {
		return Stats{}, ErrAccountRequired
	}
	cursor, err := store.Cursor(ctx, account)
	if err != nil {
		return Stats{}, fmt.Errorf("transactions: sync %s: read cursor: %w", account, err)
	}
	return runPass(ctx, src, store, account, cursor, latest, apply)
}

// record is one listed row that must be recorded: its event, delivered
// when emit is set, and its new state.
type record struct {
	ev   Event
	emit bool
	next State
	row  Transaction
}

// applyFunc delivers r's event (when r.emit) and records r's state. handled
// reports whether the consumer accepted the event (or there was none), so
// that an error is worded as the consumer's or the store's.
type applyFunc func(ctx context.Context, r record) (handled bool, err error)

// runPass lists the rows written after cursor, applies every row that is
// new or changed, and moves the cursor to latest after a complete pass.
func runPass(ctx context.Context, src Source, store Store, account, cursor, latest string, apply applyFunc) (Stats, error) {
	st := Stats{Cursor: cursor}
	for tx, err := range src.ListTransactions(ctx, account, cursor) {
		if err != nil {
			return st, fmt.Errorf("transactions: sync %s: list: %w", account, err)
		}
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("transactions: sync %s: %w", account, err)
		}
		st.Listed++
		if tx.Account != "" && tx.Account != account {
			return st, fmt.Errorf("transactions: sync %s: %s: %w", account, tx.ID, ErrAccountMismatch)
		}
		if tx.ID == "" {
			return st, fmt.Errorf("transactions: sync %s: %w", account, ErrMissingID)
		}
		if !tx.Status.Valid() {
			return st, fmt.Errorf("transactions: sync %s: %s: %w", account, tx.ID, statusKind.Unknown(string(tx.Status)))
		}
		prev, seen, err := store.Get(ctx, account, tx.ID)
		if err != nil {
			return st, fmt.Errorf("transactions: sync %s: get %s: %w", account, tx.ID, err)
		}
		next := StateOf(tx)
		ev, emit := classify(tx, prev, seen, next)
		if !emit && seen {
			st.Unchanged++
			continue
		}
		handled, err := apply(ctx, record{ev: ev, emit: emit, next: next, row: tx})
		if !handled {
			return st, fmt.Errorf("transactions: sync %s: handle %s %s: %w", account, ev.Kind, tx.ID, err)
		}
		switch {
		case !emit: // void never seen before
			st.UnseenVoids++
		case ev.Kind == Added:
			st.Added++
		case ev.Kind == Updated:
			st.Updated++
		case ev.Kind == Voided:
			st.Voided++
		}
		if err != nil {
			return st, fmt.Errorf("transactions: sync %s: put %s: %w", account, tx.ID, err)
		}
	}
	if err := store.SetCursor(ctx, account, latest); err != nil {
		return st, fmt.Errorf("transactions: sync %s: set cursor: %w", account, err)
	}
	st.Cursor = latest
	return st, nil
}

func classify(tx Transaction, prev State, seen bool, next State) (Event, bool) {
	if !seen {
		if tx.Status == Void {
			return Event{}, false
		}
		return Event{Kind: Added, Transaction: tx}, true
	}
	var ch Change
	if prev.Status != next.Status {
		ch |= ChangedStatus
	}
	if prev.Amount != next.Amount {
		ch |= ChangedAmount
	}
	if prev.Digest != next.Digest {
		ch |= ChangedDetails
	}
	if ch == 0 || (prev.Status == Void && next.Status == Void) {
		return Event{}, false
	}
	kind := Updated
	if tx.Status == Void {
		kind = Voided
	}
	return Event{Kind: kind, Transaction: tx, Previous: prev, Changes: ch}, true
}
