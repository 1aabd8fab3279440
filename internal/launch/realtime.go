package launch

import (
	"os"
	"testing"
)

// MeasuredAloneEnv names the environment variable .ci/run sets after it
// has run the real-time measurements (tests that count events in a
// wall-clock window) on their own, with no other package's tests sharing
// the CPU.
const MeasuredAloneEnv = "FCSDK_REALTIME_MEASURED"

// SkipIfMeasuredAlone skips tb, a real-time measurement, when this run
// has already made it alone (MeasuredAloneEnv is non-empty), and says how
// to measure it here too. Every other test uses fake clocks or
// testing/synctest and never needs this.
func SkipIfMeasuredAlone(tb testing.TB) {
	tb.Helper()
	if os.Getenv(MeasuredAloneEnv) != "" {
		tb.Skipf("measured alone earlier in this run by .ci/run; unset %s to measure here too", MeasuredAloneEnv)
	}
}
