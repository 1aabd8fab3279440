-- The cursor of each account: the refresh id the next sync lists after.
CREATE TABLE fcsdk_sync_cursors (
	account TEXT PRIMARY KEY,
	refresh TEXT NOT NULL
);

-- One row per transaction ever listed: its State (status, amount in minor
-- units, currency, digest as a signed 64-bit integer) and the row data
-- needed to keep a void that never yielded an event (description,
-- transacted_at in Unix seconds or NULL, the refresh that wrote it).
CREATE TABLE fcsdk_sync_states (
	account TEXT NOT NULL,
	id TEXT NOT NULL,
	status TEXT NOT NULL,
	amount BIGINT NOT NULL,
	currency TEXT NOT NULL,
	digest BIGINT NOT NULL,
	description TEXT NOT NULL,
	transacted_at BIGINT,
	refresh TEXT NOT NULL,
	PRIMARY KEY (account, id)
);
