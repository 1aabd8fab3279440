package redisreplay

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/internal/claims"
	"github.com/fcsdk/fcsdk/internal/option"
)

// Client is the part of a go-redis client the Store uses: *redis.Client,
// *redis.ClusterClient, *redis.Ring and redis.UniversalClient satisfy it.
type Client interface {
	redis.Scripter
	Set(ctx context.Context, key string, value any, expiration time.Duration) *redis.StatusCmd
}

var _ Client = (*redis.Client)(nil)

// Defaults.
const (
	// DefaultPrefix starts every key.
	DefaultPrefix = "fcsdk:webhook:"
	// DefaultLease is how long a claim holds an event id if its replica
	// neither completes nor releases it (a crash).
	DefaultLease = claims.DefaultLease
)

// An Option configures a Store. Options validate their argument: an
// invalid one, like a nil Option, makes New fail with a
// *fincon.OptionError naming it ("redisreplay.WithPrefix") and matching
// fincon.ErrInvalidOption.
type Option func(*config) error

// config is what the options set.
type config struct {
	prefix string
	lease  time.Duration
	ttl    time.Duration
}

// optErr returns the error of option opt (named without the package)
// refusing its argument.
func optErr(opt, format string, args ...any) error {
	return option.New(nil, "redisreplay."+opt, format, args...)
}

// WithPrefix sets the prefix of every key (default DefaultPrefix); it
// must not be empty.
func WithPrefix(p string) Option {
	return func(c *config) error {
		if p == "" {
			return optErr("WithPrefix", "empty prefix")
		}
		c.prefix = p
		return nil
	}
}

// WithLease sets the claim lease (default DefaultLease, 60 s); it must be
// at least a millisecond, the precision of Redis' PX expiry.
func WithLease(d time.Duration) Option {
	return func(c *config) error {
		if err := claims.CheckDuration("lease", d); err != nil {
			return optErr("WithLease", "%v", err)
		}
		c.lease = d
		return nil
	}
}

// WithTTL sets how long a completed id is remembered (default
// webhooks.DefaultReplayTTL, 72 h); it must be at least a millisecond.
func WithTTL(d time.Duration) Option {
	return func(c *config) error {
		if err := claims.CheckDuration("ttl", d); err != nil {
			return optErr("WithTTL", "%v", err)
		}
		c.ttl = d
		return nil
	}
}

// Store is a webhooks.ReplayStore on Redis. It is safe for concurrent use;
// create one per process with New.
type Store struct {
	rdb Client
	config

	tokens claims.Tokens // this process's claims
}

var _ webhooks.ReplayStore = (*Store)(nil)

// New returns a Store on rdb. A nil rdb, a nil Option or an invalid
// option argument is a *fincon.OptionError (fincon.ErrInvalidOption).
func New(rdb Client, opts ...Option) (*Store, error) {
	if rdb == nil {
		return nil, optErr("New", "nil client")
	}
	s := &Store{rdb: rdb, config: config{prefix: DefaultPrefix, lease: DefaultLease, ttl: webhooks.DefaultReplayTTL}}
	for i, o := range opts {
		if o == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := o(&s.config); err != nil {
			return nil, err
		}
	}
	return s, nil
}

const done = "done"

// claimScript: absent → set token with the lease, 0; "done" → 1; else 2.
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
	redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
	return 0
end
if v == 'done' then return 1 end
return 2`)

// releaseScript deletes the key if it still holds the token.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`)

// Claim implements webhooks.ReplayStore.
func (s *Store) Claim(ctx context.Context, eventID string) (webhooks.Claim, error) {
	token := claims.NewToken()
	n, err := claimScript.Run(ctx, s.rdb, []string{s.prefix + eventID}, token, s.lease.Milliseconds()).Int()
	if err != nil {
		return 0, fmt.Errorf("redisreplay: claim %s: %w", eventID, err)
	}
	switch n {
	case 0:
		s.tokens.Put(eventID, token)
		return webhooks.Claimed, nil
	case 1:
		return webhooks.Duplicate, nil
	}
	return webhooks.InProgress, nil
}

// Complete implements webhooks.ReplayStore: the id is remembered for the
// TTL, whoever holds the claim.
func (s *Store) Complete(ctx context.Context, eventID string) error {
	s.tokens.Take(eventID)
	if err := s.rdb.Set(ctx, s.prefix+eventID, done, s.ttl).Err(); err != nil {
		return fmt.Errorf("redisreplay: complete %s: %w", eventID, err)
	}
	return nil
}

// Release implements webhooks.ReplayStore: the claim is dropped only if
// this process still holds it.
func (s *Store) Release(ctx context.Context, eventID string) error {
	token := s.tokens.Take(eventID)
	if token == "" {
		return nil
	}
	if err := releaseScript.Run(ctx, s.rdb, []string{s.prefix + eventID}, token).Err(); err != nil {
		return fmt.Errorf("redisreplay: release %s: %w", eventID, err)
	}
	return nil
}
