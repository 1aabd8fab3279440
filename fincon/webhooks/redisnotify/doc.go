// Package redisnotify carries Stripe's financial_connections.account.
// refreshed_* events between replicas through Redis pub/sub, so that a
// fincon WaitForRefresh on replica B is woken by the event that replica A
// received.
//
// A [Notifier] wraps the process's webhooks.RefreshNotifier. Wire it in
// three places:
//
//	local := webhooks.NewRefreshNotifier()
//	n, err := redisnotify.New(rdb, local)
//	err = n.Start(ctx)                 // subscribe; forward others' events to local
//	local.SetBroadcaster(n)            // the Handler publishes every refreshed_* event
//	h, err := webhooks.NewHandler(secret, webhooks.WithRefreshNotifier(local), …)
//	client, err := fincon.New(key, fincon.WithRefreshEvents(local), …)
//
// The channel is "fcsdk:refreshed" (WithChannel); a message is the account
// id and the refresh feature separated by a space.
//
// # When Redis is unreachable
//
// Publishing fails, and the Handler answers 500 without dispatching or
// remembering the event (webhooks.ErrRefreshBroadcast): Stripe retries it
// later, so no replica misses it for good and it is dispatched once. The
// subscription reconnects by itself (go-redis retries with backoff);
// events published while it was down are not replayed, which only delays
// a waiter until fincon's safety poll (the largest WithRefreshPolling
// interval, 15 s by default) reads the account again.
package redisnotify
