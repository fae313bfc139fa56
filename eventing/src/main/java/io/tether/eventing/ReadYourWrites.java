package io.tether.eventing;

import java.util.Collection;
import java.util.List;

/**
 * Read-your-writes for a query: a command's response carries the event store position of what it
 * appended ({@link EventStorePositions}); a query that sends it back waits, within
 * {@code tether.consistency.max-wait}, until the read models it reads have processed that position.
 */
public interface ReadYourWrites {

    /**
     * Waits until every one of the processing groups has processed {@code minPosition}, within one
     * bound for all of them; answers at once when the caller asked for no position ({@code null}).
     */
    Consistency await(Long minPosition, Collection<String> processingGroups);

    default Consistency await(Long minPosition, String processingGroup) {
        return await(minPosition, List.of(processingGroup));
    }

    /** How fresh the read model was when the query read it, as the {@code Tether-Consistency} header says. */
    enum Consistency {
        /** No position was asked for: whatever the read model had. */
        EVENTUAL("eventual"),
        /** The read model had processed the position. */
        CAUGHT_UP("caught-up"),
        /** The wait ran out before the read model got there. */
        STALE("stale");

        private final String headerValue;

        Consistency(String headerValue) {
            this.headerValue = headerValue;
        }

        public String headerValue() {
            return headerValue;
        }
    }
}
