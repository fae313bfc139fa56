-- What each accepted webhook delivery was: its type, the digest of its body, and the body itself, sealed
-- under the integration's key (never in plaintext), kept until body_expires_at and then set to NULL by the
-- webhook-body-expiry task. The row itself stays, for replay protection, until the integration is deleted.
-- Deliveries accepted before this migration have no body kept.
ALTER TABLE webhook_deliveries
    ADD COLUMN event_type      VARCHAR(100),
    ADD COLUMN body_sha256     CHAR(64),
    ADD COLUMN sealed_body     TEXT,
    ADD COLUMN body_expires_at TIMESTAMPTZ;

CREATE INDEX webhook_deliveries_bodies_to_expire
    ON webhook_deliveries (body_expires_at) WHERE sealed_body IS NOT NULL;
