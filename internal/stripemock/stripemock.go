package stripemock

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/build"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version is the stripe-mock release the tests are written against.
const Version = "v0.203.0"

// InstallCommand is the command that installs the pinned stripe-mock.
const InstallCommand = "go install github.com/stripe/stripe-mock@" + Version

// EnvBin names the environment variable that may point at the stripe-mock
// binary.
const EnvBin = "STRIPE_MOCK_BIN"

// startTimeout bounds how long a start may take before it is reported as a
// failure. stripe-mock normally needs well under a second.
const startTimeout = 30 * time.Second

// ErrNotFound reports that no stripe-mock binary was found.
var ErrNotFound = errors.New("stripemock: stripe-mock not found")

// Server is a running stripe-mock process.
type Server struct {
	// URL is the base URL of the HTTP listener, e.g. "http://127.0.0.1:41731".
	URL string

	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited
	out    *syncBuffer   // everything the process wrote
	once   sync.Once
}

// Start returns the base URL of a running stripe-mock, e.g.
// "http://127.0.0.1:41731", suitable for stripe.BackendConfig.URL.
//
// If [Main] runs the test binary, the URL is that of the one shared server;
// otherwise a new server is started for tb and stopped in tb.Cleanup.
//
// When stripe-mock is not installed, Start skips the test with the command
// that installs it, or fails it if the CI environment variable is non-empty.
// Start also fails the test if stripe-mock does not come up.
func Start(tb testing.TB) string {
	tb.Helper()
	if sharedMode() {
		s, err := sharedServer()
		if err != nil {
			report(tb, err)
			return ""
		}
		return s.URL
	}
	s, err := Launch()
	if err != nil {
		report(tb, err)
		return ""
	}
	tb.Cleanup(s.Stop)
	return s.URL
}

// report skips or fails tb for err: a missing binary skips outside CI, and
// everything else fails.
func report(tb testing.TB, err error) {
	tb.Helper()
	if errors.Is(err, ErrNotFound) && os.Getenv("CI") == "" {
		tb.Skipf("%v; to run this test: %s (or run: bash .ci/run)", err, InstallCommand)
		return
	}
	tb.Fatalf("%v", err)
}

// Launch starts a new stripe-mock and waits until it accepts connections.
// The caller must call Stop. Most tests want [Start] instead.
func Launch() (*Server, error) {
	bin, err := Find()
	if err != nil {
		return nil, err
	}
	return launch(bin, startTimeout)
}

func launch(bin string, timeout time.Duration) (*Server, error) {
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("stripemock: %w", err)
	}
	out := &syncBuffer{}
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("stripemock: start %s: %w", bin, err)
	}
	s := &Server{cmd: cmd, exited: make(chan struct{}), out: out}

	// stripe-mock prints "Listening for HTTP at address: 127.0.0.1:PORT"
	// once its listener is bound. Read stdout until then, and keep draining
	// it afterwards so the process never blocks on a full pipe.
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		const prefix = "Listening for HTTP at address: "
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			if a, ok := strings.CutPrefix(line, prefix); ok {
				select {
				case addrc <- strings.TrimSpace(a):
				default:
				}
			}
		}
		_, _ = io.Copy(out, stdout)
	}()
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var addr string
	select {
	case addr = <-addrc:
	case <-s.exited:
		return nil, fmt.Errorf("stripemock: %s exited during start: %s", bin, s.output())
	case <-timer.C:
		s.Stop()
		return nil, fmt.Errorf("stripemock: %s did not report its address within %v: %s", bin, timeout, s.output())
	}
	s.URL = "http://" + addr
	if err := s.waitReady(timer.C); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// waitReady polls the server until it answers an HTTP request.
func (s *Server) waitReady(deadline <-chan time.Time) error {
	client := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		resp, err := client.Get(s.URL + "/v1/customers")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return nil
		}
		select {
		case <-tick.C:
		case <-s.exited:
			return fmt.Errorf("stripemock: stripe-mock exited during start: %s", s.output())
		case <-deadline:
			return fmt.Errorf("stripemock: stripe-mock at %s not ready: %w", s.URL, err)
		}
	}
}

// Stop kills the process and waits for it to exit. It is safe to call more
// than once.
func (s *Server) Stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Kill()
		<-s.exited
	})
}

// output returns what the process wrote, trimmed for an error message.
func (s *Server) output() string {
	b := bytes.TrimSpace(s.out.Bytes())
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	if len(b) == 0 {
		return "(no output)"
	}
	return string(b)
}

// Find returns the path of the stripe-mock binary, searching as described in
// the package documentation. The error wraps [ErrNotFound] when there is none.
func Find() (string, error) {
	if p := os.Getenv(EnvBin); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		return "", fmt.Errorf("%w: %s=%q is not an executable file", ErrNotFound, EnvBin, p)
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	var dirs []string
	if gobin := os.Getenv("GOBIN"); gobin != "" {
		dirs = append(dirs, gobin)
	}
	for _, gp := range filepath.SplitList(build.Default.GOPATH) {
		if gp != "" {
			dirs = append(dirs, filepath.Join(gp, "bin"))
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, "stripe-mock")
		if isExecutable(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w on PATH, in %s or in $GOBIN/$GOPATH/bin (%s)", ErrNotFound, EnvBin, strings.Join(dirs, ", "))
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
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

func (b *syncBuffer) WriteString(s string) {
	_, _ = b.Write([]byte(s))
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
