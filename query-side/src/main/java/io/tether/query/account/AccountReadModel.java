package io.tether.query.account;

import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.FindAccountsQuery;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.infrastructure.persistence.BatchedWrites;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code integration_accounts} table. Every change names the event sequence it comes from and
 * is applied only when newer than the row, so replays and redeliveries leave the row unchanged.
 * Changes are written when the processor's batch commits, in JDBC batches ({@link BatchedWrites}).
 */
@Repository
class AccountReadModel {

    private final JdbcClient jdbc;
    private final BatchedWrites writes;

    AccountReadModel(JdbcClient jdbc, BatchedWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    void insert(AccountView account, long sequence) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", account.id());
        values.put("organizationId", account.organizationId());
        values.put("marketplace", account.marketplace().name());
        values.put("integrationType", account.integrationType().name());
        values.put("accountName", account.accountName());
        values.put("region", account.region().name());
        values.put("status", account.status().name());
        values.put("createdAt", Timestamp.from(account.createdAt()));
        values.put("sequence", sequence);
        writes.add(account.id(), """
                INSERT INTO integration_accounts (id, organization_id, marketplace, integration_type,
                    account_name, region, status, error_message, has_credentials, connected_at,
                    created_at, updated_at, last_sequence)
                VALUES (:id, :organizationId, :marketplace, :integrationType, :accountName, :region,
                    :status, NULL, FALSE, NULL, :createdAt, :createdAt, :sequence)
                ON CONFLICT (id) DO NOTHING""", values);
    }

    void markConnected(UUID id, long sequence, Instant at) {
        update(id, sequence, at, "status = 'CONNECTED', error_message = NULL, has_credentials = TRUE, connected_at = :at",
                Map.of());
    }

    void markDisconnected(UUID id, long sequence, Instant at) {
        update(id, sequence, at, "status = 'DISCONNECTED', error_message = NULL, has_credentials = FALSE, connected_at = NULL",
                Map.of());
    }

    void markFailed(UUID id, long sequence, Instant at, String errorMessage) {
        update(id, sequence, at, "status = 'ERROR', error_message = :errorMessage", Map.of("errorMessage", errorMessage));
    }

    /** An OAuth flow is under way; the credentials the account may hold stay until the flow replaces them. */
    void markConnecting(UUID id, long sequence, Instant at) {
        update(id, sequence, at, "status = 'CONNECTING', error_message = NULL", Map.of());
    }

    /** Back to the status (and error message) an abandoned OAuth flow started from. */
    void restore(UUID id, long sequence, Instant at, AccountStatus status, String errorMessage) {
        Map<String, Object> values = new HashMap<>();
        values.put("status", status.name());
        values.put("errorMessage", errorMessage);
        update(id, sequence, at, "status = :status, error_message = :errorMessage", values);
    }

    void markDeleted(UUID id, long sequence, Instant at) {
        update(id, sequence, at, "deleted = TRUE, has_credentials = FALSE", Map.of());
    }

    void deleteAll() {
        jdbc.sql("DELETE FROM integration_accounts").update();
    }

    private void update(UUID id, long sequence, Instant at, String assignments, Map<String, Object> values) {
        Map<String, Object> parameters = new HashMap<>(values);
        parameters.put("id", id);
        parameters.put("sequence", sequence);
        parameters.put("at", Timestamp.from(at));
        writes.add(id, "UPDATE integration_accounts SET " + assignments
                + ", updated_at = :at, last_sequence = :sequence WHERE id = :id AND last_sequence < :sequence", parameters);
    }

    Optional<AccountView> find(UUID organizationId, UUID id) {
        return jdbc.sql("SELECT * FROM integration_accounts WHERE id = :id AND organization_id = :organizationId AND NOT deleted")
                .param("id", id)
                .param("organizationId", organizationId)
                .query(AccountReadModel::toView)
                .optional();
    }

    /** One more row than asked for, so the caller knows whether another page follows. */
    List<AccountView> findPage(FindAccountsQuery query, AccountCursor after) {
        StringBuilder sql = new StringBuilder(
                "SELECT * FROM integration_accounts WHERE organization_id = :organizationId AND NOT deleted");
        Map<String, Object> params = new HashMap<>();
        params.put("organizationId", query.organizationId());
        if (query.marketplace() != null) {
            sql.append(" AND marketplace = :marketplace");
            params.put("marketplace", query.marketplace().name());
        }
        if (query.integrationType() != null) {
            sql.append(" AND integration_type = :integrationType");
            params.put("integrationType", query.integrationType().name());
        }
        if (query.status() != null) {
            sql.append(" AND status = :status");
            params.put("status", query.status().name());
        }
        if (after != null) {
            sql.append(" AND (created_at, id) > (:afterCreatedAt, :afterId)");
            params.put("afterCreatedAt", Timestamp.from(after.createdAt()));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY created_at, id LIMIT :limit");
        params.put("limit", query.limit() + 1);
        return jdbc.sql(sql.toString()).params(params).query(AccountReadModel::toView).list();
    }

    private static AccountView toView(ResultSet row, int rowNumber) throws SQLException {
        return new AccountView(
                row.getObject("id", UUID.class),
                row.getObject("organization_id", UUID.class),
                Marketplace.valueOf(row.getString("marketplace")),
                IntegrationType.valueOf(row.getString("integration_type")),
                row.getString("account_name"),
                Region.valueOf(row.getString("region")),
                AccountStatus.valueOf(row.getString("status")),
                row.getString("error_message"),
                row.getBoolean("has_credentials"),
                instant(row, "connected_at"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
