package io.tether.command.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.eventing.BatchedWrites;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each account's and global integration's public view as of the last event the notices processor
 * handled, so that a notice carries the resource as it was when its event happened. Written in the
 * processor's transaction through {@link BatchedWrites}: a batch's writes of one resource become one
 * write, sent with the batch's other writes of the table in one JDBC batch when the batch commits, and
 * what the batch stored is read back from memory, so that a later event of the same batch sees it.
 */
@Component
class NoticeResources {

    private static final String UPSERT = """
            INSERT INTO notice_resources (resource_id, view, settled_status) VALUES (:resourceId, :view, :settledStatus)
            ON CONFLICT (resource_id) DO UPDATE SET view = excluded.view, settled_status = excluded.settled_status""";
    private static final String DELETE = "DELETE FROM notice_resources WHERE resource_id = :resourceId";
    /** By resource id, what this batch stored (empty: removed), ahead of its writes. */
    private static final String STORED_IN_BATCH = NoticeResources.class.getName() + ".storedInBatch";

    private final JdbcClient jdbc;
    private final BatchedWrites writes;
    private final ObjectMapper json;

    NoticeResources(JdbcClient jdbc, BatchedWrites writes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.json = json;
    }

    /**
     * A resource's view, and its settled status: the last status that was not {@code CONNECTING}, so that
     * an OAuth flow that connects an account which was in error before the flow started recovers it.
     */
    record Stored<T>(T view, String settledStatus) {
    }

    <T> Optional<Stored<T>> find(UUID resourceId, Class<T> viewType) {
        Optional<Stored<?>> stored = storedInBatch().get(resourceId);
        if (stored != null) {
            return stored.map(resource -> new Stored<>(viewType.cast(resource.view()), resource.settledStatus()));
        }
        return jdbc.sql("SELECT view, settled_status FROM notice_resources WHERE resource_id = ?")
                .param(resourceId)
                .query((rs, row) -> new Stored<>(read(rs.getString("view"), viewType), rs.getString("settled_status")))
                .optional();
    }

    void store(UUID resourceId, Object view, String settledStatus) {
        storedInBatch().put(resourceId, Optional.of(new Stored<>(view, settledStatus)));
        String viewJson = write(view);
        writes.pendingWrite(resourceId, UPSERT).ifPresentOrElse(
                earlier -> earlier.addValue("view", viewJson).addValue("settledStatus", settledStatus),
                () -> writes.add(resourceId, UPSERT, parameters(resourceId, viewJson, settledStatus)));
    }

    void remove(UUID resourceId) {
        storedInBatch().put(resourceId, Optional.empty());
        writes.add(resourceId, DELETE, Map.of("resourceId", resourceId));
    }

    /** Outside a processor's batch, a map that forgets at once (the writes then run at once). */
    private Map<UUID, Optional<Stored<?>>> storedInBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new HashMap<>();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(STORED_IN_BATCH, key -> new HashMap<>());
    }

    private static Map<String, Object> parameters(UUID resourceId, String viewJson, String settledStatus) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("resourceId", resourceId);
        parameters.put("view", viewJson);
        parameters.put("settledStatus", settledStatus);
        return parameters;
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
