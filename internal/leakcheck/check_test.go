package leakcheck_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/internal/leakcheck"
	"github.com/fcsdk/fcsdk/internal/stripefake"
)

// recordingTB records what Check reports instead of failing the test.
type recordingTB struct {
	testing.TB
	errors []string
	fatal  string
	logs   []string
}

func (r *recordingTB) Helper()           {}
func (r *recordingTB) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Fatal(args ...any) { r.fatal = fmt.Sprint(args...) }
func (r *recordingTB) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	t.Parallel()
	const body = `{"client_secret":"pi_1_secret_ZyXwVuTsRqPoNmLk","routing_number":"110000000"}`
	tests := []struct {
		name       string
		leakLog    bool
		exhibits   []leakcheck.Exhibit
		kinds      []string
		noSecrets  bool
		wantErrors []string
		wantFatal  string
		wantLog    string
	}{
		{
			name:     "clean",
			exhibits: []leakcheck.Exhibit{{Where: "error", Text: "fincon: [redacted]"}},
			kinds:    []string{"api key", "client_secret", "routing_number"},
			wantLog:  "looked for 5 secret values (2 harvested from 1 responses) in 1 log records",
		},
		{
			name:       "leak in the logs and in an exhibit, a kind missing",
			leakLog:    true,
			exhibits:   []leakcheck.Exhibit{{Where: "error", Text: "token ZyXwVuTsRqPoNmLk"}},
			kinds:      []string{"api key", "webhook secret"},
			wantErrors: []string{"no webhook secret to look for", "error contains client_secret (secret part)", "log lines contains api key"},
			wantLog:    "2 printed values and errors: 2 leaks",
		},
		{
			name:      "nothing to look for",
			noSecrets: true,
			wantFatal: leakcheck.ErrNoSecrets.Error(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sec leakcheck.Secrets
			var rs leakcheck.Responses
			if !tt.noSecrets {
				sec.Add("api key", apiKey)
				rt := rs.Wrap(stripefake.RoundTripFunc(func(*http.Request) (*http.Response, error) {
					return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(body))}, nil
				}))
				req, _ := http.NewRequest("GET", "http://leakcheck.invalid/", nil)
				if _, err := rt.RoundTrip(req); err != nil {
					t.Fatal(err)
				}
			}
			logs := leakcheck.NewLogs()
			if tt.leakLog {
				slog.New(logs).Info("calling", "key", apiKey)
			} else {
				slog.New(logs).Info("calling")
			}
			tb := &recordingTB{TB: t}
			sec.Check(tb, &rs, logs, tt.exhibits, tt.kinds...)
			if tb.fatal != tt.wantFatal {
				t.Errorf("fatal = %q, want %q", tb.fatal, tt.wantFatal)
			}
			if len(tb.errors) != len(tt.wantErrors) {
				t.Fatalf("errors = %q, want %d like %q", tb.errors, len(tt.wantErrors), tt.wantErrors)
			}
			for i, want := range tt.wantErrors {
				if !strings.HasPrefix(tb.errors[i], want) {
					t.Errorf("error %d = %q, want it to start with %q", i, tb.errors[i], want)
				}
			}
			if tt.wantLog != "" && (len(tb.logs) != 1 || !strings.Contains(tb.logs[0], tt.wantLog)) {
				t.Errorf("logs = %q, want one containing %q", tb.logs, tt.wantLog)
			}
		})
	}
}
