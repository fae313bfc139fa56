-- Outbound notices (docs/notices.md). Endpoints are configuration, kept as plain rows with a history of
-- their changes beside them; deliveries are the durable outbox the notices processor fills in the
-- transaction that stores its token; attempts are every try at a delivery. No secret in plaintext: the
-- signing secrets are ciphertexts of the credential cipher, under a key per endpoint.
CREATE TABLE notice_endpoints (
    id                          uuid PRIMARY KEY,
    -- null: a platform-wide endpoint, receiving every organization's notices
    organization_id             uuid,
    -- webhook: a signed POST to url; slack: a message through the organization's connected Slack integration
    channel                     text        NOT NULL,
    url                         text,
    slack_integration_id        uuid,
    slack_channel               text,
    -- null: every notice type
    notice_types                text[],
    description                 text,
    enabled                     boolean     NOT NULL,
    disabled_reason             text,
    signing_secret              text,
    previous_signing_secret     text,
    previous_secret_expires_at  timestamptz,
    failing_since               timestamptz,
    created_by                  text        NOT NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    CHECK ((channel = 'webhook' AND url IS NOT NULL AND signing_secret IS NOT NULL)
        OR (channel = 'slack' AND organization_id IS NOT NULL AND slack_integration_id IS NOT NULL AND slack_channel IS NOT NULL))
);
CREATE INDEX notice_endpoints_by_organization ON notice_endpoints (organization_id);

-- Who changed which endpoint, when, and from which request: the endpoints' audit trail.
CREATE TABLE notice_endpoint_changes (
    id              bigserial PRIMARY KEY,
    endpoint_id     uuid        NOT NULL,
    organization_id uuid,
    change          text        NOT NULL,
    actor           text        NOT NULL,
    request_id      text,
    changed_at      timestamptz NOT NULL
);
CREATE INDEX notice_endpoint_changes_by_endpoint ON notice_endpoint_changes (endpoint_id, id);

-- Each resource's public view as of the last event the notices processor handled, so that a notice
-- carries the view as it was when its event happened.
CREATE TABLE notice_resources (
    resource_id    uuid PRIMARY KEY,
    view           text NOT NULL,
    -- an account's last status other than CONNECTING: what an OAuth flow started from
    settled_status text
);

-- The sealed credentials of each connected Slack integration (ciphertext only, as in its events), for
-- the Slack notice channel.
CREATE TABLE notice_slack_credentials (
    integration_id  uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    credentials     text NOT NULL
);

-- One row per (endpoint, notice): the outbox. id orders an endpoint's deliveries as their events came.
CREATE TABLE notice_deliveries (
    id              bigserial PRIMARY KEY,
    endpoint_id     uuid        NOT NULL REFERENCES notice_endpoints (id) ON DELETE CASCADE,
    notice_id       text        NOT NULL,
    notice_type     text        NOT NULL,
    organization_id uuid,
    resource_id     uuid,
    body            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    -- PENDING, DELIVERED, FAILED (every retry spent)
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL,
    UNIQUE (endpoint_id, notice_id)
);
CREATE INDEX notice_deliveries_pending ON notice_deliveries (endpoint_id, id) WHERE state = 'PENDING';
CREATE INDEX notice_deliveries_due ON notice_deliveries (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX notice_deliveries_by_time ON notice_deliveries (endpoint_id, occurred_at);

CREATE TABLE notice_attempts (
    id           bigserial PRIMARY KEY,
    delivery_id  bigint      NOT NULL REFERENCES notice_deliveries (id) ON DELETE CASCADE,
    endpoint_id  uuid        NOT NULL,
    attempted_at timestamptz NOT NULL,
    -- null: no answer (refused target, connection failure, time-out)
    status       integer,
    latency_ms   integer     NOT NULL,
    -- the first KiB of the answer
    response     text,
    error        text
);
CREATE INDEX notice_attempts_by_endpoint ON notice_attempts (endpoint_id, id);
CREATE INDEX notice_attempts_by_delivery ON notice_attempts (delivery_id);
