-- The tools read model: each platform tool and the catalog slugs it requires, in its order.
CREATE TABLE tools (
    slug                  VARCHAR(63)  NOT NULL PRIMARY KEY,
    tool_id               UUID         NOT NULL UNIQUE,
    display_name          VARCHAR(100) NOT NULL,
    required_integrations JSONB        NOT NULL,
    defined_at            TIMESTAMPTZ  NOT NULL,
    updated_at            TIMESTAMPTZ  NOT NULL,
    last_sequence         BIGINT       NOT NULL
);
