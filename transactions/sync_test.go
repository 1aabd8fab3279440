package transactions

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/balances"
)

// fakeBank is an in-memory Source: each refresh writes new versions of
// transactions; listing after refresh r yields every transaction whose
// latest version was written by a later refresh, newest first.
type fakeBank struct {
	account   string
	refreshes []string // ids in order
	rows      map[string]Transaction
	order     []string // transaction ids in first-seen order
	writtenBy map[string]int

	latestOverride string // if set, LatestRefresh returns it
	failAfter      int    // if > 0, the listing yields an error after this many rows
	failLatest     error
	lists          int
}

var errBank = errors.New("bank unavailable")

func newBank() *fakeBank {
	return &fakeBank{account: "fca_1", rows: map[string]Transaction{}, writtenBy: map[string]int{}}
}

// refresh records a new refresh that writes txs.
func (b *fakeBank) refresh(txs ...Transaction) string {
	id := fmt.Sprintf("fctxnref_%d", len(b.refreshes)+1)
	b.refreshes = append(b.refreshes, id)
	for _, tx := range txs {
		tx.Account, tx.RefreshID = b.account, id
		if _, ok := b.rows[tx.ID]; !ok {
			b.order = append(b.order, tx.ID)
		}
		b.rows[tx.ID] = tx
		b.writtenBy[tx.ID] = len(b.refreshes)
	}
	return id
}

func (b *fakeBank) LatestRefresh(context.Context, string) (string, error) {
	if b.failLatest != nil {
		return "", b.failLatest
	}
	if b.latestOverride != "" {
		return b.latestOverride, nil
	}
	if len(b.refreshes) == 0 {
		return "", nil
	}
	return b.refreshes[len(b.refreshes)-1], nil
}

func (b *fakeBank) ListTransactions(_ context.Context, account, after string) iter.Seq2[Transaction, error] {
	b.lists++
	seq := 0
	if after != "" {
		seq = slices.Index(b.refreshes, after) + 1
	}
	return func(yield func(Transaction, error) bool) {
		n := 0
		for i := len(b.order) - 1; i >= 0; i-- {
			id := b.order[i]
			if b.writtenBy[id] <= seq {
				continue
			}
			if b.failAfter > 0 && n == b.failAfter {
				yield(Transaction{}, errBank)
				return
			}
			n++
			if !yield(b.rows[id], nil) {
				return
			}
		}
	}
}

var day0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

func tx(id string, amount int64, status Status, desc string, day int) Transaction {
	return Transaction{
		ID: id, Amount: balances.Money{Amount: amount, Currency: balances.USD},
		Description: desc, Status: status, TransactedAt: day0.AddDate(0, 0, day),
	}
}

// recorder is a consumer that can be told to fail at its n-th call.
type recorder struct {
	events []string
	failAt int // 1-based; 0 = never
	calls  int
}

var errConsumer = errors.New("consumer down")

func (r *recorder) handle(_ context.Context, e Event) error {
	r.calls++
	if r.failAt > 0 && r.calls == r.failAt {
		return errConsumer
	}
	r.events = append(r.events, describe(e))
	return nil
}

func describe(e Event) string {
	s := e.Kind.String() + " " + e.Transaction.ID
	var ch []string
	if e.Changes.Has(ChangedStatus) {
		ch = append(ch, string(e.Previous.Status)+"->"+string(e.Transaction.Status))
	}
	if e.Changes.Has(ChangedAmount) {
		ch = append(ch, "amount")
	}
	if e.Changes.Has(ChangedDetails) {
		ch = append(ch, "details")
	}
	if len(ch) > 0 {
		s += " (" + strings.Join(ch, ",") + ")"
	}
	return s
}

func TestSyncLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := newBank()
	store := &MemoryStore{}
	s := &Syncer{Source: b, Store: store}
	steps := []struct {
		name  string
		rows  []Transaction
		want  []string
		stats Stats
	}{
		{
			name: "first sync adds everything but unseen voids",
			rows: []Transaction{
				tx("A", -1250, Pending, "COFFEE", 0),
				tx("B", 250000, Posted, "ACME PAYROLL", 0),
				tx("C", -4500, Pending, "SHELL OIL", 1),
				tx("V", -999, Void, "AUTH HOLD", 1),
			},
			want:  []string{"added C", "added B", "added A"},
			stats: Stats{Listed: 4, Added: 3, UnseenVoids: 1, Cursor: "fctxnref_1"},
		},
		{
			name: "pending posts, pending voids, new row, untouched row rewritten",
			rows: []Transaction{
				tx("A", -1250, Posted, "COFFEE", 0),
				tx("B", 250000, Posted, "ACME PAYROLL", 0),
				tx("C", -4500, Void, "SHELL OIL", 1),
				tx("D", -120000, Posted, "RENT", 2),
			},
			want:  []string{"added D", "voided C (pending->void)", "updated A (pending->posted)"},
			stats: Stats{Listed: 4, Added: 1, Updated: 1, Voided: 1, Unchanged: 1, Cursor: "fctxnref_2"},
		},
		{
			name: "amount and description changes; void stays void; unseen void stays silent",
			rows: []Transaction{
				tx("A", -1500, Posted, "COFFEE", 0),
				tx("D", -120000, Posted, "RENT MARCH", 2),
				tx("C", -4700, Void, "SHELL OIL", 1),
				tx("V", -999, Void, "AUTH HOLD", 1),
			},
			want:  []string{"updated D (details)", "updated A (amount)"},
			stats: Stats{Listed: 4, Updated: 2, Unchanged: 2, Cursor: "fctxnref_3"},
		},
		{
			name:  "nothing new",
			want:  nil,
			stats: Stats{Cursor: "fctxnref_3"},
		},
	}
	for _, step := range steps {
		if step.rows != nil {
			b.refresh(step.rows...)
		}
		var r recorder
		lists := b.lists
		st, err := s.Sync(ctx, "fca_1", r.handle)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if !slices.Equal(r.events, step.want) {
			t.Errorf("%s: events\n got %q\nwant %q", step.name, r.events, step.want)
		}
		if st != step.stats {
			t.Errorf("%s: stats %+v, want %+v", step.name, st, step.stats)
		}
		if step.rows == nil && b.lists != lists {
			t.Errorf("%s: listed although cursor == latest", step.name)
		}
	}
	if n := store.Len("fca_1"); n != 5 {
		t.Errorf("store holds %d states, want 5", n)
	}
}

// TestSyncCrashResume fails the sync at every possible point, by the Source
// or by the consumer, resumes it, and checks that the consumer saw every
// event of a failure-free run exactly once.
func TestSyncCrashResume(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	build := func() *fakeBank {
		b := newBank()
		var rows []Transaction
		for i := range 12 {
			st := Pending
			if i%3 == 0 {
				st = Posted
			}
			rows = append(rows, tx(fmt.Sprintf("T%02d", i), int64(-100*(i+1)), st, "CARD", i))
		}
		b.refresh(rows...)
		var upd []Transaction
		for i := range 12 {
			switch i % 4 {
			case 1:
				upd = append(upd, tx(fmt.Sprintf("T%02d", i), int64(-100*(i+1)), Posted, "CARD", i))
			case 2:
				upd = append(upd, tx(fmt.Sprintf("T%02d", i), int64(-100*(i+1)), Void, "CARD", i))
			}
		}
		upd = append(upd, tx("N1", 5000, Posted, "REFUND", 20), tx("N2", -700, Pending, "CARD", 21))
		b.refresh(upd...)
		return b
	}

	// Reference: one failure-free sync of a fresh bank.
	fresh := build()
	var wantOnce recorder
	if _, err := (&Syncer{Source: fresh, Store: &MemoryStore{}}).Sync(ctx, "fca_1", wantOnce.handle); err != nil {
		t.Fatal(err)
	}
	if len(wantOnce.events) != 11 { // 12 rows + 2 new − 3 unseen voids
		t.Fatalf("reference run: %d events %q", len(wantOnce.events), wantOnce.events)
	}

	tests := []struct {
		name string
		fail func(b *fakeBank, r *recorder, k int)
		max  int
	}{
		{"source fails after k rows", func(b *fakeBank, _ *recorder, k int) { b.failAfter = k }, 13},
		{"consumer fails at event k", func(_ *fakeBank, r *recorder, k int) { r.failAt = k }, 11},
	}
	for _, tt := range tests {
		for k := 1; k <= tt.max; k++ {
			t.Run(fmt.Sprintf("%s/k=%d", tt.name, k), func(t *testing.T) {
				b := build()
				store := &MemoryStore{}
				s := &Syncer{Source: b, Store: store}
				var r recorder
				tt.fail(b, &r, k)
				_, err := s.Sync(ctx, "fca_1", r.handle)
				if !errors.Is(err, errBank) && !errors.Is(err, errConsumer) {
					t.Fatalf("first sync: err = %v, want injected failure", err)
				}
				if c, _ := store.Cursor(ctx, "fca_1"); c != "" {
					t.Fatalf("cursor advanced to %q after a failed pass", c)
				}
				b.failAfter, r.failAt = 0, 0
				st, err := s.Sync(ctx, "fca_1", r.handle)
				if err != nil {
					t.Fatalf("resume: %v", err)
				}
				if st.Cursor != "fctxnref_2" {
					t.Fatalf("cursor %q", st.Cursor)
				}
				got := slices.Sorted(slices.Values(r.events))
				exp := slices.Sorted(slices.Values(wantOnce.events))
				if !slices.Equal(got, exp) {
					t.Fatalf("events after resume\n got %q\nwant %q", got, exp)
				}
				// A third sync is a no-op.
				var again recorder
				if _, err := s.SyncTo(ctx, "fca_1", "fctxnref_2", again.handle); err != nil || len(again.events) != 0 {
					t.Fatalf("replay delivered %q, %v", again.events, err)
				}
			})
		}
	}
}

// TestSyncRefreshDuringListing: a refresh completes after LatestRefresh was
// read; its rows are delivered in this pass and not again in the next.
func TestSyncRefreshDuringListing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := newBank()
	b.refresh(tx("A", -100, Pending, "X", 0))
	b.refresh(tx("A", -100, Posted, "X", 0), tx("B", -200, Pending, "Y", 1))
	b.latestOverride = "fctxnref_1" // the pass believes refresh 1 is the latest
	s := &Syncer{Source: b, Store: &MemoryStore{}}
	var r recorder
	if _, err := s.Sync(ctx, "fca_1", r.handle); err != nil {
		t.Fatal(err)
	}
	b.latestOverride = ""
	st, err := s.Sync(ctx, "fca_1", r.handle)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"added B", "added A"}; !slices.Equal(r.events, want) {
		t.Fatalf("events %q, want %q", r.events, want)
	}
	if st.Unchanged != 2 || st.Cursor != "fctxnref_2" {
		t.Fatalf("stats %+v", st)
	}
}

type failingStore struct {
	MemoryStore
	failCursor, failSet, failGet, failPut bool
}

var errStore = errors.New("store down")

func (f *failingStore) Cursor(ctx context.Context, a string) (string, error) {
	if f.failCursor {
		return "", errStore
	}
	return f.MemoryStore.Cursor(ctx, a)
}
func (f *failingStore) SetCursor(ctx context.Context, a, r string) error {
	if f.failSet {
		return errStore
	}
	return f.MemoryStore.SetCursor(ctx, a, r)
}
func (f *failingStore) Get(ctx context.Context, a, id string) (State, bool, error) {
	if f.failGet {
		return State{}, false, errStore
	}
	return f.MemoryStore.Get(ctx, a, id)
}
func (f *failingStore) Put(ctx context.Context, a string, st State, row Transaction) error {
	if f.failPut {
		return errStore
	}
	return f.MemoryStore.Put(ctx, a, st, row)
}

func TestSyncErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name    string
		account string
		ctx     context.Context
		setup   func(b *fakeBank, s *failingStore)
		want    error
	}{
		{"empty account", "", ctx, nil, ErrAccountRequired},
		{"cursor read fails", "fca_1", ctx, func(_ *fakeBank, s *failingStore) { s.failCursor = true }, errStore},
		{"get fails", "fca_1", ctx, func(_ *fakeBank, s *failingStore) { s.failGet = true }, errStore},
		{"put fails", "fca_1", ctx, func(_ *fakeBank, s *failingStore) { s.failPut = true }, errStore},
		{"set cursor fails", "fca_1", ctx, func(_ *fakeBank, s *failingStore) { s.failSet = true }, errStore},
		{"latest refresh fails", "fca_1", ctx, func(b *fakeBank, _ *failingStore) { b.failLatest = errBank }, errBank},
		{"row of another account", "fca_1", ctx, func(b *fakeBank, _ *failingStore) {
			b.rows["A"] = Transaction{ID: "A", Account: "fca_2", Status: Posted}
		}, ErrAccountMismatch},
		{"row without id", "fca_1", ctx, func(b *fakeBank, _ *failingStore) { b.rows["A"] = Transaction{Status: Posted} }, ErrMissingID},
		{"row with bad status", "fca_1", ctx, func(b *fakeBank, _ *failingStore) { b.rows["A"] = Transaction{ID: "A", Status: "cleared"} }, ErrUnknownStatus},
		{"canceled", "fca_1", canceled, nil, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBank()
			b.refresh(tx("A", -100, Pending, "X", 0))
			store := &failingStore{}
			if tt.setup != nil {
				tt.setup(b, store)
			}
			var r recorder
			_, err := (&Syncer{Source: b, Store: store}).Sync(tt.ctx, tt.account, r.handle)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if c, _ := store.MemoryStore.Cursor(ctx, "fca_1"); c != "" {
				t.Fatalf("cursor advanced to %q on error", c)
			}
		})
	}
}

func TestMemoryStoreRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []State{
		{ID: "a", Status: Pending, Amount: balances.Money{Amount: -5, Currency: balances.USD}, Digest: 1},
		{ID: "b", Status: Void, Amount: balances.Money{Amount: 7, Currency: balances.JPY}, Digest: 2},
		{ID: "c", Status: Posted, Amount: balances.Money{}, Digest: 3},
	}
	var m MemoryStore
	for _, st := range tests {
		if err := m.Put(ctx, "acct", st, Transaction{ID: st.ID, Status: st.Status}); err != nil {
			t.Fatal(err)
		}
		got, ok, err := m.Get(ctx, "acct", st.ID)
		if err != nil || !ok || got != st {
			t.Errorf("Get(%s) = %+v, %v, %v", st.ID, got, ok, err)
		}
	}
	if _, ok, _ := m.Get(ctx, "other", "a"); ok {
		t.Error("states leak across accounts")
	}
}

func TestEventKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[EventKind]string{Added: "added", Updated: "updated", Voided: "voided", 9: "EventKind(9)"} {
		if k.String() != want {
			t.Errorf("%d: %q", k, k.String())
		}
	}
}
