package redisserver_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/redisserver"
)

// A test gets its own server and connects to its address:
//
//	func TestSharedBudget(t *testing.T) {
//		srv := redisserver.Start(t) // skips, naming the install command, if absent
//		rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
//		t.Cleanup(func() { rdb.Close() })
//		...
//	}
//
// When redis-server is missing, the skip message names this command:
func Example() {
	fmt.Println(redisserver.InstallCommand)
	// Output: apt-get install redis-server
}
