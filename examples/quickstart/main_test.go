package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		key        string
		code       int
		stdout     string // substring expected on stdout
		stderr     string // substring expected on stderr
		notInPrint string // must appear in neither
	}{
		{name: "simulator", code: 0, stdout: "Done: 3 of 4 accounts eligible, 1 debit(s) succeeded, 1 returned"},
		{name: "verbose logs requests", args: []string{"-v"}, code: 0, stdout: "Done:", stderr: "/v1/financial_connections/sessions"},
		{name: "other seed", args: []string{"-seed", "7"}, code: 0, stdout: "seed 7"},
		{name: "live key refused", key: "sk_live_secret123", code: 1, stderr: "refusing a live-mode api key", notInPrint: "secret123"},
		{name: "publishable key refused", key: "pk_test_secret123", code: 1, stderr: "not a stripe test-mode key", notInPrint: "secret123"},
		{name: "bad flag", args: []string{"-nope"}, code: 2, stderr: "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(t.Context(), tt.args, tt.key, &out, &errOut); code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out.String(), errOut.String())
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out.String())
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut.String())
			}
			if tt.notInPrint != "" && strings.Contains(out.String()+errOut.String(), tt.notInPrint) {
				t.Errorf("the key was printed")
			}
		})
	}
}
