package transport

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// countingReader serves n bytes of 'a' and counts what was read from it.
type countingReader struct{ left, read int64 }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), r.left)
	r.left -= n
	r.read += n
	return int(n), nil
}

type bodyRT struct{ body io.Reader }

func (t bodyRT) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(t.body), Request: req}, nil
}

func TestMaxBodyBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		limit   int64 // Config.MaxBodyBytes
		size    int64
		tooBig  bool
		maxRead int64 // at most this much read from the server
	}{
		{name: "under the cap", limit: 1000, size: 999, maxRead: 999},
		{name: "exactly the cap", limit: 1000, size: 1000, maxRead: 1000},
		{name: "one byte over", limit: 1000, size: 1001, tooBig: true, maxRead: 1001},
		{name: "50 MiB against the default cap", limit: 0, size: 50 << 20, tooBig: true, maxRead: DefaultMaxBodyBytes + 1},
		{name: "no cap", limit: -1, size: 20 << 20, maxRead: 20 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &countingReader{left: tt.size}
			c := New(Config{Base: bodyRT{src}, MaxBodyBytes: tt.limit, MaxRetries: 0})
			resp, err := c.Get("http://stripe.invalid/v1/x")
			// The body is read whole inside the attempt (see buffered), so
			// a body over the cap fails the call itself, not retried.
			var tl *BodyTooLargeError
			if tt.tooBig {
				var re *BodyReadError
				if !errors.As(err, &tl) || !errors.As(err, &re) || re.Status != 200 || !strings.Contains(err.Error(), "larger than") {
					t.Fatalf("err = %v, want a *BodyReadError of status 200 around a *BodyTooLargeError", err)
				}
				if src.read > tt.maxRead {
					t.Errorf("read %d bytes from the server, want at most %d", src.read, tt.maxRead)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			n, err := io.Copy(io.Discard, resp.Body)
			if err != nil || n != tt.size {
				t.Errorf("read %d bytes, err %v; want %d bytes", n, err, tt.size)
			}
			if src.read > tt.maxRead {
				t.Errorf("read %d bytes from the server, want at most %d", src.read, tt.maxRead)
			}
		})
	}
}
