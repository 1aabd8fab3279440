package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/transactions"
	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

// The crash proof. TestCrashResume re-executes the test binary as a child
// that syncs a generated account into a SQL store through a TxSyncer, its
// callback writing a ledger table in the row's transaction. The child
// SIGKILLs itself at a seeded random point — inside the callback before
// or after its write, or after the commit (before the next row is listed,
// or, at the end of a listing, before the cursor moves) — 20 times; each time the parent resumes it. At the end the ledger must
// hold every row exactly once, in its final state, and every event of a
// crash-free reference run exactly once.
//
// CI runs it on 1,000 transactions. The full run, 100,000 transactions:
//
//	FCSDK_CRASH_ROWS=100000 go test -run TestCrashResume -v ./transactions/sqlstore/
const (
	envCrashRows  = "FCSDK_CRASH_ROWS"
	envCrashChild = "FCSDK_CRASH_CHILD" // set in the child: its spec
	crashKills    = 20
	crashSeed     = 20261130
	ciCrashRows   = 1000
	crashAccount  = "fca_crash"
	crashPasses   = 3
)

// genBank is a deterministic account history of n transactions over three
// refreshes: refresh 1 writes every row (pending, posted, or already void),
// refresh 2 posts or voids pending rows and corrects some amounts, refresh
// 3 renames some posted rows.
type genBank struct {
	seed   uint64
	n      int
	target int // the refresh the current pass lists up to (1..3)
}

var crashDay = time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)

// version returns row i as of refresh r and whether refresh r wrote it.
func (b *genBank) version(i, r int) (transactions.Transaction, bool) {
	rng := rand.New(rand.NewPCG(b.seed, uint64(i)))
	t := transactions.Transaction{
		ID:           fmt.Sprintf("fctxn_%07d", i),
		Account:      crashAccount,
		Amount:       balances.Money{Amount: -int64(rng.IntN(50000) + 1), Currency: balances.USD},
		Description:  "CARD " + strconv.Itoa(rng.IntN(1000)),
		TransactedAt: crashDay.Add(-time.Duration(rng.IntN(180*24)) * time.Hour),
		RefreshID:    "fctxnref_1",
	}
	switch p := rng.IntN(100); {
	case p < 60:
		t.Status = transactions.Pending
	case p < 98:
		t.Status = transactions.Posted
	default:
		t.Status = transactions.Void
	}
	r2, r3 := rng.IntN(100), rng.IntN(100)
	wrote := r == 1
	if r >= 2 {
		switch {
		case t.Status == transactions.Pending && r2 < 75:
			t.Status, t.RefreshID, wrote = transactions.Posted, "fctxnref_2", r == 2
		case t.Status == transactions.Pending:
			t.Status, t.RefreshID, wrote = transactions.Void, "fctxnref_2", r == 2
		case t.Status == transactions.Posted && r2 < 5:
			t.Amount.Amount -= 100
			t.RefreshID, wrote = "fctxnref_2", r == 2
		}
	}
	if r >= 3 && t.Status == transactions.Posted && r3 < 10 {
		t.Description += " (RENAMED)"
		t.RefreshID, wrote = "fctxnref_3", r == 3
	}
	return t, wrote
}

func refreshID(r int) string { return "fctxnref_" + strconv.Itoa(r) }

// LatestRefresh implements transactions.Source.
func (b *genBank) LatestRefresh(context.Context, string) (string, error) {
	return refreshID(b.target), nil
}

// ListTransactions yields the rows whose latest write up to the target
// refresh is after the cursor, as of the target refresh.
func (b *genBank) ListTransactions(_ context.Context, _, after string) iter.Seq2[transactions.Transaction, error] {
	from := 0
	if after != "" {
		from, _ = strconv.Atoi(strings.TrimPrefix(after, "fctxnref_"))
	}
	return func(yield func(transactions.Transaction, error) bool) {
		for i := range b.n {
			last := 0
			var t transactions.Transaction
			for r := 1; r <= b.target; r++ {
				if v, w := b.version(i, r); w {
					last, t = r, v
				}
			}
			if last > from && !yield(t, nil) {
				return
			}
		}
	}
}

const ledgerSchema = `
CREATE TABLE ledger (
	id TEXT PRIMARY KEY,
	status TEXT NOT NULL,
	amount BIGINT NOT NULL,
	description TEXT NOT NULL,
	events INTEGER NOT NULL
);
CREATE TABLE ledger_events (
	id TEXT NOT NULL,
	seq INTEGER NOT NULL,
	kind TEXT NOT NULL,
	PRIMARY KEY (id, seq)
);`

// apply is the consumer: it writes the event to the ledger through tx. A
// second delivery of an Added event fails on the primary key; a second
// delivery of an update shows as an extra ledger_events row.
func apply(ctx context.Context, d sqlstore.Dialect, tx *sql.Tx, ev transactions.Event) error {
	t := ev.Transaction
	var seq int
	if ev.Kind == transactions.Added {
		seq = 1
		if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO ledger (id, status, amount, description, events) VALUES ($1, $2, $3, $4, 1)`),
			t.ID, string(t.Status), t.Amount.Amount, t.Description); err != nil {
			return err
		}
	} else if err := tx.QueryRowContext(ctx, d.Rebind(`UPDATE ledger SET status = $1, amount = $2, description = $3, events = events + 1 WHERE id = $4 RETURNING events`),
		string(t.Status), t.Amount.Amount, t.Description, t.ID).Scan(&seq); err != nil {
		return fmt.Errorf("update %s: %w", t.ID, err)
	}
	_, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO ledger_events (id, seq, kind) VALUES ($1, $2, $3)`), t.ID, seq, ev.Kind.String())
	return err
}

// crashSpec is what the parent tells a child.
type crashSpec struct {
	dialect sqlstore.Dialect
	dsn     string
	rows    int
	killAt  int // the callback call (1-based) at or after which to die; 0 = never
	phase   int // 0: in the callback before its write, 1: after it, 2: after its commit (before the next row, or before the cursor moves)
}

func (s crashSpec) String() string {
	return fmt.Sprintf("%s|%d|%d|%d|%s", s.dialect, s.rows, s.killAt, s.phase, s.dsn)
}

func parseSpec(v string) (crashSpec, error) {
	f := strings.SplitN(v, "|", 5)
	if len(f) != 5 {
		return crashSpec{}, errors.New("bad spec")
	}
	s := crashSpec{dialect: sqlstore.Dialect(f[0]), dsn: f[4]}
	var err1, err2, err3 error
	s.rows, err1 = strconv.Atoi(f[1])
	s.killAt, err2 = strconv.Atoi(f[2])
	s.phase, err3 = strconv.Atoi(f[3])
	return s, errors.Join(err1, err2, err3)
}

// crashChild is the child's main: it resumes the sync pass by pass and
// dies as told. Exit status 0: all passes done; 1: error.
func crashChild(v string) int {
	spec, err := parseSpec(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	ctx := context.Background()
	db, err := openDB(spec.dialect, spec.dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	defer db.Close()
	store, err := sqlstore.New(db, spec.dialect)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	die := func() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL); select {} }
	calls := 0
	bank := &genBank{seed: crashSeed, n: spec.rows}
	fn := func(ctx context.Context, tx *sql.Tx, ev transactions.Event) error {
		calls++
		if spec.killAt > 0 && calls == spec.killAt && spec.phase == 0 {
			die()
		}
		if err := apply(ctx, spec.dialect, tx, ev); err != nil {
			return err
		}
		if spec.killAt > 0 && calls == spec.killAt && spec.phase == 1 {
			die()
		}
		return nil
	}
	src := &dyingSource{Source: bank, next: func() {
		if spec.killAt > 0 && calls >= spec.killAt && spec.phase == 2 {
			die()
		}
	}}
	syncer := &transactions.TxSyncer[*sql.Tx]{Source: src, Store: store}
	for r := 1; r <= crashPasses; r++ {
		cur, err := store.Cursor(ctx, crashAccount)
		if err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			return 1
		}
		if cur >= refreshID(r) {
			continue
		}
		bank.target = r
		if _, err := syncer.SyncTo(ctx, crashAccount, refreshID(r), fn); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			return 1
		}
	}
	return 0
}

// dyingSource calls next before it yields a row and when the listing
// ends: after the previous row's transaction committed, or before the
// cursor moves.
type dyingSource struct {
	transactions.Source
	next func()
}

func (d *dyingSource) ListTransactions(ctx context.Context, account, afterRefresh string) iter.Seq2[transactions.Transaction, error] {
	return func(yield func(transactions.Transaction, error) bool) {
		for t, err := range d.Source.ListTransactions(ctx, account, afterRefresh) {
			d.next()
			if !yield(t, err) {
				return
			}
		}
		d.next()
	}
}

// reference is the crash-free run on a MemoryStore: the final row of every
// delivered transaction and how many events each got.
type reference struct {
	final  map[string]transactions.Transaction
	events map[string]int
	total  int
}

func referenceRun(t *testing.T, rows int) reference {
	ctx := context.Background()
	bank := &genBank{seed: crashSeed, n: rows}
	ref := reference{final: map[string]transactions.Transaction{}, events: map[string]int{}}
	s := &transactions.Syncer{Source: bank, Store: &transactions.MemoryStore{}}
	for r := 1; r <= crashPasses; r++ {
		bank.target = r
		if _, err := s.SyncTo(ctx, crashAccount, refreshID(r), func(_ context.Context, ev transactions.Event) error {
			ref.final[ev.Transaction.ID] = ev.Transaction
			ref.events[ev.Transaction.ID]++
			ref.total++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return ref
}

func TestCrashResume(t *testing.T) {
	rows := ciCrashRows
	if v := os.Getenv(envCrashRows); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 {
			t.Fatalf("%s=%q: want a number of transactions >= 100", envCrashRows, v)
		}
		rows = n
	}
	ref := referenceRun(t, rows)
	for _, d := range dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel() // separate databases; one waits on I/O while the other runs
			e := setup(t, d)
			crashRun(t, e, rows, ref)
		})
	}
}

func crashRun(t *testing.T, e *engine, rows int, ref reference) {
	ctx := context.Background()
	if _, err := e.db.ExecContext(ctx, ledgerSchema); err != nil {
		t.Fatal(err)
	}
	committed := func() int {
		var n int
		if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	rng := rand.New(rand.NewPCG(crashSeed, uint64(len(e.name))))
	start := time.Now()
	kills, attempts := 0, 0
	var killedAt []string
	for kills < crashKills {
		done := committed()
		remaining := ref.total - done
		if remaining <= 0 {
			t.Fatalf("all %d events committed after %d kills: too few rows for %d kills", ref.total, kills, crashKills)
		}
		// Spread the kills: on average each consumes half of its share
		// of what remains.
		spec := crashSpec{dialect: e.dialect, dsn: e.dsn, rows: rows,
			killAt: 1 + rng.IntN(max(1, remaining/(crashKills-kills+1))), phase: rng.IntN(3)}
		code, out := runChild(t, spec)
		attempts++
		if code != -1 {
			t.Fatalf("child %v exited with %d, want SIGKILL; output:\n%s", spec, code, out)
		}
		kills++
		killedAt = append(killedAt, fmt.Sprintf("%d+%d/p%d", done, spec.killAt, spec.phase))
	}
	code, out := runChild(t, crashSpec{dialect: e.dialect, dsn: e.dsn, rows: rows})
	if code != 0 {
		t.Fatalf("final child exited with %d; output:\n%s", code, out)
	}
	elapsed := time.Since(start)
	verifyLedger(t, e, ref)
	states, err := e.store.Len(ctx, crashAccount)
	if err != nil {
		t.Fatal(err)
	}
	if states != rows {
		t.Errorf("store holds %d states, want %d (every listed row, unseen voids included)", states, rows)
	}
	t.Logf("%s: %d transactions, %d SIGKILLs (committed+killAt/phase: %s), %d events committed exactly once (reference %d), %d ledger rows, %d states, %v",
		e.name, rows, kills, strings.Join(killedAt, " "), committed(), ref.total, len(ref.final), states, elapsed.Round(time.Millisecond))
	fmt.Printf("crash proof %s: %d transactions, %d SIGKILLs, %d events exactly once, %d ledger rows, %d store states, %v\n",
		e.name, rows, kills, committed(), len(ref.final), states, elapsed.Round(time.Millisecond))
}

// runChild runs the test binary as a crash child and returns its exit
// status (-1 when killed by SIGKILL) and output.
func runChild(t *testing.T, spec crashSpec) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envCrashChild+"="+spec.String())
	out, err := cmd.CombinedOutput()
	if err == nil {
		return 0, string(out)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("run child: %v", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return -1, string(out)
	}
	return ee.ExitCode(), string(out)
}

func verifyLedger(t *testing.T, e *engine, ref reference) {
	t.Helper()
	ctx := context.Background()
	rs, err := e.db.QueryContext(ctx, `SELECT id, status, amount, description, events FROM ledger`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	seen := 0
	for rs.Next() {
		var id, status, desc string
		var amount int64
		var events int
		if err := rs.Scan(&id, &status, &amount, &desc, &events); err != nil {
			t.Fatal(err)
		}
		seen++
		want, ok := ref.final[id]
		switch {
		case !ok:
			t.Fatalf("ledger holds %s, which the reference never delivered", id)
		case status != string(want.Status) || amount != want.Amount.Amount || desc != want.Description:
			t.Fatalf("ledger %s = %s %d %q, want %s %d %q", id, status, amount, desc, want.Status, want.Amount.Amount, want.Description)
		case events != ref.events[id]:
			t.Fatalf("ledger %s got %d events, want %d", id, events, ref.events[id])
		}
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != len(ref.final) {
		t.Fatalf("ledger holds %d rows, want %d", seen, len(ref.final))
	}
	var n int
	if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != ref.total {
		t.Fatalf("ledger_events holds %d events, want %d", n, ref.total)
	}
}
