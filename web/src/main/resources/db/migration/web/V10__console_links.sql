-- The console's one-time sign-in links (POST /integrations/console-sessions): only the SHA-256 of a link is kept,
-- with the caller it signs in, until it is used or expires. A used link stays until its deadline, so that a second
-- use is told apart from a forged link.
CREATE TABLE console_links (
    link_hash       VARCHAR(64) PRIMARY KEY,
    subject         TEXT        NOT NULL,
    organization_id UUID        NOT NULL,
    roles           TEXT        NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    used_at         TIMESTAMPTZ
);

CREATE INDEX console_links_expires_at ON console_links (expires_at);
