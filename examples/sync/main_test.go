package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/transactions/sqlstore"
)

// ints returns the integers captured by re's first match in out, failing
// the test when there is none.
func ints(t *testing.T, out, re string) []int {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("output lacks %q:\n%s", re, out)
	}
	var n []int
	for _, s := range m[1:] {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		n = append(n, v)
	}
	return n
}

// eventLines counts the printed events of a kind ("added", "updated",
// "voided").
func eventLines(out, kind string) int {
	return len(regexp.MustCompile(`(?m)^   `+kind+` +fctxn_`).FindAllString(out, -1))
}

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		code      int
		stderr    string
		everyKind bool // the daily syncs show added, updated and voided rows
	}{
		{name: "default", code: 0, everyKind: true},
		{name: "seed 1, one week", args: []string{"-seed", "1", "-days", "7"}, code: 0},
		{name: "one day", args: []string{"-days", "1"}, code: 0},
		{name: "days out of range", args: []string{"-days", "0"}, code: 2, stderr: "-days must be between 1 and 30"},
		{name: "bad flag", args: []string{"-nope"}, code: 2, stderr: "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr.String())
			}
			if tt.code != 0 {
				return
			}
			out := stdout.String()

			// The first sync sees the whole history; the store records
			// every row, also those that were void before the first sync.
			first := ints(t, out, `initial sync: (\d+) added \((\d+) pending\), (\d+) listed`)
			held := ints(t, out, `store holds (\d+) transactions \((\d+) voided`)
			if first[0] < 100 || held[0] != first[2] || held[0] != first[0]+held[1] {
				t.Errorf("initial sync %v, store %v: want ≥100 added and every listed row recorded", first, held)
			}

			// The daily syncs print one line per event, as many as they count.
			daily := ints(t, out, `daily syncs: (\d+) added, (\d+) updated, (\d+) voided`)
			printed := []int{eventLines(out, "added"), eventLines(out, "updated"), eventLines(out, "voided")}
			for i, kind := range []string{"added", "updated", "voided"} {
				if daily[i] != printed[i] {
					t.Errorf("%d %s counted, %d printed", daily[i], kind, printed[i])
				}
			}
			if tt.everyKind {
				for _, want := range []string{"pending → posted", "pending → void"} {
					if !strings.Contains(out, want) {
						t.Errorf("no %q event:\n%s", want, out)
					}
				}
				if daily[0] == 0 || daily[1] == 0 || daily[2] == 0 {
					t.Errorf("daily syncs %v: want every kind of event", daily)
				}
			}

			// Exactly once: nothing new, and a replay delivers nothing.
			if !strings.Contains(out, "sync again: 0 listed, 0 events") {
				t.Errorf("the sync after the daily syncs was not empty:\n%s", out)
			}
			replay := ints(t, out, `replay of the \d+ days: (\d+) listed, (\d+) unchanged, (\d+) events`)
			if replay[0] == 0 || replay[1] != replay[0] || replay[2] != 0 {
				t.Errorf("replay %v: want every listed row unchanged and no event", replay)
			}

			// Both accounts in bulk, with progress to 2/2.
			for _, want := range []string{"progress 1/2 (0 errors)", "progress 2/2 (0 errors)"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q", want)
				}
			}
			savings := ints(t, out, `(?m)^   fca_\w+  (\d+) added, \d+ updated, \d+ voided; store holds (\d+)\n\nDone`)
			if savings[0] == 0 || savings[0] > savings[1] {
				t.Errorf("savings bulk sync %v: want its history added", savings)
			}
		})
	}
}

func TestRunDeterministic(t *testing.T) {
	t.Parallel()
	var a, b, errs bytes.Buffer
	if run(t.Context(), nil, &a, &errs) != 0 || run(t.Context(), nil, &b, &errs) != 0 {
		t.Fatalf("run failed: %s", errs.String())
	}
	if a.String() != b.String() {
		t.Errorf("two runs differ:\n%s\n---\n%s", a.String(), b.String())
	}
}

// TestRunDBFlag: -db keeps the sync state and the copied rows in the
// given SQLite file.
func TestRunDBFlag(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sync.db")
	var out, errs bytes.Buffer
	if code := run(t.Context(), []string{"-db", path, "-days", "1"}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	db, err := sqlstore.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var copied, states int
	if err := db.QueryRow(`SELECT COUNT(*) FROM bank_transactions`).Scan(&copied); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM fcsdk_sync_states`).Scan(&states); err != nil {
		t.Fatal(err)
	}
	first := ints(t, out.String(), `initial sync: (\d+) added`)
	if copied < first[0] || states <= copied {
		t.Errorf("file holds %d copied rows and %d states; the initial sync added %d", copied, states, first[0])
	}
}
