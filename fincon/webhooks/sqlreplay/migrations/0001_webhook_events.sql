-- One row per Stripe event id: a claim of an in-flight delivery (state
-- 'claimed', the claim's random token, expires_at = end of the lease) or a
-- processed event (state 'done', expires_at = end of the replay window).
-- Times are Unix milliseconds. An expired row may be claimed again.
CREATE TABLE fcsdk_webhook_events (
	event_id TEXT PRIMARY KEY,
	state TEXT NOT NULL,
	token TEXT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX fcsdk_webhook_events_expires_at ON fcsdk_webhook_events (expires_at);
