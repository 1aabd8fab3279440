package realtime_test

import (
	"testing"

	"github.com/fcsdk/fcsdk/internal/realtime"
)

// TestSkipIfMeasuredAlone runs the helper in a subtest under each setting
// of the variable and checks whether it skipped.
func TestSkipIfMeasuredAlone(t *testing.T) {
	for _, tt := range []struct {
		value    string
		wantSkip bool
	}{{"", false}, {"1", true}} {
		t.Run("env="+tt.value, func(t *testing.T) {
			t.Setenv(realtime.MeasuredAloneEnv, tt.value)
			var skipped bool
			t.Run("measurement", func(t *testing.T) {
				defer func() { skipped = t.Skipped() }()
				realtime.SkipIfMeasuredAlone(t)
			})
			if skipped != tt.wantSkip {
				t.Errorf("skipped = %v with %s=%q, want %v", skipped, realtime.MeasuredAloneEnv, tt.value, tt.wantSkip)
			}
		})
	}
}
