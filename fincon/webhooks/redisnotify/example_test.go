package redisnotify_test

import (
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/fincon/webhooks/redisnotify"
)

// Wiring on every replica (see the package documentation); a nil notifier
// or an empty channel is refused.
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	_, err := redisnotify.New(rdb, nil)
	fmt.Println(errors.Is(err, fincon.ErrInvalidOption))
	_, err = redisnotify.New(rdb, webhooks.NewRefreshNotifier(), redisnotify.WithChannel(""))
	fmt.Println(err)
	// Output:
	// true
	// fincon: invalid option redisnotify.WithChannel: empty channel
}
