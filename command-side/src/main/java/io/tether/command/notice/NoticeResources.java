package io.tether.command.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each account's and global integration's public view as of the last event the notices processor
 * handled, so that a notice carries the resource as it was when its event happened. Written in the
 * processor's transaction, and read back within its batch (so not through batched writes).
 */
@Component
class NoticeResources {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    NoticeResources(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * A resource's view, and its settled status: the last status that was not {@code CONNECTING}, so that
     * an OAuth flow that connects an account which was in error before the flow started recovers it.
     */
    record Stored<T>(T view, String settledStatus) {
    }

    <T> Optional<Stored<T>> find(UUID resourceId, Class<T> viewType) {
        return jdbc.sql("SELECT view, settled_status FROM notice_resources WHERE resource_id = ?")
                .param(resourceId)
                .query((rs, row) -> new Stored<>(read(rs.getString("view"), viewType), rs.getString("settled_status")))
                .optional();
    }

    void store(UUID resourceId, Object view, String settledStatus) {
        jdbc.sql("""
                        INSERT INTO notice_resources (resource_id, view, settled_status) VALUES (?, ?, ?)
                        ON CONFLICT (resource_id) DO UPDATE SET view = excluded.view, settled_status = excluded.settled_status""")
                .params(resourceId, write(view), settledStatus)
                .update();
    }

    void remove(UUID resourceId) {
        jdbc.sql("DELETE FROM notice_resources WHERE resource_id = ?").param(resourceId).update();
    }

    private <T> T read(String view, Class<T> viewType) {
        try {
            return json.readValue(view, viewType);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored view is not a " + viewType.getSimpleName(), e);
        }
    }

    private String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A view could not be written as JSON", e);
        }
    }
}
