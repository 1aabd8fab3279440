package fctest_test

import (
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

// The simulator's clock is the one clock interface of the module,
// fincon.Clock, which fincon.WithClock, webhooks.WithClock and
// sqlreplay.WithClock take. fctest must not import fincon, so the check
// lives here, in a test.
var _ fincon.Clock = (*fctest.Clock)(nil)
