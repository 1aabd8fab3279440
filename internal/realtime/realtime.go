package realtime

import (
	"os"
	"testing"
)

// MeasuredAloneEnv names the environment variable .ci/run sets after it
// has run the real-time measurements on their own, with no other
// package's tests sharing the CPU.
const MeasuredAloneEnv = "FCSDK_REALTIME_MEASURED"

// SkipIfMeasuredAlone skips t, a real-time measurement, when this run has
// already made it alone (MeasuredAloneEnv is non-empty), and says how to
// measure it here too.
func SkipIfMeasuredAlone(t testing.TB) {
	t.Helper()
	if os.Getenv(MeasuredAloneEnv) != "" {
		t.Skipf("measured alone earlier in this run by .ci/run; unset %s to measure here too", MeasuredAloneEnv)
	}
}
