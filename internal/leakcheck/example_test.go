package leakcheck_test

import (
	"fmt"
	"log/slog"

	"github.com/fcsdk/fcsdk/internal/leakcheck"
)

// A leak test collects the secrets it knows, logs at debug level through
// Logs, and scans what was printed.
func Example() {
	const key = "sk_test_51ExampleK3yZq9XwVuAbCd"
	var sec leakcheck.Secrets
	sec.Add("api key", key)
	logs := leakcheck.NewLogs()
	slog.New(logs).Debug("request", "auth", "Bearer "+key)

	ex := []leakcheck.Exhibit{{Where: "log lines", Text: logs.String()}}
	ex = append(ex, leakcheck.Dump("error", fmt.Errorf("fincon: get account fca_123: [redacted]"))...)
	leaks, err := sec.Scan(ex)
	fmt.Println(len(ex), "exhibits, error:", err)
	for _, l := range leaks {
		fmt.Println(l.Where, l.Names)
	}
	// Output:
	// 4 exhibits, error: <nil>
	// log lines [api key api key (tail)]
}
