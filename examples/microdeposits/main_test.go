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
		{name: "amount below the refund", args: []string{"-amount", "999"}, code: 2, stderr: "-amount must be between 1000"},
		{name: "amount above Stripe's limit", args: []string{"-amount", "100000000"}, code: 2, stderr: "-amount must be between"},
		{name: "custom amount", args: []string{"-amount", "12345"}, code: 0},
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

// checkOutput checks the facts the program demonstrates, in order: the
// hand entry, the microdeposit action and its webhook, the refused data
// read, the arrival, the refused wrong amount, the verification, the
// settled debit and the refund's lifecycle.
func checkOutput(t *testing.T, out string) {
	t.Helper()
	steps := []string{
		"the customer typed in account ****6789 (manual_entry)",
		"webhook setup_intent.requires_action: verify_with_microdeposits",
		"confirmed: requires_action, verify with amounts arriving",
		"(hosted page [redacted])",
		"refused locally with ErrNoFinancialConnectionsAccount, 0 requests",
		"two deposits of 32 and 45 cents arrived",
		"wrong amounts 32 and 54 refused with ErrMicrodepositMismatch",
		"verified with 32 and 45: setup intent succeeded, mandate saved",
		"processing",
		"debit succeeded",
		"refund of 10.00 USD: pending",
		"webhook refund.updated: succeeded",
		"refund succeeded; kept",
	}
	at := 0
	for _, s := range steps {
		i := strings.Index(out[at:], s)
		if i < 0 {
			t.Fatalf("output lacks %q after offset %d:\n%s", s, at, out)
		}
		at += i + len(s)
	}
	if strings.Contains(out, "payments.stripe.com") {
		t.Errorf("the hosted verification URL was printed:\n%s", out)
	}
}
