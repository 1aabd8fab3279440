package launch_test

import (
	"testing"

	"github.com/fcsdk/fcsdk/internal/launch"
)

// TestSkipIfMeasuredAlone checks whether the helper skips under each
// setting of the variable, on a recording TB.
func TestSkipIfMeasuredAlone(t *testing.T) {
	for _, tt := range []struct {
		value    string
		wantSkip bool
	}{{"", false}, {"1", true}} {
		t.Setenv(launch.MeasuredAloneEnv, tt.value)
		rec := &launch.RecordingTB{TB: t}
		launch.SkipIfMeasuredAlone(rec)
		if skipped := rec.SkipMsg != ""; skipped != tt.wantSkip {
			t.Errorf("skipped = %v with %s=%q, want %v", skipped, launch.MeasuredAloneEnv, tt.value, tt.wantSkip)
		}
	}
}
