package redisreplay_test

import (
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisreplay"
)

// Every replica creates its own Store on the shared Redis and hands it to
// its Handler:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	store, err := redisreplay.New(rdb, redisreplay.WithLease(30*time.Second))
//	h, err := webhooks.NewHandler(secret, webhooks.WithReplayStore(store), …)
//
// Invalid options are refused:
func Example() {
	_, err := redisreplay.New(nil)
	fmt.Println(errors.Is(err, fincon.ErrInvalidOption), err)
	// Output: true fincon: invalid option redisreplay.New: nil client
}
