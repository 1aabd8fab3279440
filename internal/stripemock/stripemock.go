package stripemock

import (
	"bufio"
	"errors"
	"fmt"
	"go/build"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/internal/launch"
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

// binary is stripe-mock: [Find] describes the search.
var binary = launch.Binary{
	Pkg:         "stripemock",
	Name:        "stripe-mock",
	Env:         EnvBin,
	Dirs:        goBinDirs,
	ErrNotFound: ErrNotFound,
	Install:     InstallCommand,
}

// goBinDirs returns $GOBIN and the bin directory of every GOPATH entry.
func goBinDirs() []string {
	var dirs []string
	if gobin := os.Getenv("GOBIN"); gobin != "" {
		dirs = append(dirs, gobin)
	}
	for _, gp := range filepath.SplitList(build.Default.GOPATH) {
		if gp != "" {
			dirs = append(dirs, filepath.Join(gp, "bin"))
		}
	}
	return dirs
}

// Server is a running stripe-mock process.
type Server struct {
	// URL is the base URL of the HTTP listener, e.g. "http://127.0.0.1:41731".
	URL string

	proc *launch.Process
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
			binary.Report(tb, err)
			return ""
		}
		return s.URL
	}
	s, err := Launch()
	if err != nil {
		binary.Report(tb, err)
		return ""
	}
	tb.Cleanup(s.Stop)
	return s.URL
}

// Launch starts a new stripe-mock and waits until it accepts connections.
// The caller must call Stop. Most tests want [Start] instead.
func Launch() (*Server, error) {
	bin, err := Find()
	if err != nil {
		return nil, err
	}
	return launchBin(bin, startTimeout)
}

func launchBin(bin string, timeout time.Duration) (*Server, error) {
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("stripemock: %w", err)
	}
	p, err := binary.Start(cmd, nil)
	if err != nil {
		return nil, err
	}

	// stripe-mock prints "Listening for HTTP at address: 127.0.0.1:PORT"
	// once its listener is bound. Read stdout until then, and keep draining
	// it afterwards so the process never blocks on a full pipe.
	addrc := make(chan string, 1)
	go func() {
		out := p.Writer()
		sc := bufio.NewScanner(stdout)
		const prefix = "Listening for HTTP at address: "
		for sc.Scan() {
			line := sc.Text()
			_, _ = io.WriteString(out, line+"\n")
			if a, ok := strings.CutPrefix(line, prefix); ok {
				select {
				case addrc <- strings.TrimSpace(a):
				default:
				}
			}
		}
		_, _ = io.Copy(out, stdout)
	}()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var addr string
	select {
	case addr = <-addrc:
	case <-p.Exited():
		return nil, fmt.Errorf("stripemock: %s exited during start: %s", bin, p.Output())
	case <-timer.C:
		p.Stop()
		return nil, fmt.Errorf("stripemock: %s did not report its address within %v: %s", bin, timeout, p.Output())
	}
	s := &Server{URL: "http://" + addr, proc: p}
	if err := p.WaitReady(s.URL, timer.C, 10*time.Millisecond, s.get); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// get sends one HTTP request to the server.
func (s *Server) get() error {
	client := &http.Client{Timeout: time.Second}
	resp, err := client.Get(s.URL + "/v1/customers")
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// Stop kills the process and waits for it to exit. It is safe to call more
// than once.
func (s *Server) Stop() { s.proc.Stop() }

// Find returns the path of the stripe-mock binary, searching as described in
// the package documentation. The error wraps [ErrNotFound] when there is none.
func Find() (string, error) { return binary.Find() }
