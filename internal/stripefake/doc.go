// Package stripefake is the scripted, in-memory Stripe of the module's
// tests: one fake where a test needs answers the simulator (fctest) would
// not give — a given status, a malformed body, a connection error, the
// n-th attempt answered differently.
//
// A [Server] routes "METHOD /path" to a function of the attempt number and
// the [Call]; routes not scripted go to the fallback ([Server.Fallback]) or
// get a 404 in Stripe's error format. It records every call. It is both an
// http.RoundTripper (no sockets: pass it to fincon.WithTransport) and an
// http.Handler (for httptest.NewServer). It is safe for concurrent use.
//
// Use fctest for behaviour (lifecycles, state, faults) and stripe-mock for
// the wire format; use stripefake only for answers neither can give.
package stripefake
