package scale_test

import (
	"context"
	"fmt"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/internal/scale"
)

// Refresh the balances of 40 accounts with fincon's bulk operation against
// a simulator limited to 400 requests per second, and print what the
// server saw. (The timing figures vary from run to run; the counts do not.)
func ExampleBulkFincon() {
	ctx := context.Background()
	env, err := scale.NewEnv(ctx, 40, fctest.WithRefreshDelay(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer env.Close()
	f, err := scale.BulkFincon(ctx, env, scale.BulkConfig{Rate: 400})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("items=%d failed=%d lost=%d requests=%d 429s=%d\n", f.Items, f.Failed, f.Lost, f.Requests, f.RateLimited)
	// Output:
	// items=40 failed=0 lost=0 requests=80 429s=0
}
