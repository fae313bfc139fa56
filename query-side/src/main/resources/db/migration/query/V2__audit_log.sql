-- The audit log: one row per event of every aggregate, with who, when and from where, for an
-- organization's auditors to filter and export. The events themselves stay in the event store;
-- this is an index over them, rebuilt by replaying it.
CREATE TABLE audit_log (
    global_index    BIGINT       NOT NULL PRIMARY KEY,
    organization_id UUID,
    aggregate_id    VARCHAR(255) NOT NULL,
    aggregate_type  VARCHAR(100),
    sequence_number BIGINT       NOT NULL,
    event_type      VARCHAR(100) NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    actor           VARCHAR(255),
    command         VARCHAR(100),
    request_id      VARCHAR(128),
    correlation_id  VARCHAR(64),
    client_ip       VARCHAR(64)
);
CREATE INDEX audit_log_by_organization ON audit_log (organization_id, global_index);
CREATE INDEX audit_log_by_aggregate ON audit_log (aggregate_id, sequence_number);

-- Which organization an aggregate belongs to, learned from its first event; events caused by
-- Tether itself (a shredding, an OAuth callback) may carry no organization of their own.
CREATE TABLE audit_aggregates (
    aggregate_id    VARCHAR(255) NOT NULL PRIMARY KEY,
    organization_id UUID         NOT NULL
);
