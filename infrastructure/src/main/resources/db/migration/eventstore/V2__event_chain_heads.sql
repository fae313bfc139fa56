-- The newest link of each aggregate's hash chain, written in the transaction that appends the
-- event. Deleting an aggregate's last events from domain_event_entry leaves this row pointing past
-- them, so the deletion is found even though no later event's link breaks.
CREATE TABLE event_chain_heads (
    aggregate_identifier VARCHAR(255) NOT NULL PRIMARY KEY,
    sequence_number      BIGINT       NOT NULL,
    hash                 CHAR(64)     NOT NULL
);
