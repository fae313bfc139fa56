package io.tether.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads the audit log: a page at a time for the API, or as a stream of any length for exports. */
@Repository
class AuditLog {

    private static final String SELECT = "SELECT global_index, organization_id, aggregate_id, aggregate_type,"
            + " sequence_number, event_type, occurred_at, actor, command, request_id, correlation_id, client_ip FROM audit_log";
    private static final int STREAM_FETCH_SIZE = 500;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    AuditLog(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(STREAM_FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    List<AuditLogEntry> page(AuditLogFilter filter, int limit) {
        Map<String, Object> params = filter.newParams();
        String sql = SELECT + filter.where(params) + AuditLogFilter.ORDER + " LIMIT :limit";
        params.put("limit", limit);
        return jdbc.sql(sql).params(params).query(AuditLog::toEntry).list();
    }

    /** Rows go to the consumer as PostgreSQL sends them, a fetch at a time, so memory stays flat. */
    void stream(AuditLogFilter filter, Consumer<AuditLogEntry> consumer) {
        Map<String, Object> params = filter.newParams();
        String sql = SELECT + filter.where(params) + AuditLogFilter.ORDER;
        // PostgreSQL only honours the fetch size inside a transaction.
        readOnly.executeWithoutResult(status ->
                streaming.query(sql, params, (RowCallbackHandler) row -> consumer.accept(toEntry(row, 0))));
    }

    /**
     * The entries with what each event's hash-chain link covers, as stored, and the link of the event before it:
     * what a verifiable export writes. Streamed as {@link #stream} is.
     */
    void streamWithEvents(AuditLogFilter filter, BiConsumer<AuditLogEntry, ChainedEvent> consumer) {
        Map<String, Object> params = filter.newParams();
        String sql = "SELECT a.*, d.event_identifier, d.payload_type, d.time_stamp, d.payload, d.meta_data,"
                + " convert_from(p.meta_data, 'UTF8')::jsonb ->> 'hash' AS previous_hash"
                + " FROM (" + SELECT + filter.where(params) + ") a"
                + " JOIN domain_event_entry d ON d.global_index = a.global_index"
                + " LEFT JOIN domain_event_entry p ON p.aggregate_identifier = d.aggregate_identifier"
                + " AND p.sequence_number = d.sequence_number - 1"
                + " ORDER BY a.global_index";
        readOnly.executeWithoutResult(status -> streaming.query(sql, params, (RowCallbackHandler) row ->
                consumer.accept(toEntry(row, 0), new ChainedEvent(row.getString("event_identifier"),
                        row.getString("payload_type"), row.getString("time_stamp"), row.getBytes("payload"),
                        row.getBytes("meta_data"), row.getString("previous_hash")))));
    }

    /** An event as its hash-chain link covers it, with the link of the event before it (null before the first). */
    record ChainedEvent(String eventId, String payloadType, String timeStamp, byte[] payload, byte[] metadata,
                        String previousHash) {
    }

    private static AuditLogEntry toEntry(ResultSet row, int index) throws SQLException {
        return new AuditLogEntry(row.getLong("global_index"), row.getObject("organization_id", UUID.class),
                row.getString("aggregate_id"), row.getString("aggregate_type"), row.getLong("sequence_number"),
                row.getString("event_type"), row.getTimestamp("occurred_at").toInstant(), row.getString("actor"),
                row.getString("command"), row.getString("request_id"), row.getString("correlation_id"),
                row.getString("client_ip"));
    }
}
