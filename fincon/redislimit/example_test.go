package redislimit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/redislimit"
)

// A *Limiter is a fincon.Limiter: pass it to fincon.WithLimiter.
var _ fincon.Limiter = (*redislimit.Limiter)(nil)

// This example shows the fallback path, which needs no Redis: nothing
// listens on 127.0.0.1:1, so the first Wait fails over to the local limit
// (a quarter of 25 requests per second) and still returns promptly. With a
// reachable Redis the same code shares the budget with every process using
// the key "stripe:acct_123:test".
func Example() {
	rdb := redis.NewClient(&redis.Options{
		Addr:                  "127.0.0.1:1",
		ContextTimeoutEnabled: true,
		DialTimeout:           100 * time.Millisecond,
	})
	defer rdb.Close()

	lim, err := redislimit.New(rdb, "stripe:acct_123:test", 25, 1,
		redislimit.WithModeChange(func(m redislimit.Mode, err error) {
			fmt.Println("now limiting:", m)
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := lim.Wait(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	r, burst := lim.FallbackLimit()
	fmt.Printf("local limit: %v/s, burst %d\n", float64(r), burst)
	// Output:
	// now limiting: local
	// local limit: 6.25/s, burst 1
}
