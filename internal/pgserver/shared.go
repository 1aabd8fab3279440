package pgserver

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// Shared is one cluster for all the tests of a test binary, launched on
// first use, each test getting a database of its own. Declare one as a
// package variable and call Stop from TestMain after m.Run. A Shared is
// safe for concurrent use; the zero value is ready.
type Shared struct {
	once sync.Once
	srv  *Server
	err  error
	n    atomic.Int64
}

// Database returns the DSN of a new, empty database on the shared
// cluster. Without PostgreSQL it skips tb (naming the install command), or
// fails it when the CI environment variable is set, and returns "".
func (s *Shared) Database(tb testing.TB) string {
	tb.Helper()
	s.once.Do(func() { s.srv, s.err = Launch() })
	if s.err != nil {
		binary.Report(tb, s.err)
		return ""
	}
	dsn, err := s.srv.CreateDatabase(context.Background(), fmt.Sprintf("test_%d", s.n.Add(1)))
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// Stop stops the cluster if it was launched.
func (s *Shared) Stop() {
	if s.srv != nil {
		s.srv.Stop()
	}
}
