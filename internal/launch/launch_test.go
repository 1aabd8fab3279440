package launch

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var errNotFound = errors.New("demo: demo-server not found")

func demo(dirs ...string) Binary {
	return Binary{
		Pkg: "demo", Name: "demo-server", Env: "DEMO_SERVER_BIN",
		Dirs:        func() []string { return dirs },
		ErrNotFound: errNotFound, Install: "apt-get install demo-server",
	}
}

func TestFind(t *testing.T) {
	exe := WriteScript(t, "demo-server", "exit 0", 0o755)
	plain := WriteScript(t, "demo-server", "exit 0", 0o644)
	empty := t.TempDir()
	tests := []struct {
		name, env, path string
		dirs            []string
		want            string
		wantErr         []string // substrings of the error
	}{
		{name: "env names an executable", env: exe, want: exe},
		{name: "env wins over PATH", env: exe, path: filepath.Dir(plain), want: exe},
		{name: "env names a missing file", env: filepath.Join(empty, "nope"), wantErr: []string{"DEMO_SERVER_BIN", "not an executable"}},
		{name: "env names a non-executable file", env: plain, wantErr: []string{"DEMO_SERVER_BIN"}},
		{name: "env names a directory", env: empty, wantErr: []string{"DEMO_SERVER_BIN"}},
		{name: "on PATH", path: filepath.Dir(exe), want: exe},
		{name: "in a directory", dirs: []string{empty, filepath.Dir(exe)}, want: exe},
		{name: "non-executable file in a directory", dirs: []string{filepath.Dir(plain)}, wantErr: []string{"on PATH or in " + filepath.Dir(plain), "(or set DEMO_SERVER_BIN)"}},
		{name: "nowhere, no directories", wantErr: []string{"not found on PATH (or set DEMO_SERVER_BIN)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DEMO_SERVER_BIN", tc.env)
			t.Setenv("PATH", tc.path)
			got, err := demo(tc.dirs...).Find()
			if tc.wantErr == nil {
				if err != nil || got != tc.want {
					t.Fatalf("Find() = %q, %v; want %q", got, err, tc.want)
				}
				return
			}
			if !errors.Is(err, errNotFound) || got != "" {
				t.Fatalf("Find() = %q, %v; want an error wrapping ErrNotFound", got, err)
			}
			for _, s := range tc.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestReport(t *testing.T) {
	other := errors.New("demo: demo-server exited during start")
	tests := []struct {
		name     string
		ci       string
		err      error
		wantSkip bool
	}{
		{"missing outside CI skips", "", fmt.Errorf("%w on PATH", errNotFound), true},
		{"missing in CI fails", "true", fmt.Errorf("%w on PATH", errNotFound), false},
		{"broken outside CI fails", "", other, false},
		{"broken in CI fails", "1", other, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			r := &RecordingTB{TB: t}
			demo().Report(r, tc.err)
			if tc.wantSkip {
				if r.SkipMsg == "" || r.FatalMsg != "" {
					t.Fatalf("skip=%q fatal=%q; want a skip", r.SkipMsg, r.FatalMsg)
				}
				if !strings.Contains(r.SkipMsg, "apt-get install demo-server") || !strings.Contains(r.SkipMsg, tc.err.Error()) {
					t.Errorf("skip message %q does not give the error and the install command", r.SkipMsg)
				}
				return
			}
			if r.FatalMsg != tc.err.Error() || r.SkipMsg != "" {
				t.Fatalf("skip=%q fatal=%q; want the failure %q", r.SkipMsg, r.FatalMsg, tc.err)
			}
		})
	}
}

// fired returns a deadline that has passed.
func fired() <-chan time.Time {
	c := make(chan time.Time, 1)
	c <- time.Time{}
	return c
}

func TestProcess(t *testing.T) {
	never := make(chan time.Time)
	errNo := errors.New("no banner yet")
	tests := []struct {
		name     string
		script   string
		deadline <-chan time.Time
		want     string // substring of WaitReady's error; "" for success
	}{
		{"ready", "echo ready; exec sleep 30", never, ""},
		{"exits at once", "echo 'FATAL: bad config' >&2; exit 1", never, "demo: demo-server exited during start: FATAL: bad config"},
		{"never ready", "exec sleep 30", fired(), "demo: demo-server at 127.0.0.1:1 not ready: no banner yet"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bin := WriteScript(t, "demo-server", tc.script, 0o755)
			cleanups := 0
			p, err := demo().Start(exec.Command(bin), func() { cleanups++ })
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(p.Stop)
			err = p.WaitReady("127.0.0.1:1", tc.deadline, time.Millisecond, func() error {
				if strings.Contains(p.Output(), "ready") {
					return nil
				}
				return errNo
			})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WaitReady = %v, want an error containing %q", err, tc.want)
			}
			if strings.Contains(tc.want, "not ready") && !errors.Is(err, errNo) {
				t.Errorf("error %v does not wrap the last error of ready", err)
			}
			p.Stop()
			p.Stop() // idempotent
			select {
			case <-p.Exited():
			default:
				t.Error("Exited not closed after Stop")
			}
			if cleanups != 1 {
				t.Errorf("cleanup ran %d times, want 1", cleanups)
			}
		})
	}
}

func TestStartFails(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "demo-server")
	cleanups := 0
	p, err := demo().Start(exec.Command(missing), func() { cleanups++ })
	if err == nil {
		p.Stop()
		t.Fatal("Start succeeded, want an error")
	}
	if want := "demo: start " + missing + ": "; !strings.HasPrefix(err.Error(), want) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %q, want the prefix %q wrapping os.ErrNotExist", err, want)
	}
	if cleanups != 1 {
		t.Errorf("cleanup ran %d times, want 1", cleanups)
	}
}

func TestOutput(t *testing.T) {
	long := strings.Repeat("x", 2500) + "END"
	tests := []struct {
		name, written, want string
	}{
		{"nothing", "", "(no output)"},
		{"blank", " \n\t", "(no output)"},
		{"trimmed", "  boom\n", "boom"},
		{"only the end", long, long[len(long)-2000:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &Process{out: &syncBuffer{}}
			if _, err := p.Writer().Write([]byte(tc.written)); err != nil {
				t.Fatal(err)
			}
			if got := p.Output(); got != tc.want {
				t.Errorf("Output() = %.40q… (%d bytes), want %.40q… (%d bytes)", got, len(got), tc.want, len(tc.want))
			}
		})
	}
}

func TestSyncBufferBounded(t *testing.T) {
	var b syncBuffer
	chunk := make([]byte, 64<<10)
	for range 40 { // 2.5 MiB
		if n, err := b.Write(chunk); n != len(chunk) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if n := len(b.Bytes()); n > 1<<20+len(chunk) {
		t.Errorf("buffer holds %d bytes, want at most about 1 MiB", n)
	}
}

// TestPid checks that Pid is the id of the process the script runs as.
func TestPid(t *testing.T) {
	bin := WriteScript(t, "demo-server", "echo pid=$$; exec sleep 30", 0o755)
	p, err := demo().Start(exec.Command(bin), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	if err := p.WaitReady("127.0.0.1:1", deadline.C, time.Millisecond, func() error {
		if strings.Contains(p.Output(), "pid=") {
			return nil
		}
		return errors.New("no pid printed yet")
	}); err != nil {
		t.Fatal(err)
	}
	if got, want := p.Output(), fmt.Sprintf("pid=%d", p.Pid()); got != want {
		t.Errorf("the script printed %q, Pid() = %d", got, p.Pid())
	}
}
