package io.tether.query.global;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.FieldChange;
import io.tether.api.global.FindGlobalIntegrationsQuery;
import io.tether.api.global.GlobalIntegrationChanges;
import io.tether.api.global.GlobalIntegrationChanges.Field;
import io.tether.api.global.GlobalIntegrationStatus;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.query.Listing;
import io.tether.query.Listing.Page;
import io.tether.query.PageCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code global_integrations} table. Every change names the event sequence it comes from and is
 * applied only when newer than the row, so replays and redeliveries leave the row unchanged.
 */
@Repository
class GlobalIntegrationReadModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    GlobalIntegrationReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(GlobalIntegrationView integration, long sequence) {
        jdbc.sql("""
                        INSERT INTO global_integrations (id, organization_id, project_id, service_name, display_name,
                            description, logo_url, enabled, config, status, has_credentials, created_by, connected_at,
                            created_at, updated_at, last_sequence)
                        VALUES (:id, :organizationId, :projectId, :serviceName, :displayName, :description, :logoUrl,
                            :enabled, CAST(:config AS jsonb), :status, FALSE, :createdBy, NULL, :createdAt, :createdAt,
                            :sequence)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", integration.id())
                .param("organizationId", integration.organizationId())
                .param("projectId", integration.projectId())
                .param("serviceName", integration.serviceName())
                .param("displayName", integration.displayName())
                .param("description", integration.description())
                .param("logoUrl", integration.logoUrl())
                .param("enabled", integration.enabled())
                .param("config", json(integration.config()))
                .param("status", integration.status().name())
                .param("createdBy", integration.createdBy())
                .param("createdAt", Timestamp.from(integration.createdAt()))
                .param("sequence", sequence)
                .update();
    }

    /** The event's change of the integration ({@link GlobalIntegrationChanges}), as its columns. */
    void change(UUID id, long sequence, Instant at, FieldChange<Field> change) {
        List<String> assignments = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        change.sets().forEach((field, value) -> {
            String column = field.name().toLowerCase(Locale.ROOT);
            assignments.add(field == Field.CONFIG ? column + " = CAST(:" + column + " AS jsonb)" : column + " = :" + column);
            values.put(column, column(field, value));
        });
        update(id, sequence, at, String.join(", ", assignments), values);
    }

    /** Each value as its column takes it, typed even when null (an untyped null costs the driver a round trip). */
    @SuppressWarnings("unchecked")
    private static Object column(Field field, Object value) {
        return switch (field) {
            case STATUS -> ((GlobalIntegrationStatus) value).name();
            case CONFIG -> json((Map<String, Object>) value);
            case DISPLAY_NAME, DESCRIPTION, LOGO_URL, ERROR_MESSAGE -> new SqlParameterValue(Types.VARCHAR, value);
            case CONNECTED_AT -> new SqlParameterValue(Types.TIMESTAMP, value == null ? null : Timestamp.from((Instant) value));
            case ENABLED, HAS_CREDENTIALS, DELETED -> value;
        };
    }

    /** Empties the table for a replay (TRUNCATE, as the accounts read model does and for the same reason). */
    void deleteAll() {
        jdbc.sql("TRUNCATE global_integrations").update();
    }

    private void update(UUID id, long sequence, Instant at, String assignments, Map<String, Object> values) {
        jdbc.sql("UPDATE global_integrations SET " + (assignments.isEmpty() ? "" : assignments + ", ")
                        + "updated_at = :at, last_sequence = :sequence WHERE id = :id AND last_sequence < :sequence")
                .params(values)
                .param("id", id)
                .param("sequence", sequence)
                .param("at", Timestamp.from(at))
                .update();
    }

    Optional<GlobalIntegrationView> find(UUID organizationId, UUID id) {
        return jdbc.sql("SELECT * FROM global_integrations WHERE id = :id AND organization_id = :organizationId AND NOT deleted")
                .param("id", id)
                .param("organizationId", organizationId)
                .query(GlobalIntegrationReadModel::toView)
                .optional();
    }

    /**
     * A page of the organization's global integrations, with the cursor of the next (the last row's id). A
     * cursor that names no row of the organization ends the listing.
     */
    Page<GlobalIntegrationView> findPage(FindGlobalIntegrationsQuery query) {
        return Listing.of("global_integrations", query.organizationId())
                .where("service_name", query.serviceName())
                .where("enabled", query.enabled())
                .where("project_id", query.projectId())
                .page(jdbc, query.limit(), query.cursor(), GlobalIntegrationReadModel::toView,
                        integration -> PageCursor.afterRow(integration.id()));
    }

    private static GlobalIntegrationView toView(ResultSet row, int rowNumber) throws SQLException {
        return new GlobalIntegrationView(
                row.getObject("id", UUID.class),
                row.getObject("organization_id", UUID.class),
                row.getObject("project_id", UUID.class),
                row.getString("service_name"),
                row.getString("display_name"),
                row.getString("description"),
                row.getString("logo_url"),
                row.getBoolean("enabled"),
                config(row.getString("config")),
                GlobalIntegrationStatus.valueOf(row.getString("status")),
                row.getString("error_message"),
                row.getBoolean("has_credentials"),
                row.getString("created_by"),
                instant(row, "connected_at"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static String json(Map<String, Object> config) {
        try {
            return JSON.writeValueAsString(config == null ? Map.of() : config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A config from an event is not serializable", e);
        }
    }

    private static Map<String, Object> config(String json) {
        try {
            return JSON.readValue(json, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored config is not a JSON object", e);
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
