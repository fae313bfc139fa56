package io.tether.query.audit;

import io.tether.infrastructure.audit.HashChain;
import io.tether.query.audit.EventStoreReader.ChainHead;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Recomputes hash chains from the stored rows and reports, for each aggregate, the first link that
 * does not hold: an event altered, missing, out of order, or the newest events gone.
 */
@Component
class ChainVerifier {

    private final EventStoreReader events;

    ChainVerifier(EventStoreReader events) {
        this.events = events;
    }

    Verification verify(List<String> aggregateIds) {
        List<BrokenLink> broken = new ArrayList<>();
        long eventCount = 0;
        for (String aggregateId : aggregateIds) {
            List<StoredEvent> stored = events.eventsOf(aggregateId);
            eventCount += stored.size();
            firstBrokenLink(aggregateId, stored, events.headOf(aggregateId)).ifPresent(broken::add);
        }
        return new Verification(aggregateIds.size(), eventCount, broken.isEmpty(), broken);
    }

    static Optional<BrokenLink> firstBrokenLink(String aggregateId, List<StoredEvent> stored, Optional<ChainHead> head) {
        String previous = HashChain.GENESIS;
        long expectedSequence = 0;
        for (StoredEvent event : stored) {
            if (event.sequenceNumber() != expectedSequence) {
                return Optional.of(new BrokenLink(aggregateId, expectedSequence, "missing_event",
                        "Event " + expectedSequence + " is missing; the next stored one is " + event.sequenceNumber()));
            }
            String storedLink = event.metadata() == null ? null : HashChain.storedLink(event.metadata());
            String recomputed = HashChain.link(previous, event.facts());
            if (!recomputed.equals(storedLink)) {
                return Optional.of(new BrokenLink(aggregateId, event.sequenceNumber(), "altered_event",
                        "Event " + event.sequenceNumber() + " is not the event that was appended: its content,"
                                + " position or predecessor changed"));
            }
            previous = recomputed;
            expectedSequence++;
        }
        if (head.isPresent() && (head.get().sequenceNumber() != expectedSequence - 1 || !head.get().hash().equals(previous))) {
            return Optional.of(new BrokenLink(aggregateId, expectedSequence, "missing_latest_events",
                    "The chain head records event " + head.get().sequenceNumber() + " but the stored events end at "
                            + (expectedSequence - 1)));
        }
        return Optional.empty();
    }

    record Verification(int aggregates, long events, boolean intact, List<BrokenLink> broken) {
    }

    record BrokenLink(String aggregateId, long sequenceNumber, String problem, @Nullable String detail) {
    }
}
