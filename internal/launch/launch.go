package launch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Binary describes a server binary: where to look for it, how to install
// it, and how errors about it are worded.
type Binary struct {
	// Pkg starts every error message, e.g. "redisserver".
	Pkg string
	// Name is the file name, e.g. "redis-server".
	Name string
	// Env names the environment variable that may name the file. When it is
	// set, nothing else is searched.
	Env string
	// Dirs, if not nil, returns the directories searched after PATH.
	Dirs func() []string
	// ErrNotFound is wrapped by the error of Find when there is no binary.
	ErrNotFound error
	// Install is the command that installs the binary, named when a test is
	// skipped.
	Install string
}

// Find returns the path of the binary: the file named by b.Env if that is
// set, else b.Name on PATH, else in b.Dirs. The error wraps b.ErrNotFound
// when there is none.
func (b Binary) Find() (string, error) {
	if p := os.Getenv(b.Env); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		return "", fmt.Errorf("%w: %s=%q is not an executable file", b.ErrNotFound, b.Env, p)
	}
	if p, err := exec.LookPath(b.Name); err == nil {
		return p, nil
	}
	var dirs []string
	if b.Dirs != nil {
		dirs = b.Dirs()
	}
	for _, d := range dirs {
		if p := filepath.Join(d, b.Name); isExecutable(p) {
			return p, nil
		}
	}
	if len(dirs) == 0 {
		return "", fmt.Errorf("%w on PATH (or set %s)", b.ErrNotFound, b.Env)
	}
	return "", fmt.Errorf("%w on PATH or in %s (or set %s)", b.ErrNotFound, strings.Join(dirs, ", "), b.Env)
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// Report skips or fails tb for err, an error from finding or starting the
// binary: a missing binary (err wraps b.ErrNotFound) skips the test with the
// command that installs it, unless the CI environment variable is non-empty;
// everything else fails the test.
func (b Binary) Report(tb testing.TB, err error) {
	tb.Helper()
	if errors.Is(err, b.ErrNotFound) && os.Getenv("CI") == "" {
		tb.Skipf("%v; to run this test: %s (or run: bash .ci/run)", err, b.Install)
		return
	}
	tb.Fatalf("%v", err)
}

// Process is a running server process, started by [Binary.Start]. Its
// methods are safe for concurrent use.
type Process struct {
	b       Binary
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has exited
	out     *syncBuffer   // what the process wrote
	cleanup func()
	once    sync.Once
}

// Start starts cmd, a command running the binary. Its standard error, and
// its standard output unless cmd.Stdout is already set (for instance by
// cmd.StdoutPipe), go to the process's [Process.Output]. cleanup, if not
// nil, runs once the process has exited after [Process.Stop], or at once if
// the process does not start.
func (b Binary) Start(cmd *exec.Cmd, cleanup func()) (*Process, error) {
	p := &Process{b: b, cmd: cmd, exited: make(chan struct{}), out: &syncBuffer{}, cleanup: cleanup}
	if cmd.Stdout == nil {
		cmd.Stdout = p.out
	}
	cmd.Stderr = p.out
	if err := cmd.Start(); err != nil {
		if cleanup != nil {
			cleanup()
		}
		return nil, fmt.Errorf("%s: start %s: %w", b.Pkg, cmd.Path, err)
	}
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// Pid returns the operating system's id of the process.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Exited is closed when the process has exited.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Writer appends to the process's output, for output the caller reads from
// a pipe itself.
func (p *Process) Writer() io.Writer { return p.out }

// Output returns the end of what the process wrote, trimmed for an error
// message, or "(no output)".
func (p *Process) Output() string {
	b := bytes.TrimSpace(p.out.Bytes())
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	if len(b) == 0 {
		return "(no output)"
	}
	return string(b)
}

// WaitReady calls ready every interval until it returns nil, and fails when
// the process exits or deadline fires first. addr, where the server
// listens, is for the error message, which wraps the last error of ready.
func (p *Process) WaitReady(addr string, deadline <-chan time.Time, every time.Duration, ready func() error) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-p.exited:
			return p.exitedErr()
		default:
		}
		err := ready()
		if err == nil {
			return nil
		}
		select {
		case <-tick.C:
		case <-p.exited:
			return p.exitedErr()
		case <-deadline:
			return fmt.Errorf("%s: %s at %s not ready: %w", p.b.Pkg, p.b.Name, addr, err)
		}
	}
}

func (p *Process) exitedErr() error {
	return fmt.Errorf("%s: %s exited during start: %s", p.b.Pkg, p.b.Name, p.Output())
}

// Stop kills the process, waits for it to exit and runs the cleanup given
// to Start. It is safe to call more than once.
func (p *Process) Stop() {
	p.once.Do(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
		if p.cleanup != nil {
			p.cleanup()
		}
	})
}

// syncBuffer is a bytes.Buffer safe for concurrent use that stops growing
// at about 1 MiB.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 { // keep memory bounded for chatty processes
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago: it
// binds port 0 and releases it, so another process may take it before the
// server binds it; callers retry on "address in use". Errors start with
// pkg.
func FreePort(pkg string) (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("%s: find a free port: %w", pkg, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
