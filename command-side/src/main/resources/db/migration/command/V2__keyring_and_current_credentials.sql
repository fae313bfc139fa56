-- The local keyring: one AES-256 data key per owner and version, stored wrapped (AES-GCM) by the
-- master key. Destroying an owner's key clears every version and keeps the rows as tombstones, so a
-- later read can say the credentials were shredded rather than that they never existed.
CREATE TABLE keyring_data_keys (
    key_name     VARCHAR(100) NOT NULL,
    version      INTEGER      NOT NULL,
    wrapped_key  BYTEA,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    destroyed_at TIMESTAMPTZ,
    PRIMARY KEY (key_name, version),
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

-- The current credentials of each connected account, as ciphertext: what internal workers read
-- without replaying the account, and what a rewrap re-seals under the newest key version. The
-- account's organization is in account_names.
CREATE TABLE account_credentials (
    account_id  UUID        NOT NULL PRIMARY KEY REFERENCES account_names (account_id) ON DELETE CASCADE,
    ciphertext  TEXT        NOT NULL,
    key_version INTEGER     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Owners whose Vault transit key was destroyed. Vault forgets a deleted key entirely; this record
-- lets a later read say "shredded" instead of "no such key".
CREATE TABLE shredded_keys (
    owner_id     UUID        NOT NULL PRIMARY KEY,
    destroyed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
