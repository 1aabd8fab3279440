package main

import (
	"bytes"
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
		{name: "bad flag", args: []string{"-nope"}, code: 2, stderr: "flag provided but not defined"},
		{name: "zero months", args: []string{"-months", "0"}, code: 2, stderr: "between 1 and 24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr.String())
			}
			if tt.code == 0 {
				checkOutput(t, stdout.String())
			}
		})
	}
}

// checkOutput checks the facts the program demonstrates, in order.
func checkOutput(t *testing.T, out string) {
	t.Helper()
	steps := []string{
		"saved once: setup intent succeeded, mandate multi_use active",
		"month 1 (2025-10): 49.00 USD debited, succeeded",
		"month 2 (2025-11): returned R01 (insufficient funds), re-presenting",
		"month 2 (2025-11): 49.00 USD debited, succeeded",
		"month 3 (2025-12): 49.00 USD debited, succeeded",
		"month 4 (2026-01): 49.00 USD debited, succeeded",
		"webhook mandate.updated: mandate is inactive",
		"month 5 (2026-02): returned R02 (account closed), not re-presented",
		"month 6 (2026-03): not debited, refused locally: blocked by R02 bank_account_closed, mandate inactive",
		"6 PaymentIntents created, 4 succeeded",
	}
	at := 0
	for _, s := range steps {
		i := strings.Index(out[at:], s)
		if i < 0 {
			t.Fatalf("output lacks %q after position %d:\n%s", s, at, out)
		}
		at += i + len(s)
	}
	if n := strings.Count(out, "debited, succeeded"); n != 4 {
		t.Errorf("%d successful monthly debits, want 4:\n%s", n, out)
	}
}

// TestFewerMonths: with -months 3 the story stops before the closing
// return; nothing is refused.
func TestFewerMonths(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-months", "3"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if strings.Contains(out, "refused") || strings.Contains(out, "mandate.updated") || !strings.Contains(out, "4 PaymentIntents created, 3 succeeded") {
		t.Errorf("three months:\n%s", out)
	}
}
