package leakcheck_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/fcsdk/fcsdk/internal/leakcheck"
	"github.com/fcsdk/fcsdk/internal/stripefake"
)

func TestLogs(t *testing.T) {
	t.Parallel()
	logs := leakcheck.NewLogs()
	log := slog.New(logs)
	log.Debug("one", "k", "v1")
	log.With("attr", "v2").WithGroup("g").Info("two", "k", "v3")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { log.Warn("three") })
	}
	wg.Wait()
	if logs.Records() != 6 {
		t.Errorf("Records = %d, want 6", logs.Records())
	}
	out := logs.String()
	for _, want := range []string{
		`level=DEBUG msg=one k=v1`,
		`"level":"DEBUG","msg":"one","k":"v1"`,
		`msg=two attr=v2 g.k=v3`,
		`"msg":"two","attr":"v2","g":{"k":"v3"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %q:\n%s", want, out)
		}
	}
	if got := strings.Count(out, "\n"); got != 12 {
		t.Errorf("%d lines, want 12 (text and JSON per record)", got)
	}
}

func TestResponses(t *testing.T) {
	t.Parallel()
	errDown := errors.New("down")
	var rs leakcheck.Responses
	rt := rs.Wrap(stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		switch r.URL.Path {
		case "/down":
			return nil, errDown
		case "/empty":
			return &http.Response{StatusCode: 204}, nil
		}
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("body of " + r.URL.Path))}, nil
	}))
	tests := []struct {
		path, want string
		err        error
	}{
		{"/a", "body of /a", nil},
		{"/down", "", errDown},
		{"/empty", "", nil},
		{"/b", "body of /b", nil},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", "http://leakcheck.invalid"+tt.path, nil)
		resp, err := rt.RoundTrip(req)
		if !errors.Is(err, tt.err) {
			t.Fatalf("%s: err = %v, want %v", tt.path, err, tt.err)
		}
		if err != nil || resp.Body == nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		if string(b) != tt.want {
			t.Errorf("%s: caller read %q, want %q", tt.path, b, tt.want)
		}
	}
	if got := rs.Bodies(); len(got) != 2 || got[0] != "body of /a" || got[1] != "body of /b" {
		t.Errorf("Bodies = %q", got)
	}
}
