package pgserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/fcsdk/fcsdk/internal/launch"
)

// InstallCommand installs PostgreSQL on Debian and Ubuntu.
const InstallCommand = "apt-get install postgresql"

// EnvBin names the environment variable that may point at the postgres
// binary; initdb must be in the same directory.
const EnvBin = "PGSERVER_BIN"

// ErrNotFound reports that no postgres binary was found.
var ErrNotFound = errors.New("pgserver: postgres not found")

// startTimeout bounds one start attempt, initdb included.
const startTimeout = 60 * time.Second

var binary = launch.Binary{
	Pkg:         "pgserver",
	Name:        "postgres",
	Env:         EnvBin,
	Dirs:        debianDirs,
	ErrNotFound: ErrNotFound,
	Install:     InstallCommand,
}

// debianDirs returns /usr/lib/postgresql/*/bin, newest major version
// first.
func debianDirs() []string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	ver := func(d string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		return n
	}
	slices.SortFunc(dirs, func(a, b string) int { return ver(b) - ver(a) })
	return dirs
}

// Server is a running PostgreSQL cluster. Stop is safe for concurrent use;
// the fields are read-only.
type Server struct {
	// Addr is the host:port the server listens on.
	Addr string
	// DSN connects to the "postgres" database as the superuser postgres,
	// e.g. "postgres://postgres@127.0.0.1:40123/postgres?sslmode=disable".
	DSN string

	dir  string
	cmd  *exec.Cmd
	proc *launch.Process
	once sync.Once
}

// Start launches a cluster for tb and stops it in tb.Cleanup.
//
// When PostgreSQL is not installed, Start skips the test with the command
// that installs it, or fails it if the CI environment variable is
// non-empty; it returns nil in both cases. A cluster that does not come
// up fails the test.
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

// Find returns the path of the postgres binary, searching as described in
// the package documentation. The error wraps [ErrNotFound] when there is
// none.
func Find() (string, error) { return binary.Find() }

// Launch starts a cluster and waits until it accepts connections. The
// caller must call Stop. Tests want [Start] instead.
func Launch() (*Server, error) {
	bin, err := Find()
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(bin); err == nil {
		bin = real // a link on PATH: initdb is beside the real binary
	}
	initdb := filepath.Join(filepath.Dir(bin), "initdb")
	if _, err := os.Stat(initdb); err != nil {
		return nil, fmt.Errorf("%w: no initdb beside %s", ErrNotFound, bin)
	}
	cred, err := credential()
	if err != nil {
		return nil, err
	}
	base := "" // os.TempDir
	if cred != nil {
		// The postgres user must reach the directory: $TMPDIR may be a
		// private directory of root's, /tmp is not.
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "pgserver-")
	if err != nil {
		return nil, fmt.Errorf("pgserver: %w", err)
	}
	data := filepath.Join(dir, "data")
	if err := initCluster(initdb, dir, data, cred); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		port, err := launch.FreePort("pgserver")
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
		s, err := start(bin, dir, data, port, cred)
		if err == nil {
			return s, nil
		}
		if attempt == 4 || !strings.Contains(err.Error(), "already in use") {
			_ = os.RemoveAll(dir)
			return nil, err
		}
	}
}

// credential returns the user to run PostgreSQL as: nil (the current
// user) unless that is root, which PostgreSQL refuses; then "postgres".
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgserver: running as root needs the postgres system user (created by %s): %w", InstallCommand, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func initCluster(initdb, dir, data string, cred *syscall.Credential) error {
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fmt.Errorf("pgserver: %w", err)
		}
	}
	cmd := exec.Command(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgserver: initdb: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func start(bin, dir, data string, port int, cred *syscall.Credential) (*Server, error) {
	cmd := exec.Command(bin, "-D", data,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=",
		"-c", "fsync=off", // a throw-away cluster: no durability across OS crashes needed
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=200",
		"-c", "logging_collector=off",
	)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
	proc, err := binary.Start(cmd, func() { _ = os.RemoveAll(dir) })
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	s := &Server{
		Addr: addr,
		DSN:  "postgres://postgres@" + addr + "/postgres?sslmode=disable",
		dir:  dir, cmd: cmd, proc: proc,
	}
	deadline := time.NewTimer(startTimeout)
	defer deadline.Stop()
	err = proc.WaitReady(addr, deadline.C, 50*time.Millisecond, func() error { return s.ping(data) })
	if err != nil {
		s.stopKeepDir()
		return nil, fmt.Errorf("%w; output: %s", err, proc.Output())
	}
	return s, nil
}

// ping connects and checks that the server is the one serving data.
func (s *Server) ping(data string) error {
	db, err := sql.Open("pgx", s.DSN)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var got string
	if err := db.QueryRowContext(ctx, "SHOW data_directory").Scan(&got); err != nil {
		return err
	}
	if got != data {
		return fmt.Errorf("another server answers at %s (data directory %s)", s.Addr, got)
	}
	return nil
}

// stopKeepDir stops the server but keeps the cluster, for another attempt
// on another port.
func (s *Server) stopKeepDir() {
	_ = s.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-s.proc.Exited():
	case <-time.After(10 * time.Second):
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.proc.Exited()
}

// Stop shuts the server down at once (PostgreSQL's immediate shutdown,
// then SIGKILL to its process group if it lingers), waits for it to exit
// and removes its data directory. It is safe to call more than once.
func (s *Server) Stop() {
	s.once.Do(func() {
		s.stopKeepDir()
		s.proc.Stop()
	})
}

// CreateDatabase creates a database named name and returns the DSN that
// connects to it.
func (s *Server) CreateDatabase(ctx context.Context, name string) (string, error) {
	db, err := sql.Open("pgx", s.DSN)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
		return "", fmt.Errorf("pgserver: create database %s: %w", name, err)
	}
	return strings.TrimSuffix(s.DSN, "/postgres?sslmode=disable") + "/" + name + "?sslmode=disable", nil
}
