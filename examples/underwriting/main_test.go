package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		code      int
		stderr    string
		decisions []string // per applicant, in order
	}{
		{name: "default", code: 0, decisions: []string{"approve", "decline (average daily balance below two payments)"}},
		// A loan whose payment exceeds a third of Jenny's income and half her average balance.
		{name: "large loan", args: []string{"-amount", "12000000", "-months", "6"}, code: 0, decisions: []string{
			"decline (average daily balance below two payments; recurring income below three payments)",
			"decline (average daily balance below two payments; recurring income below three payments)"}},
		{name: "bad term", args: []string{"-months", "0"}, code: 2, stderr: "-months between 1 and 60"},
		{name: "bad amount", args: []string{"-amount", "-5"}, code: 2, stderr: "-amount must be positive"},
		{name: "bad flag", args: []string{"-nope"}, code: 2, stderr: "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr lacks %q: %s", tt.stderr, stderr.String())
			}
			if tt.code != 0 {
				return
			}
			out := stdout.String()
			got := regexp.MustCompile(`(?m)^   decision: (.*)$`).FindAllStringSubmatch(out, -1)
			if len(got) != len(tt.decisions) {
				t.Fatalf("%d decisions, want %d:\n%s", len(got), len(tt.decisions), out)
			}
			for i, m := range got {
				if m[1] != tt.decisions[i] {
					t.Errorf("applicant %d: decision %q, want %q", i+1, m[1], tt.decisions[i])
				}
			}
			// Every applicant is asked to link again for exactly the
			// missing data, and ends up with it.
			if n := strings.Count(out, "missing balances,transactions; shown to the applicant: \"To continue, reconnect your "); n != 2 {
				t.Errorf("%d relink prompts, want 2:\n%s", n, out)
			}
			if n := strings.Count(out, "linked again with payment_method,balances,transactions"); n != 2 {
				t.Errorf("%d relinks, want 2", n)
			}
		})
	}
}
