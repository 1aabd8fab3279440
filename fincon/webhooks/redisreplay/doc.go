// Package redisreplay is a webhooks.ReplayStore on Redis, shared by every
// replica that receives the same webhook endpoint, so that each Stripe
// event is dispatched once across all of them although Stripe delivers at
// least once and may send duplicates to different replicas at the same
// time.
//
// # Keys
//
// One key per event id, "fcsdk:webhook:" + id (the prefix is set with
// WithPrefix), holds either a claim token (an in-flight delivery) or
// "done":
//
//   - [Store.Claim] runs a Lua script that, atomically, sets the key to a
//     fresh random token with the lease as expiry (PX) when it is absent
//     and answers Claimed; answers Duplicate when it is "done"; and
//     InProgress otherwise. The lease (default [DefaultLease], 60 s) frees
//     the id if the replica holding it dies, so Stripe's next retry is
//     dispatched; keep callbacks well below it.
//   - [Store.Complete] sets the key to "done" with the TTL (default
//     webhooks.DefaultReplayTTL, Stripe's three-day retry window).
//   - [Store.Release] deletes the key only if it still holds this
//     replica's token, so a replica whose lease ran out cannot free a
//     claim another replica has taken since.
//
// # When Redis is unreachable
//
// Claim returns the error, and the webhooks.Handler answers 500 without
// dispatching: Stripe retries the delivery later (for up to three days in
// live mode), so the event is neither lost nor dispatched twice. If Redis
// fails between a successful callback and Complete, the Handler answers
// 200 (the callback ran) and reports the ErrReplayStore failure through
// OnError and its logger: the event is not dispatched again by Stripe, and
// only a duplicate delivery arriving after the lease expired could run it
// a second time — reported, never silent.
package redisreplay
