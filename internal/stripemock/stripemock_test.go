package stripemock

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/internal/launch"
)

func TestMain(m *testing.M) { Main(m) }

// dialable reports whether something accepts TCP connections at the
// host:port of url.
func dialable(url string) bool {
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func TestStartShared(t *testing.T) {
	url := Start(t)
	if again := Start(t); again != url {
		t.Errorf("second Start = %q, want the shared %q", again, url)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("URL = %q, want a loopback http URL", url)
	}
	tests := []struct {
		name, path, auth string
		want             int
	}{
		{"authenticated list", "/v1/customers", "Bearer sk_test_123", http.StatusOK},
		{"unknown path", "/v1/no_such_thing", "Bearer sk_test_123", http.StatusNotFound},
		{"missing key", "/v1/customers", "", http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			_, _ = io.Copy(io.Discard, resp.Body)
			if resp.StatusCode != tc.want {
				t.Errorf("GET %s: status %d, want %d", tc.path, resp.StatusCode, tc.want)
			}
		})
	}
}

func TestLaunchStop(t *testing.T) {
	if _, err := Find(); err != nil {
		binary.Report(t, err)
		return
	}
	start := time.Now()
	s, err := Launch()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stripe-mock ready at %s after %v", s.URL, time.Since(start).Round(time.Millisecond))
	if !dialable(s.URL) {
		t.Fatalf("%s not dialable after Launch", s.URL)
	}
	s.Stop()
	s.Stop() // idempotent
	if dialable(s.URL) {
		t.Errorf("%s still dialable after Stop", s.URL)
	}
}

func writeScript(t *testing.T, body string, mode os.FileMode) string {
	t.Helper()
	return launch.WriteScript(t, "stripe-mock", body, mode)
}

func TestFind(t *testing.T) {
	exe := writeScript(t, "exit 0", 0o755)
	plain := writeScript(t, "exit 0", 0o644)
	tests := []struct {
		name    string
		env     string
		want    string
		wantErr bool
	}{
		{"env names an executable", exe, exe, false},
		{"env names a missing file", filepath.Join(t.TempDir(), "nope"), "", true},
		{"env names a non-executable file", plain, "", true},
		{"env names a directory", t.TempDir(), "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvBin, tc.env)
			got, err := Find()
			if tc.wantErr {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("Find() = %q, %v; want ErrNotFound", got, err)
				}
				if !strings.Contains(err.Error(), EnvBin) {
					t.Errorf("error %q does not name %s", err, EnvBin)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Find() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}

	t.Run("GOBIN", func(t *testing.T) {
		dir := filepath.Dir(exe)
		t.Setenv(EnvBin, "")
		t.Setenv("PATH", "")
		t.Setenv("GOBIN", dir)
		if got, err := Find(); err != nil || got != exe {
			t.Fatalf("Find() = %q, %v; want %q", got, err, exe)
		}
	})
}

func TestReport(t *testing.T) {
	other := errors.New("stripemock: stripe-mock exited during start")
	tests := []struct {
		name     string
		ci       string
		err      error
		wantSkip bool
	}{
		{"missing outside CI skips", "", fmt.Errorf("%w on PATH", ErrNotFound), true},
		{"missing in CI fails", "true", fmt.Errorf("%w on PATH", ErrNotFound), false},
		{"broken outside CI fails", "", other, false},
		{"broken in CI fails", "1", other, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			f := &launch.RecordingTB{TB: t}
			binary.Report(f, tc.err)
			if tc.wantSkip {
				if f.SkipMsg == "" || f.FatalMsg != "" {
					t.Fatalf("skipped=%q failed=%q; want a skip", f.SkipMsg, f.FatalMsg)
				}
				if !strings.Contains(f.SkipMsg, InstallCommand) {
					t.Errorf("skip message %q does not say how to enable the test (%s)", f.SkipMsg, InstallCommand)
				}
				return
			}
			if f.FatalMsg == "" || f.SkipMsg != "" {
				t.Fatalf("skipped=%q failed=%q; want a failure", f.SkipMsg, f.FatalMsg)
			}
		})
	}
}

func TestStartMissingBinary(t *testing.T) {
	// Per-test mode, with no binary: Start must skip (outside CI) and
	// register no cleanup.
	shared.mu.Lock()
	was := shared.enabled
	shared.enabled = false
	shared.mu.Unlock()
	t.Cleanup(func() {
		shared.mu.Lock()
		shared.enabled = was
		shared.mu.Unlock()
	})
	t.Setenv(EnvBin, filepath.Join(t.TempDir(), "missing"))
	t.Setenv("CI", "")
	f := &launch.RecordingTB{TB: t}
	if url := Start(f); url != "" {
		t.Errorf("Start = %q, want empty", url)
	}
	if f.SkipMsg == "" || f.Cleanups != 0 {
		t.Errorf("skipped=%q cleanups=%d; want a skip and no cleanup", f.SkipMsg, f.Cleanups)
	}
}

func TestLaunchFailures(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		timeout time.Duration
		want    string
	}{
		{"exits at once", "echo 'listen failed: boom' >&2; exit 3", 10 * time.Second, "boom"},
		{"never listens", "echo starting; exec sleep 30", 200 * time.Millisecond, "did not report its address"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bin := writeScript(t, tc.script, 0o755)
			s, err := launchBin(bin, tc.timeout)
			if err == nil {
				s.Stop()
				t.Fatal("launch succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "stripemock: ") {
				t.Errorf("error %q, want the prefix %q and %q", err, "stripemock: ", tc.want)
			}
		})
	}
}
