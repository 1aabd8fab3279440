package fincon

// Close releases the client's idle connections (and the goroutines that
// keep them), which otherwise stay until the transport's idle timeout (90 s
// for Go's default transport). Call it when a short-lived Client is done;
// calls still running are not interrupted, and the Client stays usable (a
// later call opens a new connection). It always returns nil.
//
// By default every Client has its own connection pool. Clients built with
// WithTransport or WithHTTPClient share that transport's pool instead:
// Close then closes the idle connections of the shared transport, which
// are the other clients' too — harmless (they reconnect), but a service
// that builds many short-lived clients should rather build them on one
// shared transport and never Close them.
func (c *Client) Close() error {
	c.hc.CloseIdleConnections()
	return nil
}

// CloseIdleConnections forwards to the wrapped transport.
func (g simClockGuard) CloseIdleConnections() {
	if ci, ok := g.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}
