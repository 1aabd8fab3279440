package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	out := stdout.String()
	// Each line the walk-through must print, in order.
	want := []string{
		`(?m)^1\. Onboard a Custom account's bank$`,
		`(?m)^   connected account acct_[A-Za-z0-9]+: custom, representative "Jenny Rosen"$`,
		`(?m)^   session fcsess_\w+ for account_holder\[type\]=account, permissions payment_method,ownership, client secret \[redacted\]$`,
		`(?m)^   browser: collectBankAccountToken -> btok_\w+ \(linked fca_\w+\)$`,
		`(?m)^   bank owners \["Jenny Rosen"\] vs "Jenny Rosen": verdict match \(score 100\)$`,
		`(?m)^   attached ba_\w+: STRIPEBANK \*\*\*\*6789, status new, default for usd: true$`,
		`(?m)^   retry with the same key: same external account true; 1 external account\(s\) on file$`,
		`(?m)^   bank owners \["Morgan Different"\] vs "Riley Rocket": verdict no_match \(score \d+\)$`,
		`(?m)^   held for review: the bank is not attached$`,
		`(?m)^   external accounts of the held account: 0$`,
		`(?m)^   balances for a Standard account: refused=true, requests sent=0$`,
		`(?m)^   Stripe-Account from untrusted input: refused=true \(`,
	}
	rest := out
	for _, re := range want {
		loc := regexp.MustCompile(re).FindStringIndex(rest)
		if loc == nil {
			t.Fatalf("output lacks (in order) %s:\n%s", re, out)
		}
		rest = rest[loc[1]:]
	}
	if n := strings.Count(out, "attached ba_"); n != 1 {
		t.Errorf("%d banks attached, want 1", n)
	}
	// The client secret never prints.
	if strings.Contains(out, "_secret_") {
		t.Errorf("client secret leaked:\n%s", out)
	}
}

func TestRunBadFlag(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-nope"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag provided but not defined") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
