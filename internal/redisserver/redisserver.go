package redisserver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
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

// Server is a running redis-server process. Stop is safe for concurrent use;
// the fields are read-only.
type Server struct {
	// Addr is the host:port the server listens on, e.g. "127.0.0.1:40123".
	Addr string

	cmd    *exec.Cmd
	dir    string
	exited chan struct{}
	out    *syncBuffer
	once   sync.Once
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
		report(tb, err)
		return nil
	}
	tb.Cleanup(s.Stop)
	return s
}

func report(tb testing.TB, err error) {
	tb.Helper()
	if errors.Is(err, ErrNotFound) && os.Getenv("CI") == "" {
		tb.Skipf("%v; to run this test: %s (or run: bash .ci/run)", err, InstallCommand)
		return
	}
	tb.Fatalf("%v", err)
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
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s, err := launch(bin, port, startTimeout)
		if err == nil || attempt == 4 || !strings.Contains(err.Error(), "in use") {
			return s, err
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("redisserver: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func launch(bin string, port int, timeout time.Duration) (*Server, error) {
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
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("redisserver: start %s: %w", bin, err)
	}
	s := &Server{
		Addr:   net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		cmd:    cmd,
		dir:    dir,
		exited: make(chan struct{}),
		out:    out,
	}
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(timeout); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// waitReady polls the server with PING until it answers PONG.
func (s *Server) waitReady(timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("redisserver: redis-server exited during start: %s", s.output())
		default:
		}
		err := ping(s.Addr)
		if err == nil {
			return nil
		}
		select {
		case <-tick.C:
		case <-s.exited:
			return fmt.Errorf("redisserver: redis-server exited during start: %s", s.output())
		case <-deadline.C:
			return fmt.Errorf("redisserver: redis-server at %s not ready after %v: %w", s.Addr, timeout, err)
		}
	}
}

// ping sends one PING in the Redis protocol and expects +PONG.
func ping(addr string) error {
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
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("unexpected reply %q", strings.TrimSpace(line))
	}
	return nil
}

// Stop kills the server (as a crash would: nothing is saved) and waits for
// it to exit. It is safe to call more than once; after Stop, connections to
// Addr are refused.
func (s *Server) Stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Kill()
		<-s.exited
		os.RemoveAll(s.dir)
	})
}

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

// Find returns the path of the redis-server binary, searching as described
// in the package documentation. The error wraps [ErrNotFound] when there is
// none.
func Find() (string, error) {
	if p := os.Getenv(EnvBin); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		return "", fmt.Errorf("%w: %s=%q is not an executable file", ErrNotFound, EnvBin, p)
	}
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p, nil
	}
	for _, d := range []string{"/usr/bin", "/usr/sbin", "/usr/local/bin"} {
		if p := filepath.Join(d, "redis-server"); isExecutable(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w on PATH or in /usr/bin, /usr/sbin, /usr/local/bin (or set %s)", ErrNotFound, EnvBin)
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 {
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
