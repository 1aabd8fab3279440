package redisserver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/internal/launch"
)

// InstallCommand is the command that installs redis-server on Debian and
// Ubuntu.
const InstallCommand = "apt-get install redis-server"

// EnvBin names the environment variable that may point at the redis-server
// binary.
const EnvBin = "REDIS_SERVER_BIN"

// ErrNotFound reports that no redis-server binary was found.
var ErrNotFound = errors.New("redisserver: redis-server not found")

// startTimeout bounds one start attempt.
const startTimeout = 10 * time.Second

// binary is redis-server: [Find] describes the search.
var binary = launch.Binary{
	Pkg:         "redisserver",
	Name:        "redis-server",
	Env:         EnvBin,
	Dirs:        func() []string { return []string{"/usr/bin", "/usr/sbin", "/usr/local/bin"} },
	ErrNotFound: ErrNotFound,
	Install:     InstallCommand,
}

// Server is a running redis-server process. Stop is safe for concurrent use;
// the fields are read-only.
type Server struct {
	// Addr is the host:port the server listens on, e.g. "127.0.0.1:40123".
	Addr string

	dir  string
	proc *launch.Process
}

// Start launches a redis-server for tb and stops it in tb.Cleanup.
//
// When redis-server is not installed, Start skips the test with the command
// that installs it, or fails it if the CI environment variable is non-empty;
// it returns nil in both cases. A server that does not come up fails the test.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := Launch()
	if err != nil {
		binary.Report(tb, err)
		return nil
	}
	tb.Cleanup(s.Stop)
	return s
}

// Launch starts a redis-server and waits until it answers PING. The caller
// must call Stop. Tests want [Start] instead.
func Launch() (*Server, error) {
	bin, err := Find()
	if err != nil {
		return nil, err
	}
	// The port is chosen by binding :0 and releasing it, so another process
	// may take it before redis-server binds it; retry in that case.
	for attempt := 0; ; attempt++ {
		port, err := launch.FreePort("redisserver")
		if err != nil {
			return nil, err
		}
		s, err := launchBin(bin, port, startTimeout)
		if err == nil || attempt == 4 || !strings.Contains(err.Error(), "in use") {
			return s, err
		}
	}
}

func launchBin(bin string, port int, timeout time.Duration) (*Server, error) {
	dir, err := os.MkdirTemp("", "redisserver-")
	if err != nil {
		return nil, fmt.Errorf("redisserver: %w", err)
	}
	cmd := exec.Command(bin,
		"--port", strconv.Itoa(port),
		"--bind", "127.0.0.1",
		"--save", "",
		"--appendonly", "no",
		"--dir", dir,
		"--daemonize", "no",
		"--logfile", "",
	)
	p, err := binary.Start(cmd, func() { os.RemoveAll(dir) })
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), dir: dir, proc: p}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	// PING alone could be answered by another redis-server that took the
	// port first (ours then exits with "Address already in use" and Launch
	// retries on another port): only our process's answer counts.
	ready := func() error { return pingPID(s.Addr, p.Pid()) }
	if err := p.WaitReady(s.Addr, deadline.C, 5*time.Millisecond, ready); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// errOtherServer reports that the server at the address is not the
// process we started.
var errOtherServer = errors.New("another redis-server answers on this port")

// ping sends one PING in the Redis protocol and expects +PONG.
func ping(addr string) error { return pingPID(addr, 0) }

// pingPID sends PING and expects +PONG; if pid is not 0, it then asks INFO
// server and expects process_id to be pid.
func pingPID(addr string, pid int) error {
	const timeout = 250 * time.Millisecond
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	rd := bufio.NewReader(c)
	line, err := rd.ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("unexpected reply %q", strings.TrimSpace(line))
	}
	if pid == 0 {
		return nil
	}
	if _, err := c.Write([]byte("INFO server\r\n")); err != nil {
		return err
	}
	got, err := readProcessID(rd)
	if err != nil {
		return err
	}
	if got != pid {
		return fmt.Errorf("%w: process_id %d, started %d", errOtherServer, got, pid)
	}
	return nil
}

// readProcessID reads the bulk-string reply to INFO server and returns its
// process_id field.
func readProcessID(rd *bufio.Reader) (int, error) {
	head, err := rd.ReadString('\n')
	if err != nil {
		return 0, err
	}
	head = strings.TrimSpace(head)
	n, err := strconv.Atoi(strings.TrimPrefix(head, "$"))
	if !strings.HasPrefix(head, "$") || err != nil || n < 0 || n > 1<<20 {
		return 0, fmt.Errorf("unexpected reply to INFO %q", head)
	}
	body := make([]byte, n+2) // the info text and its CRLF
	if _, err := io.ReadFull(rd, body); err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(body[:n])) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "process_id:"); ok {
			id, err := strconv.Atoi(v)
			if err != nil {
				return 0, fmt.Errorf("unexpected process_id %q", v)
			}
			return id, nil
		}
	}
	return 0, errors.New("no process_id in INFO server")
}

// Stop kills the server (as a crash would: nothing is saved) and waits for
// it to exit. It is safe to call more than once; after Stop, connections to
// Addr are refused.
func (s *Server) Stop() { s.proc.Stop() }

// Find returns the path of the redis-server binary, searching as described
// in the package documentation. The error wraps [ErrNotFound] when there is
// none.
func Find() (string, error) { return binary.Find() }
