-- The global integrations read model: what the API lists and shows. Never credentials or webhook
-- secrets, only whether credentials are stored. Deleted integrations stay as tombstones so that a
-- redelivered older event cannot revive them; last_sequence makes every handler idempotent.
CREATE TABLE global_integrations (
    id              UUID          NOT NULL PRIMARY KEY,
    organization_id UUID          NOT NULL,
    project_id      UUID,
    service_name    VARCHAR(64)   NOT NULL,
    display_name    VARCHAR(100)  NOT NULL,
    description     VARCHAR(1000),
    logo_url        VARCHAR(2048),
    enabled         BOOLEAN       NOT NULL,
    config          JSONB         NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    has_credentials BOOLEAN       NOT NULL,
    created_by      VARCHAR(255)  NOT NULL,
    connected_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    deleted         BOOLEAN       NOT NULL DEFAULT FALSE,
    last_sequence   BIGINT        NOT NULL
);

CREATE INDEX global_integrations_by_organization
    ON global_integrations (organization_id, created_at, id) WHERE NOT deleted;
