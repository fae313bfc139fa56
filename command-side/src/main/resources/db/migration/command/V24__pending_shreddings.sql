-- Keys whose destruction was asked for and has not been confirmed by the key store yet: the processor
-- retries them; the row goes once the key is confirmed destroyed. Never a secret, only why it failed.
CREATE TABLE pending_shreddings (
    owner_id        uuid PRIMARY KEY,
    reason          text        NOT NULL,
    attempts        integer     NOT NULL,
    first_failed_at timestamptz NOT NULL,
    last_failed_at  timestamptz NOT NULL
);
