-- Set-based validation of account names: one row per live account, inserted in the same transaction
-- that appends the account's creation event, so that two racing creates cannot both succeed.
-- Names are compared case-insensitively: "EU Ads" and "eu ads" would be the same account to a person.
CREATE TABLE account_names (
    organization_id  UUID         NOT NULL,
    marketplace      VARCHAR(16)  NOT NULL,
    integration_type VARCHAR(32)  NOT NULL,
    name_key         VARCHAR(100) NOT NULL,
    account_id       UUID         NOT NULL UNIQUE,
    PRIMARY KEY (organization_id, marketplace, integration_type, name_key)
);
