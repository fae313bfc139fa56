-- The Amazon Ads profiles of each Ads account, as fetched after its OAuth flow (nothing secret), and the one
-- an admin chose for workers to act for. One row per account; last_sequence makes every handler idempotent.
CREATE TABLE ads_profiles (
    account_id    UUID        NOT NULL PRIMARY KEY,
    profiles      JSONB       NOT NULL,
    profile_id    VARCHAR(32),
    last_sequence BIGINT      NOT NULL
);
