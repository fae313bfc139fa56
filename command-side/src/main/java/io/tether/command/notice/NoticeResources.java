package io.tether.command.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.eventing.BatchedWrites;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each account's and global integration's public view as of the last event the notices processor
 * handled, so that a notice carries the resource as it was when its event happened. Written in the
 * processor's transaction through {@link BatchedWrites}: a batch's writes of one resource become one
 * write, sent with the batch's other writes of the table in one JDBC batch when the batch commits, and
 * what the batch stored is read back from memory, so that a later event of the same batch sees it.
 * <p>
 * The views a batch looks up are read in one query, at its first look-up: those of every account and global
 * integration whose events the batch holds ({@link #READ_AHEAD_TYPES}, the aggregates' types as the event store names
 * them). One round trip per batch on the processor's one thread instead of one per event: at 95 connects a second the
 * batch's look-ups were half of its round trips (docs/benchmarks.md, thirty-first session). A resource outside the
 * batch's events (another aggregate's event about it) is looked up on its own, as before.
 */
@Component
class NoticeResources {

    private static final String UPSERT = """
            INSERT INTO notice_resources (resource_id, view, settled_status) VALUES (:resourceId, :view, :settledStatus)
            ON CONFLICT (resource_id) DO UPDATE SET view = excluded.view, settled_status = excluded.settled_status""";
    private static final String DELETE = "DELETE FROM notice_resources WHERE resource_id = :resourceId";
    /** By resource id, what this batch stored (empty: removed), ahead of its writes. */
    private static final String STORED_IN_BATCH = NoticeResources.class.getName() + ".storedInBatch";
    /** By resource id, the stored view and settled status as the batch's first look-up found them (absent: none). */
    private static final String READ_AHEAD = NoticeResources.class.getName() + ".readAhead";
    /**
     * The aggregates whose ids are the ids of the resources kept here: the account's and the global integration's, by
     * the type the event store names them with (a test ties each to an aggregate of the command side).
     */
    static final Set<String> READ_AHEAD_TYPES = Set.of("IntegrationAccount", "GlobalIntegration");

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
        Map<UUID, Optional<Stored<String>>> readAhead = readAhead();
        Optional<Stored<String>> row = readAhead.get(resourceId);
        if (row == null) {
            row = jdbc.sql("SELECT view, settled_status FROM notice_resources WHERE resource_id = ?")
                    .param(resourceId)
                    .query((rs, number) -> new Stored<>(rs.getString("view"), rs.getString("settled_status")))
                    .optional();
        }
        return row.map(json -> new Stored<>(read(json.view(), viewType), json.settledStatus()));
    }

    /** In a processor's batch, the stored rows of the resources its events are about, read at the first call; else empty. */
    private Map<UUID, Optional<Stored<String>>> readAhead() {
        if (!CurrentUnitOfWork.isStarted()
                || !(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch)) {
            return Map.of();
        }
        return batch.getOrComputeResource(READ_AHEAD, key -> read(resourcesOf(batch.getMessages())));
    }

    private static Set<UUID> resourcesOf(List<? extends Message<?>> messages) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (message instanceof DomainEventMessage<?> event && READ_AHEAD_TYPES.contains(event.getType())) {
                try {
                    ids.add(UUID.fromString(event.getAggregateIdentifier()));
                } catch (IllegalArgumentException notAUuid) {
                    // not a resource of ours: nothing to read ahead
                }
            }
        }
        return ids;
    }

    private Map<UUID, Optional<Stored<String>>> read(Set<UUID> ids) {
        Map<UUID, Optional<Stored<String>>> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        ids.forEach(id -> rows.put(id, Optional.empty()));
        jdbc.sql("SELECT resource_id, view, settled_status FROM notice_resources WHERE resource_id = ANY (CAST(? AS uuid[]))")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((RowCallbackHandler) rs -> rows.put(rs.getObject("resource_id", UUID.class),
                        Optional.of(new Stored<>(rs.getString("view"), rs.getString("settled_status")))));
        return rows;
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
