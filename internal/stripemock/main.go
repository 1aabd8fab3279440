package stripemock

import (
	"os"
	"sync"
	"testing"
)

var shared struct {
	mu      sync.Mutex
	enabled bool
	srv     *Server
	err     error
	started bool
}

// Main runs the tests of m with one shared stripe-mock, stops it, and exits
// with the tests' status. Call it from TestMain:
//
//	func TestMain(m *testing.M) { stripemock.Main(m) }
//
// The server is started on the first call to [Start] only, so a run that
// selects no stripe-mock test (go test -run) does not pay for it.
func Main(m *testing.M) {
	os.Exit(Run(m))
}

// Run is [Main] without the os.Exit, for a TestMain that does more work: it
// runs m with one shared stripe-mock, stops the server and returns m.Run's
// exit code.
func Run(m *testing.M) int {
	shared.mu.Lock()
	shared.enabled = true
	shared.mu.Unlock()
	defer stopShared()
	return m.Run()
}

func sharedMode() bool {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	return shared.enabled
}

// sharedServer starts the shared server on first use. A failed start is
// remembered, so every later test reports the same error without retrying.
func sharedServer() (*Server, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.started {
		shared.started = true
		shared.srv, shared.err = Launch()
	}
	return shared.srv, shared.err
}

func stopShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.srv != nil {
		shared.srv.Stop()
	}
	shared.srv, shared.err, shared.started, shared.enabled = nil, nil, false, false
}
