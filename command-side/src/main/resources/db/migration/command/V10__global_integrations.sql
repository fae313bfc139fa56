-- Set-based validation of global integrations: one row per live integration, inserted in the same
-- transaction that appends its creation event. An integration without a project covers the whole
-- organization, which is a scope of its own: COALESCE makes a missing project one value, so two
-- organization-wide Slack integrations collide as two of the same project do.
CREATE TABLE global_integration_scopes (
    integration_id  UUID        NOT NULL PRIMARY KEY,
    organization_id UUID        NOT NULL,
    project_id      UUID,
    service_name    VARCHAR(64) NOT NULL
);

CREATE UNIQUE INDEX global_integration_scopes_unique
    ON global_integration_scopes (organization_id,
                                  COALESCE(project_id, '00000000-0000-0000-0000-000000000000'::uuid),
                                  service_name);

-- The webhook deliveries each live integration accepted, for replay protection across nodes: an id is
-- accepted once, and so is a signed content (the digest of "<timestamp>.<body>"; never the body).
CREATE TABLE webhook_deliveries (
    integration_id        UUID         NOT NULL,
    delivery_id           VARCHAR(128) NOT NULL,
    signed_content_sha256 CHAR(64)     NOT NULL,
    received_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, delivery_id)
);

CREATE UNIQUE INDEX webhook_deliveries_signed_content
    ON webhook_deliveries (integration_id, signed_content_sha256);
