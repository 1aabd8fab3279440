package realtime_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/realtime"
)

// A real-time measurement starts with realtime.SkipIfMeasuredAlone(t);
// .ci/run runs it alone first, then the whole suite with the variable set.
func Example() {
	fmt.Println(realtime.MeasuredAloneEnv)
	// Output: FCSDK_REALTIME_MEASURED
}
