package fctest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"syscall"
	"time"
)

// maxBodyBytes caps request bodies; larger ones get a 400.
const maxBodyBytes = 1 << 20

// ErrConnectionDropped is returned by the in-memory transport when a
// dropped-connection fault fires; errors.Is also matches
// syscall.ECONNRESET, like a real reset. Over a real socket the server
// closes the connection instead and the client sees its own I/O error.
var ErrConnectionDropped = errors.New("fctest: connection dropped by simulated server")

type droppedError struct{}

func (droppedError) Error() string   { return "fctest: connection reset by peer (simulated drop)" }
func (droppedError) Timeout() bool   { return false }
func (droppedError) Temporary() bool { return true }
func (droppedError) Is(target error) bool {
	return target == ErrConnectionDropped || target == syscall.ECONNRESET
}

// Transport returns an in-memory http.RoundTripper that serves requests
// from the simulator without sockets, whatever their host. It honours the
// request's context: a cancelled request returns the context's error, also
// while an injected latency is pending.
func (s *Sim) Transport() http.RoundTripper { return transport{s} }

type transport struct{ s *Sim }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	body, bodyErr := readBody(req.Body)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	resp := t.s.handle(req, body, bodyErr)
	if resp == nil {
		return nil, ctx.Err()
	}
	if resp.delay > 0 {
		if err := sleepCtx(ctx, resp.delay); err != nil {
			return nil, err
		}
	}
	if resp.drop {
		return nil, droppedError{}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &http.Response{
		Status:        strconv.Itoa(resp.status) + " " + http.StatusText(resp.status),
		StatusCode:    resp.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        resp.header,
		Body:          io.NopCloser(bytes.NewReader(resp.body)),
		ContentLength: int64(len(resp.body)),
		Request:       req,
	}, nil
}

func readBody(rc io.ReadCloser) ([]byte, error) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBodyBytes {
		return nil, errors.New("fctest: request body too large")
	}
	return b, nil
}

// sleepCtx waits d of real time (fake time inside a testing/synctest
// bubble) or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ServeHTTP serves the simulated API over a real connection, so a *Sim can
// be mounted in any http.Server. Dropped-connection faults abort the
// connection without a response.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, bodyErr := readBody(r.Body)
	resp := s.handle(r, body, bodyErr)
	if resp == nil {
		return
	}
	if resp.delay > 0 {
		if err := sleepCtx(r.Context(), resp.delay); err != nil {
			return
		}
	}
	if resp.drop {
		panic(http.ErrAbortHandler)
	}
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// Serve starts an httptest server on 127.0.0.1 (a free port) serving the
// simulator and returns its base URL and a function that stops it. Call
// stop when done, typically with t.Cleanup(stop).
func (s *Sim) Serve() (baseURL string, stop func()) {
	srv := httptest.NewServer(s)
	return srv.URL, srv.Close
}
