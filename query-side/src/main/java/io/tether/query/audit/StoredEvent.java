package io.tether.query.audit;

import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.time.Instant;

/** A row of the event store, as stored. */
record StoredEvent(long globalIndex, String eventId, String aggregateId, String aggregateType, long sequenceNumber,
                   String payloadType, String payloadRevision, Instant timestamp, byte[] payload, byte[] metadata) {

    String simpleType() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    EventFacts facts() {
        return new EventFacts(aggregateId, sequenceNumber, eventId, payloadType, timestamp, payload, metadata);
    }
}
