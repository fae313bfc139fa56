-- Connect sessions: what a platform's backend asked the hosted connect page to offer, for which organization and
-- end user, and where the page reports back. The token itself is never stored: only its SHA-256 (hex), which is
-- what a browser's token is looked up by. opened_at makes the token single use.
CREATE TABLE connect_sessions (
    token_hash            CHAR(64) PRIMARY KEY,
    organization_id       UUID NOT NULL,
    created_by            TEXT NOT NULL,
    integrations          TEXT NOT NULL,
    end_user_id           TEXT,
    end_user_display_name TEXT,
    origin                TEXT NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    expires_at            TIMESTAMPTZ NOT NULL,
    opened_at             TIMESTAMPTZ
);

CREATE INDEX connect_sessions_expires_at ON connect_sessions (expires_at);
