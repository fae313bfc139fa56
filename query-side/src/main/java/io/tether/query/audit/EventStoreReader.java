package io.tether.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads events exactly as the event store holds them, for auditors: no upcasting, no projection. */
@Repository
class EventStoreReader {

    private static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, type, sequence_number,"
            + " payload_type, payload_revision, time_stamp, payload, meta_data";

    private final JdbcClient jdbc;

    EventStoreReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<StoredEvent> eventsOf(String aggregateId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(aggregateId)
                .query(EventStoreReader::toEvent)
                .list();
    }

    /** Whether the stream has an event stored, or a chain head left where its events were. */
    boolean exists(String aggregateId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = :id)"
                        + " OR EXISTS (SELECT 1 FROM event_chain_heads WHERE aggregate_identifier = :id)")
                .param("id", aggregateId)
                .query(Boolean.class)
                .single();
    }

    /** Every aggregate's events in aggregate and sequence order, one at a time. */
    void forEachEvent(List<String> aggregateIds, Consumer<StoredEvent> consumer) {
        for (String aggregateId : aggregateIds) {
            eventsOf(aggregateId).forEach(consumer);
        }
    }

    /** The global index of the newest stored event, or -1 in an empty store. */
    long headPosition() {
        return jdbc.sql("SELECT coalesce(max(global_index), -1) FROM domain_event_entry").query(Long.class).single();
    }

    List<String> allAggregates() {
        return jdbc.sql("SELECT DISTINCT aggregate_identifier FROM domain_event_entry"
                        + " UNION SELECT aggregate_identifier FROM event_chain_heads ORDER BY 1")
                .query(String.class).list();
    }

    /** Whether the aggregate is the organization's: one indexed look-up, for the per-aggregate endpoints. */
    boolean belongsTo(String aggregateId, java.util.UUID organizationId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM audit_aggregates
                                       WHERE aggregate_id = :aggregate AND organization_id = :organization)
                            OR EXISTS (SELECT 1 FROM domain_event_entry
                                       WHERE aggregate_identifier = :aggregate AND sequence_number = 0
                                         AND convert_from(meta_data, 'UTF8')::jsonb ->> 'organization_id' = :organizationText)""")
                .param("aggregate", aggregateId)
                .param("organization", organizationId)
                .param("organizationText", organizationId.toString())
                .query(Boolean.class)
                .single();
    }

    /**
     * The organization's aggregates, as the audit log knows them and as their first events said when they were appended
     * (the organization recorded beside each stream's chain head): both found in an index, so that the cost is the
     * organization's streams, not the store's. A stream stays the organization's when its audit log row is deleted, and
     * when its events are.
     */
    List<String> aggregatesOf(java.util.UUID organizationId) {
        return jdbc.sql("""
                        SELECT aggregate_id FROM audit_aggregates WHERE organization_id = :organization
                        UNION
                        SELECT aggregate_identifier FROM event_chain_heads WHERE organization_id = :organization
                        ORDER BY 1""")
                .param("organization", organizationId)
                .query(String.class).list();
    }

    /** Recorded against the organization, or against one of its aggregates. */
    List<AuditController.SecurityEventView> securityEventsOf(java.util.UUID organizationId, int limit) {
        // Two indexed look-ups, not one OR: with the OR, PostgreSQL reads the security events newest first until it has
        // the page, however few of them are the organization's.
        return jdbc.sql("""
                        SELECT id, occurred_at, kind, aggregate_id, detail, client_ip, user_agent, request_id
                        FROM security_events WHERE organization_id = :organization
                        UNION
                        SELECT s.id, s.occurred_at, s.kind, s.aggregate_id, s.detail, s.client_ip, s.user_agent, s.request_id
                        FROM audit_aggregates a JOIN security_events s ON s.aggregate_id = a.aggregate_id
                        WHERE a.organization_id = :organization
                        ORDER BY id DESC LIMIT :limit""")
                .param("organization", organizationId)
                .param("limit", limit)
                .query((row, i) -> new AuditController.SecurityEventView(row.getLong("id"),
                        row.getTimestamp("occurred_at").toInstant(), row.getString("kind"), row.getString("aggregate_id"),
                        row.getString("detail"), row.getString("client_ip"), row.getString("user_agent"),
                        row.getString("request_id")))
                .list();
    }

    java.util.Optional<ChainHead> headOf(String aggregateId) {
        return jdbc.sql("SELECT sequence_number, hash FROM event_chain_heads WHERE aggregate_identifier = ?")
                .param(aggregateId)
                .query((row, i) -> new ChainHead(row.getLong(1), row.getString(2)))
                .optional();
    }

    record ChainHead(long sequenceNumber, String hash) {
    }

    private static StoredEvent toEvent(ResultSet row, int index) throws SQLException {
        return new StoredEvent(row.getLong("global_index"), row.getString("event_identifier"),
                row.getString("aggregate_identifier"), row.getString("type"), row.getLong("sequence_number"),
                row.getString("payload_type"), row.getString("payload_revision"),
                Instant.parse(row.getString("time_stamp")), row.getBytes("payload"), row.getBytes("meta_data"));
    }
}
