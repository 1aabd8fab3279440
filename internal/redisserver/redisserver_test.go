package redisserver

import (
	"bufio"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/internal/launch"
)

func TestStartStop(t *testing.T) {
	begin := time.Now()
	a := Start(t)
	t.Logf("redis-server ready at %s after %v", a.Addr, time.Since(begin).Round(time.Millisecond))
	b := Start(t)
	if a.Addr == b.Addr {
		t.Fatalf("two servers share %s", a.Addr)
	}
	for _, s := range []*Server{a, b} {
		if !strings.HasPrefix(s.Addr, "127.0.0.1:") {
			t.Errorf("Addr = %q, want loopback", s.Addr)
		}
		if err := ping(s.Addr); err != nil {
			t.Errorf("PING %s: %v", s.Addr, err)
		}
	}
	a.Stop()
	a.Stop() // idempotent
	if err := ping(a.Addr); err == nil {
		t.Errorf("PING %s succeeded after Stop", a.Addr)
	}
	if _, err := os.Stat(a.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("working directory %s left behind: %v", a.dir, err)
	}
	if err := ping(b.Addr); err != nil {
		t.Errorf("stopping one server affected the other: %v", err)
	}
}

func TestLaunchPortInUse(t *testing.T) {
	bin, err := Find()
	if err != nil {
		binary.Report(t, err)
		return
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	s, err := launchBin(bin, port, 5*time.Second)
	if err == nil {
		s.Stop()
		t.Fatalf("launch on busy port %d succeeded", port)
	}
	if !strings.Contains(err.Error(), "in use") {
		t.Errorf("error %q does not say the port is in use (Launch retries on that text)", err)
	}
}

func writeScript(t *testing.T, body string, mode os.FileMode) string {
	t.Helper()
	return launch.WriteScript(t, "redis-server", body, mode)
}

func TestLaunchFailures(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"exits at once", "echo 'FATAL: bad config' >&2; exit 1", "bad config"},
		{"never answers", "exec sleep 30", "not ready"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			port, err := launch.FreePort("redisserver")
			if err != nil {
				t.Fatal(err)
			}
			s, err := launchBin(writeScript(t, tc.script, 0o755), port, 200*time.Millisecond)
			if err == nil {
				s.Stop()
				t.Fatal("launch succeeded, want an error")
			}
			if !strings.HasPrefix(err.Error(), "redisserver: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want the prefix %q and %q", err, "redisserver: ", tc.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	exe := writeScript(t, "exit 0", 0o755)
	tests := []struct {
		name, env, want string
		wantErr         bool
	}{
		{"env names an executable", exe, exe, false},
		{"env names a missing file", filepath.Join(t.TempDir(), "nope"), "", true},
		{"env names a non-executable file", writeScript(t, "exit 0", 0o600), "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvBin, tc.env)
			got, err := Find()
			if tc.wantErr != (err != nil) || got != tc.want {
				t.Fatalf("Find() = %q, %v; want %q, error %v", got, err, tc.want, tc.wantErr)
			}
			if err != nil && !errors.Is(err, ErrNotFound) {
				t.Errorf("error %v does not wrap ErrNotFound", err)
			}
		})
	}
}

func TestStartMissing(t *testing.T) {
	tests := []struct {
		ci       string
		wantSkip bool
	}{
		{"", true},
		{"true", false},
	}
	for _, tc := range tests {
		t.Run("CI="+strconv.Quote(tc.ci), func(t *testing.T) {
			t.Setenv(EnvBin, filepath.Join(t.TempDir(), "missing"))
			t.Setenv("CI", tc.ci)
			f := &launch.RecordingTB{TB: t}
			if s := Start(f); s != nil {
				t.Fatalf("Start = %+v, want nil", s)
			}
			if f.Cleanups != 0 {
				t.Errorf("%d cleanups registered for a server that never started", f.Cleanups)
			}
			if tc.wantSkip {
				if f.SkipMsg == "" || !strings.Contains(f.SkipMsg, InstallCommand) {
					t.Errorf("skip message %q, want one naming %q", f.SkipMsg, InstallCommand)
				}
				return
			}
			if f.FatalMsg == "" || f.SkipMsg != "" {
				t.Errorf("failed=%q skipped=%q, want a failure in CI", f.FatalMsg, f.SkipMsg)
			}
		})
	}
}

// TestLaunchOtherServerOnPort covers the race Launch guards against: the
// port chosen for our server is taken by another redis-server, which
// answers PING. The process started here never binds anything (it sleeps),
// so only the process id check can tell the servers apart.
func TestLaunchOtherServerOnPort(t *testing.T) {
	other := Start(t)
	if other == nil {
		return // skipped
	}
	_, portStr, err := net.SplitHostPort(other.Addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		t.Fatal(err)
	}
	s, err := launchBin(writeScript(t, "exec sleep 30", 0o755), port, 300*time.Millisecond)
	if err == nil {
		s.Stop()
		t.Fatalf("launch succeeded although %s is another process's server", other.Addr)
	}
	if !errors.Is(err, errOtherServer) {
		t.Errorf("error %v, want errOtherServer", err)
	}
	if err := ping(other.Addr); err != nil {
		t.Errorf("the other server: %v", err)
	}
}

func TestPingPID(t *testing.T) {
	s := Start(t)
	if s == nil {
		return // skipped
	}
	if err := pingPID(s.Addr, s.proc.Pid()); err != nil {
		t.Errorf("pingPID with the server's pid: %v", err)
	}
	if err := pingPID(s.Addr, s.proc.Pid()+1); !errors.Is(err, errOtherServer) {
		t.Errorf("pingPID with another pid = %v, want errOtherServer", err)
	}
}

func TestReadProcessID(t *testing.T) {
	bulk := func(body string) string { return "$" + strconv.Itoa(len(body)) + "\r\n" + body + "\r\n" }
	tests := []struct {
		name, reply string
		want        int
		ok          bool
	}{
		{"redis 7", bulk("# Server\r\nredis_version:7.0.15\r\nprocess_id:4242\r\nrun_id:abc\r\n"), 4242, true},
		{"first field", bulk("process_id:7\r\n"), 7, true},
		{"no process_id", bulk("# Server\r\nredis_version:7.0.15\r\n"), 0, false},
		{"bad process_id", bulk("process_id:x\r\n"), 0, false},
		{"error reply", "-NOAUTH Authentication required.\r\n", 0, false},
		{"negative length", "$-1\r\n", 0, false},
		{"huge length", "$99999999999\r\n", 0, false},
		{"short body", "$100\r\nprocess_id:1\r\n", 0, false},
		{"empty", "", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readProcessID(bufio.NewReader(strings.NewReader(tc.reply)))
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("readProcessID = %d, %v; want %d, ok %v", got, err, tc.want, tc.ok)
			}
		})
	}
}
