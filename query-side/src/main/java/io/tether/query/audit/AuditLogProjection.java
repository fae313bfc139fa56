package io.tether.query.audit;

import io.tether.api.AuditMetadata;
import io.tether.api.OrganizationOwned;
import io.tether.eventing.BatchedWrites;
import io.tether.eventing.SendsNoMessages;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Indexes every event of every aggregate for the organization's audit log. */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
@SendsNoMessages
class AuditLogProjection {

    static final String PROCESSING_GROUP = "audit-log";

    private static final String INSERT_ENTRY = """
            INSERT INTO audit_log (global_index, organization_id, aggregate_id, aggregate_type, sequence_number,
                event_type, occurred_at, actor, command, request_id, correlation_id, client_ip)
            SELECT global_index, %s, :aggregateId, :aggregateType, :sequence, :eventType, :at,
                :actor, :command, :requestId, :correlationId, :clientIp
            FROM domain_event_entry WHERE event_identifier = :eventId
            ON CONFLICT (global_index) DO NOTHING""";
    /**
     * For an event that names its organization: the aggregate's owner is recorded (by the first such
     * event) in the same statement, not in a round trip of its own.
     */
    private static final String INSERT_NAMING_THE_OWNER = """
            WITH owner AS (
                INSERT INTO audit_aggregates (aggregate_id, organization_id) VALUES (:aggregateId, :organization)
                ON CONFLICT DO NOTHING)
            """ + INSERT_ENTRY.formatted(":organization");
    /** For an event that names none: the owner recorded from an earlier event of its aggregate. */
    private static final String INSERT_WITH_THE_RECORDED_OWNER =
            INSERT_ENTRY.formatted("(SELECT organization_id FROM audit_aggregates WHERE aggregate_id = :aggregateId)");

    private final JdbcClient jdbc;
    private final BatchedWrites writes;
    /**
     * Events a batch found missing from the event store, on this node: when the failed batch is delivered again, each
     * is written alone, so that its failure is its own and dead-letters it (with its aggregate's later events) instead
     * of failing the batch again.
     */
    private final Set<String> missingFromTheStore = ConcurrentHashMap.newKeySet();

    AuditLogProjection(JdbcClient jdbc, BatchedWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /**
     * The event's own global index comes from the event store, not from the tracking token: an event
     * that fills a gap (committed after later ones) arrives with a token whose position is the highest
     * index seen so far, which belongs to another event.
     * <p>
     * The entries of a batch of events are written together as it commits ({@link BatchedWrites}: one round trip
     * for the batch, an aggregate's entries in order), and the event's payload is read only when its type may name
     * the organization. An event that is no longer in the event store by the time it is handled (a row deleted under
     * the processor) fails rather than leave a silent hole in the log: found as its batch is written, it fails the
     * batch, and when the batch comes again it is written alone and fails on its own, into the dead-letter queue,
     * with the later events of its aggregate, where a platform admin sees it. A dead letter processed again is
     * written alone too.
     */
    @EventHandler
    void on(DomainEventMessage<?> event, DeadLetter<?> deadLetter) {
        UUID named = organizationNamedBy(event);
        String sql = named != null ? INSERT_NAMING_THE_OWNER : INSERT_WITH_THE_RECORDED_OWNER;
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("eventId", event.getIdentifier());
        parameters.put("organization", named);
        parameters.put("aggregateId", event.getAggregateIdentifier());
        parameters.put("aggregateType", event.getType());
        parameters.put("sequence", event.getSequenceNumber());
        parameters.put("eventType", event.getPayloadType().getSimpleName());
        parameters.put("at", Timestamp.from(event.getTimestamp()));
        parameters.put("actor", text(event, AuditMetadata.ACTOR));
        parameters.put("command", text(event, AuditMetadata.COMMAND));
        parameters.put("requestId", text(event, AuditMetadata.REQUEST_ID));
        parameters.put("correlationId", text(event, "correlationId"));
        parameters.put("clientIp", text(event, AuditMetadata.CLIENT_IP));
        // Nothing written: either the log has the event already (a redelivery), or the store lacks it.
        if (deadLetter != null || missingFromTheStore.remove(event.getIdentifier())) {
            if (jdbc.sql(sql).params(parameters).update() == 0 && !isStored(event)) {
                throw missing(event);
            }
            return;
        }
        writes.addExpectingARow(event.getAggregateIdentifier(), sql, parameters, () -> {
            if (!isStored(event)) {
                missingFromTheStore.add(event.getIdentifier());
                throw missing(event);
            }
        });
    }

    private static IllegalStateException missing(DomainEventMessage<?> event) {
        return new IllegalStateException("Event " + event.getIdentifier() + " (" + event.getType() + " "
                + event.getAggregateIdentifier() + " #" + event.getSequenceNumber()
                + ") is not in domain_event_entry: its audit log entry cannot be written");
    }

    private boolean isStored(DomainEventMessage<?> event) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM domain_event_entry WHERE event_identifier = ?)")
                .param(event.getIdentifier())
                .query(Boolean.class)
                .single();
    }

    /** Empties the tables for a replay (TRUNCATE, as the accounts read model does and for the same reason). */
    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE audit_log, audit_aggregates").update();
    }

    /** The organization the event names (its payload, or its metadata from the command), or null. */
    private static UUID organizationNamedBy(DomainEventMessage<?> event) {
        if (OrganizationOwned.class.isAssignableFrom(event.getPayloadType())
                && event.getPayload() instanceof OrganizationOwned owned) {
            return owned.organizationId();
        }
        String fromMetadata = text(event, AuditMetadata.ORGANIZATION_ID);
        return fromMetadata == null ? null : UUID.fromString(fromMetadata);
    }

    private static String text(DomainEventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
