package redisnotify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"

	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/internal/option"
	"github.com/fcsdk/fcsdk/permissions"
)

// Client is the part of a go-redis client a Notifier uses:
// *redis.Client, *redis.ClusterClient and redis.UniversalClient satisfy it.
type Client interface {
	Publish(ctx context.Context, channel string, message any) *redis.IntCmd
	Subscribe(ctx context.Context, channels ...string) *redis.PubSub
}

var _ Client = (*redis.Client)(nil)

// DefaultChannel is the pub/sub channel.
const DefaultChannel = "fcsdk:refreshed"

// An Option configures a Notifier. Options validate their argument: an
// invalid one, like a nil Option, makes New fail with a
// *fincon.OptionError naming it ("redisnotify.WithChannel") and matching
// fincon.ErrInvalidOption.
type Option func(*config) error

// config is what the options set.
type config struct {
	channel string
}

// optErr returns the error of option opt (named without the package)
// refusing its argument.
func optErr(opt, format string, args ...any) error {
	return option.New(nil, "redisnotify."+opt, format, args...)
}

// WithChannel sets the pub/sub channel (default DefaultChannel); it must
// not be empty.
func WithChannel(ch string) Option {
	return func(c *config) error {
		if ch == "" {
			return optErr("WithChannel", "empty channel")
		}
		c.channel = ch
		return nil
	}
}

// Notifier publishes refresh events to, and receives them from, the other
// replicas. It implements webhooks.RefreshBroadcaster and (through the
// wrapped notifier) fincon.RefreshEvents. It is safe for concurrent use.
type Notifier struct {
	rdb   Client
	local *webhooks.RefreshNotifier
	config

	mu     sync.Mutex
	ps     *redis.PubSub
	closed chan struct{}
}

var _ webhooks.RefreshBroadcaster = (*Notifier)(nil)

// New returns a Notifier that publishes on rdb and wakes local's
// subscribers for every event it receives. A nil rdb or local, a nil
// Option or an invalid option argument is a *fincon.OptionError
// (fincon.ErrInvalidOption).
func New(rdb Client, local *webhooks.RefreshNotifier, opts ...Option) (*Notifier, error) {
	if rdb == nil || local == nil {
		return nil, optErr("New", "nil client or notifier")
	}
	n := &Notifier{rdb: rdb, local: local, config: config{channel: DefaultChannel}}
	for i, o := range opts {
		if o == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := o(&n.config); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// Start subscribes to the channel, waits until Redis confirms the
// subscription, and then forwards every received event to the local
// notifier in a goroutine until Close. It fails if Redis cannot be reached
// or Start was called before.
func (n *Notifier) Start(ctx context.Context) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ps != nil {
		return errors.New("redisnotify: already started")
	}
	ps := n.rdb.Subscribe(ctx, n.channel)
	if _, err := ps.Receive(ctx); err != nil { // the subscription confirmation
		_ = ps.Close()
		return fmt.Errorf("redisnotify: subscribe %s: %w", n.channel, err)
	}
	n.ps, n.closed = ps, make(chan struct{})
	ch := ps.Channel() // reconnects by itself
	go func() {
		defer close(n.closed)
		for m := range ch {
			account, feature, ok := strings.Cut(m.Payload, " ")
			if ok {
				n.local.Notify(account, permissions.RefreshFeature(feature))
			}
		}
	}()
	return nil
}

// Close ends the subscription and waits for the forwarding goroutine.
func (n *Notifier) Close() error {
	n.mu.Lock()
	ps, closed := n.ps, n.closed
	n.mu.Unlock()
	if ps == nil {
		return nil
	}
	err := ps.Close()
	<-closed
	return err
}

// Broadcast implements webhooks.RefreshBroadcaster: it publishes the event
// to every replica subscribed (this one included, whose waiters the
// Handler has woken already; a second wake-up finds none).
func (n *Notifier) Broadcast(ctx context.Context, accountID string, feature permissions.RefreshFeature) error {
	if err := n.rdb.Publish(ctx, n.channel, accountID+" "+string(feature)).Err(); err != nil {
		return fmt.Errorf("redisnotify: publish: %w", err)
	}
	return nil
}

// Subscribe is the wrapped notifier's Subscribe: it implements
// fincon.RefreshEvents, so the Notifier itself can be passed to
// fincon.WithRefreshEvents.
func (n *Notifier) Subscribe(accountID string, feature permissions.RefreshFeature) (<-chan struct{}, func()) {
	return n.local.Subscribe(accountID, feature)
}
