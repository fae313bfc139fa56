-- Signed audit digests (docs/audit.md): each one as written, numbered without gaps; the number is the
-- primary key, so that of two nodes writing the same digest one fails and writes nothing.
CREATE TABLE audit_digests (
    number         bigint PRIMARY KEY,
    interval_start timestamptz NOT NULL,
    interval_end   timestamptz NOT NULL,
    hash           char(64) NOT NULL,
    document       bytea NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Each aggregate's head as the newest digest recorded it: what grew since is the difference with event_chain_heads.
CREATE TABLE audit_digest_heads (
    aggregate_identifier varchar(255) PRIMARY KEY,
    sequence_number      bigint NOT NULL
);

-- How far each sink has received the digests, in order: a sink never skips one.
CREATE TABLE audit_digest_deliveries (
    sink            varchar(32) PRIMARY KEY,
    delivered_up_to bigint NOT NULL DEFAULT 0,
    failed_attempts int NOT NULL DEFAULT 0,
    last_error      text,
    last_attempt_at timestamptz
);
