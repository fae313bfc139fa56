package io.tether.eventing;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, but for when its producer looks for new events after a local commit. Axon's wakes it
 * after every commit, and each wake is two or three queries of their own (the events, then an empty look, then the
 * lowest index past the gap): under load, more transactions than the commands themselves. Here the producer is woken
 * by {@link WakingEventSource} when it calls the processors back, once per gathering window however many commits
 * the window held (at once without a window), and on its own every poll interval as before.
 */
final class GatheredFetchEventStore extends EmbeddedEventStore {

    GatheredFetchEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    /** Not after each commit: {@link WakingEventSource} asks, through {@link #fetchNow}. */
    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
    }

    /** Wakes the producer to look for new events now, if it is waiting, and tells Tether's storage engine it was asked. */
    void fetchNow() {
        if (storageEngine() instanceof PositionNotingStorageEngine engine) {
            engine.fetchAsked();
        }
        super.afterCommit(List.of());
    }
}
