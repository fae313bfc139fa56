package io.tether.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        String sql = SELECT + filter.where(params) + " ORDER BY global_index LIMIT :limit";
        params.put("limit", limit);
        return jdbc.sql(sql).params(params).query(AuditLog::toEntry).list();
    }

    /** Rows go to the consumer as PostgreSQL sends them, a fetch at a time, so memory stays flat. */
    void stream(AuditLogFilter filter, Consumer<AuditLogEntry> consumer) {
        Map<String, Object> params = filter.newParams();
        String sql = SELECT + filter.where(params) + " ORDER BY global_index";
        // PostgreSQL only honours the fetch size inside a transaction.
        readOnly.executeWithoutResult(status ->
                streaming.query(sql, params, (RowCallbackHandler) row -> consumer.accept(toEntry(row, 0))));
    }

    private static AuditLogEntry toEntry(ResultSet row, int index) throws SQLException {
        return new AuditLogEntry(row.getLong("global_index"), row.getObject("organization_id", UUID.class),
                row.getString("aggregate_id"), row.getString("aggregate_type"), row.getLong("sequence_number"),
                row.getString("event_type"), row.getTimestamp("occurred_at").toInstant(), row.getString("actor"),
                row.getString("command"), row.getString("request_id"), row.getString("correlation_id"),
                row.getString("client_ip"));
    }
}
