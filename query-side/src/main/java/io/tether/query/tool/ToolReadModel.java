package io.tether.query.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.tool.ToolView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code tools} table; a definition is applied only when newer than the row, so redeliveries change nothing. */
@Repository
class ToolReadModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> SLUGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    ToolReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tool as {@link io.tether.api.tool.ToolChanges} gives it after the event; its first definition time stays. */
    void write(UUID toolId, ToolView tool, long sequence) {
        jdbc.sql("""
                        INSERT INTO tools (slug, tool_id, display_name, required_integrations, defined_at, updated_at,
                            last_sequence)
                        VALUES (:slug, :toolId, :displayName, CAST(:required AS jsonb), :definedAt, :updatedAt, :sequence)
                        ON CONFLICT (slug) DO UPDATE
                        SET display_name = :displayName, required_integrations = CAST(:required AS jsonb),
                            updated_at = :updatedAt, last_sequence = :sequence
                        WHERE tools.last_sequence < :sequence""")
                .param("slug", tool.slug())
                .param("toolId", toolId)
                .param("displayName", tool.displayName())
                .param("required", json(tool.requiredIntegrations()))
                .param("definedAt", Timestamp.from(tool.definedAt()))
                .param("updatedAt", Timestamp.from(tool.updatedAt()))
                .param("sequence", sequence)
                .update();
    }

    /** Empties the table for a replay (TRUNCATE, as the accounts read model does and for the same reason). */
    void deleteAll() {
        jdbc.sql("TRUNCATE tools").update();
    }

    Optional<ToolView> find(String slug) {
        return jdbc.sql("SELECT * FROM tools WHERE slug = ?").param(slug).query(ToolReadModel::toView).optional();
    }

    List<ToolView> findAll() {
        return jdbc.sql("SELECT * FROM tools ORDER BY slug").query(ToolReadModel::toView).list();
    }

    private static ToolView toView(ResultSet row, int rowNumber) throws SQLException {
        return new ToolView(row.getString("slug"), row.getString("display_name"),
                slugs(row.getString("required_integrations")),
                row.getTimestamp("defined_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }

    private static String json(List<String> slugs) {
        try {
            return JSON.writeValueAsString(slugs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A list of slugs is always serializable", e);
        }
    }

    private static List<String> slugs(String json) {
        try {
            return JSON.readValue(json, SLUGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored required integrations are not a JSON array of slugs", e);
        }
    }
}
