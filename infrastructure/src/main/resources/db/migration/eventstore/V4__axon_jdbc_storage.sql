-- Axon's JDBC components replace its JPA ones (no ORM between Axon and PostgreSQL).
-- The JDBC engine leaves global_index to the column's default: the same sequence, one value at a time.
ALTER TABLE domain_event_entry ALTER COLUMN global_index SET DEFAULT nextval('domain_event_entry_seq');
ALTER SEQUENCE domain_event_entry_seq OWNED BY domain_event_entry.global_index;

-- The JDBC dead-letter queue keeps its instants as ISO-8601 text, as the event tables do.
ALTER TABLE dead_letter_entry
    ALTER COLUMN enqueued_at TYPE VARCHAR(255)
        USING to_char(enqueued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    ALTER COLUMN last_touched TYPE VARCHAR(255)
        USING to_char(last_touched AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    ALTER COLUMN processing_started TYPE VARCHAR(255)
        USING to_char(processing_started AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
