package fincon_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fincon"
)

// Close releases the idle keep-alive connection a call left behind: the
// server sees it closed, and the client still works afterwards.
func TestCloseReleasesIdleConnections(t *testing.T) {
	t.Parallel()
	var once sync.Once
	closed := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Request-Id", "req_1")
		_, _ = w.Write([]byte(`{"id":"fca_1","object":"financial_connections.account","status":"active"}`))
	}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			once.Do(func() { close(closed) })
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := fincon.New("sk_test_close", fincon.WithBaseURL(srv.URL), fincon.WithRateLimit(1000, 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccount(t.Context(), "fca_1"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-closed:
		t.Fatal("connection closed before Close")
	default:
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	select {
	case <-closed:
	case <-ctx.Done():
		t.Fatal("the idle connection was not closed after Close")
	}
	if _, err := c.GetAccount(t.Context(), "fca_1"); err != nil {
		t.Fatalf("after Close: %v", err)
	}
}
