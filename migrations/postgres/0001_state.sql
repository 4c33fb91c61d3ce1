-- emcee's shared state, version 1: the delivery log, the baseline of roundups, the RSVPs and
-- the leader lease. Times are Unix seconds (RSVPs: milliseconds), as in the SQLite file.
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    event_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_error TEXT,
    platform_message_id TEXT,
    reason TEXT
);
CREATE INDEX deliveries_state ON deliveries (state, updated_at);

CREATE TABLE baseline (event_key TEXT PRIMARY KEY, recorded_at BIGINT NOT NULL);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per member going to a meetup; `seq` keeps the click order of equal times.
CREATE TABLE rsvps (
    seq BIGSERIAL NOT NULL,
    community TEXT NOT NULL,
    meetup TEXT NOT NULL,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    answered_at BIGINT NOT NULL,
    notify BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (community, meetup, platform, user_id)
);
CREATE INDEX rsvps_user ON rsvps (platform, user_id);

-- The leader lease: who holds it, until when (the database's clock), and the fence that grows
-- each time it changes hands.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    fence BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
