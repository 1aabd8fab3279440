package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "default", code: 0},
		{name: "other seed", args: []string{"-seed", "7"}, code: 0},
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
			checkOutput(t, stdout.String())
		})
	}
}

// checkOutput checks the facts the program demonstrates.
func checkOutput(t *testing.T, out string) {
	t.Helper()
	count := func(s string) int { return strings.Count(out, s) }
	// webhook is the position of the first line printed for an event of
	// the given type and the number of such lines.
	webhook := func(typ string) (int, int) {
		re := regexp.MustCompile(`(?m)^   webhook \w+ [\d:]+ ` + regexp.QuoteMeta(typ) + ` `)
		first := re.FindStringIndex(out)
		if first == nil {
			return -1, 0
		}
		return first[0], len(re.FindAllString(out, -1))
	}

	// The refresh event wakes RefreshAndWait: it returns once the refresh
	// finished (5 s later), after one read before and one after the event,
	// without waiting out the 15 s safety interval.
	refreshed, _ := webhook("account.refreshed_balance")
	returned := strings.Index(out, "RefreshAndWait returned after 5s of simulated time and 2 reads of the account")
	if refreshed < 0 || returned < 0 || refreshed > returned {
		t.Errorf("want the refreshed_balance webhook, then RefreshAndWait returning after 5s and 2 reads:\n%s", out)
	}
	if !regexp.MustCompile(`refreshed_balance +fca_\w+ succeeded`).MatchString(out) {
		t.Errorf("the refreshed_balance event does not say succeeded:\n%s", out)
	}

	// Two debits: both processing, then one succeeds and one comes back R01.
	for _, c := range []struct {
		typ  string
		want int
	}{
		{"payment_intent.processing", 2},
		{"payment_intent.succeeded", 1}, // once, although it was delivered twice
		{"payment_intent.payment_failed", 1},
	} {
		if _, got := webhook(c.typ); got != c.want {
			t.Errorf("%s dispatched %d times, want %d:\n%s", c.typ, got, c.want, out)
		}
	}
	for _, c := range []struct {
		line string
		want int
	}{
		{"confirmed processing", 2},
		{"42.00 USD, insufficient_funds", 1},
		{"webhook rejected", 0},
	} {
		if got := count(c.line); got != c.want {
			t.Errorf("%q appears %d times, want %d:\n%s", c.line, got, c.want, out)
		}
	}
	if paid, _ := webhook("payment_intent.succeeded"); !strings.Contains(out, "day 4,") || paid < strings.Index(out, "day 4,") {
		t.Errorf("the payment did not succeed after 4 simulated days:\n%s", out)
	}

	// The redelivery is acknowledged without a second dispatch.
	m := regexp.MustCompile(`redelivery of (evt_\w+) answered 200, dispatched 0 more times`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no acknowledged, undispatched redelivery:\n%s", out)
	}

	// Every dispatched event was printed; nothing was rejected.
	done := regexp.MustCompile(`Done: (\d+) deliveries, (\d+) dispatched to callbacks, 0 rejected\.`).FindStringSubmatch(out)
	if done == nil {
		t.Fatalf("no summary with 0 rejected:\n%s", out)
	}
	deliveries, _ := strconv.Atoi(done[1])
	dispatched, _ := strconv.Atoi(done[2])
	if printed := count("   webhook "); dispatched != printed || dispatched != 5 {
		t.Errorf("%d dispatched, %d printed; want 5", dispatched, printed)
	}
	// Two account.created events (no callback) and the redelivery were
	// delivered without a dispatch.
	if deliveries != dispatched+3 {
		t.Errorf("%d deliveries, %d dispatched; want 3 more deliveries than dispatches", deliveries, dispatched)
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
