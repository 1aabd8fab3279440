package fincon_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/transactions"
)

// page is one list page a pagedFake serves: row numbers and has_more.
type page struct {
	rows    []int
	hasMore bool
}

// Routes of the four listings under test.
const (
	routeAccounts     = "GET /v1/financial_connections/accounts"
	routeAccount      = "GET /v1/financial_connections/accounts/fca_1"
	routeOwners       = "GET /v1/financial_connections/accounts/fca_1/owners"
	routeTransactions = "GET /v1/financial_connections/transactions"
)

// rowJSON is row n of a listing on route.
func rowJSON(route string, n int) string {
	switch route {
	case routeAccounts:
		return acct{id: fmt.Sprintf("fca_r%d", n), perms: []string{"balances"}}.JSON()
	case routeOwners:
		return fmt.Sprintf(`{"id":"fcaowner_%d","object":"financial_connections.account_owner","name":"Jenny Rosen","ownership":"fcaowns_1","refreshed_at":1700000000}`, n)
	default:
		return fmt.Sprintf(`{"id":"fctxn_%d","object":"financial_connections.transaction","account":"fca_1","amount":-%d,"currency":"usd","description":"row %d","status":"posted","transacted_at":1700000000,"updated":1700000000,"transaction_refresh":"fctxnref_1","status_transitions":{"posted_at":1700000000,"void_at":null}}`, n, 100+n, n)
	}
}

// pagedFake serves pages, one per request in order, on route; requests
// past the last page get an empty final page. The account fca_1 has every
// permission, an ownership and a finished transaction refresh.
func pagedFake(route string, pages []page) *fakeStripe {
	f := newFake()
	f.Always(routeAccount, acct{
		id: "fca_1", perms: []string{"balances", "ownership", "transactions"}, ownership: "fcaowns_1",
		refresh: map[string]refresh{
			"ownership":   {status: "succeeded", last: 1700000000},
			"transaction": {status: "succeeded", last: 1700000000, id: "fctxnref_1"},
		},
	}.JSON())
	f.On(route, func(n int, _ call) reply {
		var p page
		if n < len(pages) {
			p = pages[n]
		}
		rows := make([]string, len(p.rows))
		for i, r := range p.rows {
			rows[i] = rowJSON(route, r)
		}
		body := `{"object":"list","url":"/v1/x","has_more":` + fmt.Sprint(p.hasMore) + `,"data":[` + strings.Join(rows, ",") + `]}`
		return reply{Status: 200, Body: body}
	})
	return f
}

// expected returns the rows a correct client yields for pages and whether
// the listing can be followed to its end: pages are fetched until one
// without has_more; an empty page with has_more, or a row seen before,
// cannot be followed (the rows before it are still yielded).
func expected(pages []page) (rows []string, ok bool) {
	seen := map[int]bool{}
	for i := 0; ; i++ {
		var p page
		if i < len(pages) {
			p = pages[i]
		}
		if len(p.rows) == 0 && p.hasMore {
			return rows, false
		}
		for _, r := range p.rows {
			if seen[r] {
				return rows, false
			}
			seen[r] = true
			rows = append(rows, fmt.Sprint(r))
		}
		if !p.hasMore {
			return rows, true
		}
	}
}

// lister ranges over one listing and returns the row numbers it yielded
// and its error.
type lister func(ctx context.Context, c *fincon.Client) ([]string, error)

func rowNumber(id string) string { return id[strings.LastIndexByte(id, '_')+1:] }

var listers = map[string]lister{
	routeAccounts: func(ctx context.Context, c *fincon.Client) (got []string, err error) {
		for a, err := range c.ListAccounts(ctx, fincon.ListAccountsParams{Holder: fincon.AccountHolder{Customer: "cus_1"}}) {
			if err != nil {
				return got, err
			}
			got = append(got, strings.TrimPrefix(a.ID, "fca_r"))
		}
		return got, nil
	},
	routeOwners: func(ctx context.Context, c *fincon.Client) (got []string, err error) {
		for o, err := range c.Owners(ctx, "fca_1") {
			if err != nil {
				return got, err
			}
			got = append(got, rowNumber(o.ID))
		}
		return got, nil
	},
	routeTransactions: func(ctx context.Context, c *fincon.Client) (got []string, err error) {
		for tx, err := range c.Transactions(ctx, "fca_1", fincon.TransactionListOptions{}) {
			if err != nil {
				return got, err
			}
			got = append(got, rowNumber(tx.ID))
		}
		return got, nil
	},
}

// checkListing runs every lister and the Syncer over pages and checks:
// no panic; every row exactly once and no error when the pages can be
// followed; otherwise an error matching ErrMalformedResponse after a
// prefix of the rows, and the Syncer's cursor unchanged.
func checkListing(t *testing.T, pages []page) {
	t.Helper()
	want, ok := expected(pages)
	for _, route := range []string{routeAccounts, routeOwners, routeTransactions} {
		c := setup(t, onFake(pagedFake(route, pages)), clientOptions(fincon.WithMaxRetries(0))).c
		got, err := listers[route](t.Context(), c)
		if ok && (err != nil || !slices.Equal(got, want)) {
			t.Fatalf("%s over %v: rows %v, err %v; want rows %v, no error", route, pages, got, err, want)
		}
		if !ok && (!errors.Is(err, fincon.ErrMalformedResponse) || len(got) > len(want) || !slices.Equal(got, want[:len(got)])) {
			t.Fatalf("%s over %v: rows %v, err %v; want a prefix of %v and ErrMalformedResponse", route, pages, got, err, want)
		}
	}

	// The Syncer on the transactions listing.
	c := setup(t, onFake(pagedFake(routeTransactions, pages)), clientOptions(fincon.WithMaxRetries(0))).c
	store := &transactions.MemoryStore{}
	var got []string
	st, err := (&transactions.Syncer{Source: c.TransactionSource(), Store: store}).Sync(t.Context(), "fca_1", func(_ context.Context, ev transactions.Event) error {
		got = append(got, rowNumber(ev.Transaction.ID))
		return nil
	})
	cursor, cerr := store.Cursor(t.Context(), "fca_1")
	if cerr != nil {
		t.Fatal(cerr)
	}
	if ok && (err != nil || cursor != "fctxnref_1" || st.Cursor != cursor || !slices.Equal(got, want)) {
		t.Fatalf("Sync over %v: events %v, cursor %q, err %v; want events %v, cursor fctxnref_1", pages, got, cursor, err, want)
	}
	if !ok && (!errors.Is(err, fincon.ErrMalformedResponse) || cursor != "" || st.Cursor != "") {
		t.Fatalf("Sync over %v: cursor %q (stats %q), err %v; want ErrMalformedResponse and the cursor unchanged", pages, cursor, st.Cursor, err)
	}
}

func TestListPagesThatCannotBeFollowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		pages []page
		ok    bool
	}{
		{"first page empty with has_more", []page{{hasMore: true}}, false},
		{"later page empty with has_more", []page{{rows: []int{1, 2}, hasMore: true}, {hasMore: true}, {rows: []int{3}}}, false},
		{"last id does not advance", []page{{rows: []int{1, 2}, hasMore: true}, {rows: []int{2}, hasMore: true}, {rows: []int{3}}}, false},
		{"same page twice", []page{{rows: []int{1, 2}, hasMore: true}, {rows: []int{1, 2}, hasMore: true}, {rows: []int{3}}}, false},
		{"page goes back", []page{{rows: []int{1, 2}, hasMore: true}, {rows: []int{3, 4}, hasMore: true}, {rows: []int{1, 2}}}, false},
		{"repeat within a page", []page{{rows: []int{1, 1}}}, false},
		{"three good pages", []page{{rows: []int{1, 2}, hasMore: true}, {rows: []int{3, 4}, hasMore: true}, {rows: []int{5}}}, true},
		{"empty last page", []page{{rows: []int{1}, hasMore: true}, {}}, true},
		{"empty listing", []page{{}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, ok := expected(tt.pages); ok != tt.ok {
				t.Fatalf("model says followable = %v, want %v", ok, tt.ok)
			}
			checkListing(t, tt.pages)
		})
	}
}

// TestListPageErrorNamesTheProblem checks the error's text and shape.
func TestListPageErrorNamesTheProblem(t *testing.T) {
	t.Parallel()
	c := setup(t, onFake(pagedFake(routeTransactions, []page{{hasMore: true}})), clientOptions(fincon.WithMaxRetries(0))).c
	_, err := listers[routeTransactions](t.Context(), c)
	var fe *fincon.Error
	if !errors.As(err, &fe) || fe.Op != "list transactions" || fe.HTTPStatus != 200 || fe.RequestID != "req_fake" {
		t.Fatalf("err = %#v, want an *Error of list transactions with status 200 and the request id", err)
	}
	if !strings.Contains(err.Error(), "empty list page with has_more") {
		t.Errorf("err = %v, want the reason", err)
	}
}

// TestCallerPanicPassesThrough: a panic in the caller's loop body is the
// caller's own and is not turned into an error.
func TestCallerPanicPassesThrough(t *testing.T) {
	t.Parallel()
	c := setup(t, onFake(pagedFake(routeTransactions, []page{{rows: []int{1, 2}}})), clientOptions(fincon.WithMaxRetries(0))).c
	defer func() {
		if r := recover(); r != "caller" {
			t.Fatalf("recovered %v, want the caller's panic", r)
		}
	}()
	for range c.Transactions(t.Context(), "fca_1", fincon.TransactionListOptions{}) {
		panic("caller")
	}
	t.Fatal("loop ended without the panic")
}

// TestBulkSyncSurvivesBrokenPages: the first page that made stripe-go
// panic on a worker goroutine (killing the process) is now that item's
// error, and the other items and cursors are unaffected.
func TestBulkSyncSurvivesBrokenPages(t *testing.T) {
	t.Parallel()
	c := setup(t, onFake(pagedFake(routeTransactions, []page{{hasMore: true}})), clientOptions(fincon.WithMaxRetries(0))).c
	store := &transactions.MemoryStore{}
	res, err := c.SyncTransactionsMany(t.Context(), []string{"fca_1"}, store, nil, fincon.BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res[0].Err, fincon.ErrMalformedResponse) {
		t.Fatalf("item error = %v, want ErrMalformedResponse", res[0].Err)
	}
	if cur, _ := store.Cursor(t.Context(), "fca_1"); cur != "" {
		t.Errorf("cursor moved to %q after an incomplete pass", cur)
	}
}

// TestBulkRecoversPanics: a panic in the caller's fn on a worker becomes
// that item's *PanicError.
func TestBulkRecoversPanics(t *testing.T) {
	t.Parallel()
	c := setup(t, onFake(pagedFake(routeTransactions, []page{{rows: []int{1}}})), clientOptions(fincon.WithMaxRetries(0))).c
	store := &transactions.MemoryStore{}
	res, err := c.SyncTransactionsMany(t.Context(), []string{"fca_1"}, store, func(context.Context, transactions.Event) error {
		panic("handler bug with sk_test_51Secret_wire_0123456789")
	}, fincon.BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var pe *fincon.PanicError
	var fe *fincon.Error
	if !errors.Is(res[0].Err, fincon.ErrPanic) || !errors.As(res[0].Err, &pe) || !errors.As(res[0].Err, &fe) {
		t.Fatalf("item error = %v, want an *Error holding a *PanicError", res[0].Err)
	}
	if strings.Contains(res[0].Err.Error(), "Secret") || !strings.Contains(res[0].Err.Error(), "handler bug") {
		t.Errorf("item error = %q: want the panic value, redacted", res[0].Err)
	}
	if cur, _ := store.Cursor(t.Context(), "fca_1"); cur != "" {
		t.Errorf("cursor moved to %q after a panic", cur)
	}
}

// decodePages turns fuzz bytes into up to 6 pages: a header byte per page
// (low 2 bits: row count, bit 2: has_more) followed by its rows (0-9).
func decodePages(b []byte) []page {
	var pages []page
	for len(b) > 0 && len(pages) < 6 {
		h := b[0]
		b = b[1:]
		p := page{hasMore: h&4 != 0}
		for range int(h & 3) {
			if len(b) == 0 {
				break
			}
			p.rows = append(p.rows, int(b[0]%10))
			b = b[1:]
		}
		pages = append(pages, p)
	}
	return pages
}

// FuzzListPages feeds arbitrary sequences of list pages to Transactions,
// ListAccounts, Owners and the Syncer: no panic, and either every row
// exactly once or an error (ErrMalformedResponse) with the cursor
// unchanged. The seeds below run in every go test; fuzz with
// go test -run '^$' -fuzz FuzzListPages -fuzztime 5m ./fincon.
func FuzzListPages(f *testing.F) {
	f.Add([]byte{4})                                      // first page empty with has_more
	f.Add([]byte{6, 1, 2, 4, 1, 3})                       // later page empty with has_more
	f.Add([]byte{6, 1, 2, 5, 2, 1, 3})                    // last id does not advance
	f.Add([]byte{6, 1, 2, 6, 1, 2, 1, 3})                 // same page twice
	f.Add([]byte{6, 1, 2, 6, 3, 4, 2, 1, 2})              // page goes back
	f.Add([]byte{6, 1, 2, 6, 3, 4, 1, 5})                 // three good pages
	f.Add([]byte{5, 1, 0})                                // empty last page
	f.Add([]byte{})                                       // no page at all
	f.Add([]byte{7, 1, 2, 3, 7, 4, 5, 6, 7, 7, 8, 9, 10}) // full pages
	f.Fuzz(func(t *testing.T, b []byte) {
		checkListing(t, decodePages(b))
	})
}
