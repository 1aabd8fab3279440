package claims

import (
	"fmt"
	"time"
)

// DefaultLease is how long a claim holds an event id when the replica that
// made it neither completes nor releases it (a crash): long enough for a
// webhook callback to finish, short enough that Stripe's next retry is
// processed. Both shared replay stores default to it.
const DefaultLease = 60 * time.Second

// MinDuration is the least lease or TTL a replay store accepts: both
// stores keep time to the millisecond.
const MinDuration = time.Millisecond

// CheckDuration returns nil when d (a lease or TTL, named by what) is at
// least MinDuration, else an error such as "lease 0s below 1ms" for the
// store to put in its option error (a *fincon.OptionError).
func CheckDuration(what string, d time.Duration) error {
	if d < MinDuration {
		return fmt.Errorf("%s %s below %s", what, d, MinDuration)
	}
	return nil
}
