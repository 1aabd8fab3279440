package launch

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// RecordingTB is a testing.TB that records Skipf, Fatalf and Cleanup
// instead of acting on them, to test what a start does to a test. Its other
// methods are those of the embedded TB.
type RecordingTB struct {
	testing.TB
	// SkipMsg and FatalMsg are the messages of the last Skipf and Fatalf.
	SkipMsg, FatalMsg string
	// Cleanups counts the functions passed to Cleanup (which are not run).
	Cleanups int
}

// Helper does nothing.
func (r *RecordingTB) Helper() {}

// Skipf records the message; unlike testing.T.Skipf it returns.
func (r *RecordingTB) Skipf(format string, a ...any) { r.SkipMsg = fmt.Sprintf(format, a...) }

// Fatalf records the message; unlike testing.T.Fatalf it returns.
func (r *RecordingTB) Fatalf(format string, a ...any) { r.FatalMsg = fmt.Sprintf(format, a...) }

// Cleanup counts f without running it.
func (r *RecordingTB) Cleanup(func()) { r.Cleanups++ }

// WriteScript writes a shell script with the given body and mode, named
// name, to a temporary directory of tb, and returns its path: a stand-in
// binary for tests.
func WriteScript(tb testing.TB, name, body string, mode os.FileMode) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), mode); err != nil {
		tb.Fatal(err)
	}
	return p
}
