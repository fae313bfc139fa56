-- The accounts read model: what the API lists and shows. Never credentials, only whether some are
-- stored. Deleted accounts stay as tombstones so that a redelivered older event cannot revive them;
-- last_sequence makes every handler idempotent.
CREATE TABLE integration_accounts (
    id               UUID         NOT NULL PRIMARY KEY,
    organization_id  UUID         NOT NULL,
    marketplace      VARCHAR(16)  NOT NULL,
    integration_type VARCHAR(32)  NOT NULL,
    account_name     VARCHAR(100) NOT NULL,
    region           VARCHAR(8)   NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    error_message    VARCHAR(1000),
    has_credentials  BOOLEAN      NOT NULL,
    connected_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    deleted          BOOLEAN      NOT NULL DEFAULT FALSE,
    last_sequence    BIGINT       NOT NULL
);

CREATE INDEX integration_accounts_by_organization
    ON integration_accounts (organization_id, created_at, id) WHERE NOT deleted;
