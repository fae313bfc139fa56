package io.tether.query.audit;

import io.tether.api.AuditMetadata;
import io.tether.api.OrganizationOwned;
import io.tether.infrastructure.axon.SendsNoMessages;
import java.sql.Timestamp;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Indexes every event of every aggregate for the organization's audit log. */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
@SendsNoMessages
class AuditLogProjection {

    static final String PROCESSING_GROUP = "audit-log";

    private final JdbcClient jdbc;

    AuditLogProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The event's own global index comes from the event store, not from the tracking token: an event
     * that fills a gap (committed after later ones) arrives with a token whose position is the highest
     * index seen so far, which belongs to another event.
     * <p>
     * An event that is no longer in the event store by the time it is handled (a row deleted under the
     * processor) fails rather than leave a silent hole in the log: it goes to the dead-letter queue, with
     * the later events of its aggregate, where a platform admin sees it.
     */
    @EventHandler
    void on(Object payload, DomainEventMessage<?> event) {
        UUID organization = organizationOf(payload, event);
        int written = jdbc.sql("""
                        INSERT INTO audit_log (global_index, organization_id, aggregate_id, aggregate_type, sequence_number,
                            event_type, occurred_at, actor, command, request_id, correlation_id, client_ip)
                        SELECT global_index, :organization, :aggregateId, :aggregateType, :sequence, :eventType, :at,
                            :actor, :command, :requestId, :correlationId, :clientIp
                        FROM domain_event_entry WHERE event_identifier = :eventId
                        ON CONFLICT (global_index) DO NOTHING""")
                .param("eventId", event.getIdentifier())
                .param("organization", organization)
                .param("aggregateId", event.getAggregateIdentifier())
                .param("aggregateType", event.getType())
                .param("sequence", event.getSequenceNumber())
                .param("eventType", event.getPayloadType().getSimpleName())
                .param("at", Timestamp.from(event.getTimestamp()))
                .param("actor", text(event, AuditMetadata.ACTOR))
                .param("command", text(event, AuditMetadata.COMMAND))
                .param("requestId", text(event, AuditMetadata.REQUEST_ID))
                .param("correlationId", text(event, "correlationId"))
                .param("clientIp", text(event, AuditMetadata.CLIENT_IP))
                .update();
        // Nothing written: either the log has the event already (a redelivery), or the store lacks it.
        if (written == 0 && !isStored(event)) {
            throw new IllegalStateException("Event " + event.getIdentifier() + " (" + event.getType() + " "
                    + event.getAggregateIdentifier() + " #" + event.getSequenceNumber()
                    + ") is not in domain_event_entry: its audit log entry cannot be written");
        }
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

    private UUID organizationOf(Object payload, DomainEventMessage<?> event) {
        String fromMetadata = text(event, AuditMetadata.ORGANIZATION_ID);
        UUID named = payload instanceof OrganizationOwned owned ? owned.organizationId()
                : fromMetadata == null ? null : UUID.fromString(fromMetadata);
        if (named != null) {
            UUID organization = named;
            jdbc.sql("INSERT INTO audit_aggregates (aggregate_id, organization_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(event.getAggregateIdentifier(), organization)
                    .update();
            return organization;
        }
        return jdbc.sql("SELECT organization_id FROM audit_aggregates WHERE aggregate_id = ?")
                .param(event.getAggregateIdentifier())
                .query(UUID.class)
                .optional()
                .orElse(null);
    }

    private static String text(DomainEventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
