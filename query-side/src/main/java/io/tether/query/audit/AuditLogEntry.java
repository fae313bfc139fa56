package io.tether.query.audit;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;

/** One row of the audit log: which event, of which aggregate, when, by whom, from where. */
record AuditLogEntry(long globalIndex, UUID organizationId, String aggregateId, String aggregateType,
                     long sequenceNumber, String eventType, Instant occurredAt, @Nullable String actor,
                     @Nullable String command,
                     @Nullable String requestId, @Nullable String correlationId, @Nullable String clientIp) {

    static final String[] CSV_HEADER = {"global_index", "organization_id", "aggregate_id", "aggregate_type",
            "sequence_number", "event_type", "occurred_at", "actor", "command", "request_id", "correlation_id", "client_ip"};

    Object[] csvValues() {
        return new Object[] {globalIndex, organizationId, aggregateId, aggregateType, sequenceNumber, eventType,
                occurredAt, actor, command, requestId, correlationId, clientIp};
    }
}
