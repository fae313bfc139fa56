-- Failed attempts that matter to an auditor (a forged or replayed OAuth state, a webhook with a bad
-- signature): no aggregate changed, so they are no events, but they are on record here, append-only.
CREATE TABLE security_events (
    id              BIGSERIAL    NOT NULL PRIMARY KEY,
    occurred_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    kind            VARCHAR(64)  NOT NULL,
    organization_id UUID,
    aggregate_id    VARCHAR(255),
    detail          VARCHAR(500),
    client_ip       VARCHAR(64),
    user_agent      VARCHAR(256),
    request_id      VARCHAR(128)
);
CREATE INDEX security_events_by_organization ON security_events (organization_id, id);
CREATE INDEX security_events_by_aggregate ON security_events (aggregate_id);
