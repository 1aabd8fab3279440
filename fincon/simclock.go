package fincon

import (
	"net/http"
)

// SimulatorClockHeader is the response header by which fctest's simulator
// says that it runs on simulated time (its value is that time, RFC 3339).
// A client that talks to such a server with the system clock would wait
// for refreshes on the wrong clock and hang until its context ends, so it
// fails instead with ErrSimulatorClock; see WithClock.
const SimulatorClockHeader = "Fctest-Clock"

// simulatorHost is the host of fctest.DefaultURL, the base URL of the
// simulator's in-memory transport. A request to it is refused before it is
// sent, so a misconfigured client changes nothing in the simulator.
const simulatorHost = "fctest.invalid"

// simClockGuard fails every call of a client that has no clock of its own
// (WithClock was not given) and talks to fctest's simulator; see
// ErrSimulatorClock. It sits above the retry layer, so a refused call is
// not retried.
type simClockGuard struct {
	next http.RoundTripper
}

func (g simClockGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL != nil && req.URL.Hostname() == simulatorHost {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, ErrSimulatorClock
	}
	resp, err := g.next.RoundTrip(req)
	if err == nil && resp.Header.Get(SimulatorClockHeader) != "" {
		_ = resp.Body.Close()
		return nil, ErrSimulatorClock
	}
	return resp, err
}
