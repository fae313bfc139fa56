package io.tether.infrastructure.axon;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC storage engine, but a stream of tracked events ends at the first batch that is not full
 * instead of at the first empty one. Axon's stream fetches once more after every batch, until one
 * comes back empty, and an empty fetch costs a second query (its check for a gap wider than a batch).
 * The store's producer reads such a stream after every local commit, finds the one or two new events
 * in the first fetch, and so spent two more queries on the empty one; then it reads a fresh stream
 * once more before it waits (its own check that nothing arrived meanwhile): five queries per commit,
 * three now.
 *
 * <p>Nothing is skipped by ending early. A batch comes back short of {@code batchSize} when it
 * reached the newest event, or when gaps (sequence values of rolled-back appends, or of transactions
 * not yet committed) took places in its window; in both cases the reader opens a new stream from the
 * last event it read: the producer whenever its last read found events, a processor's private
 * stream when it is still behind the producer's cache. An empty batch still takes Axon's path, with
 * its check for a gap wider than a batch.
 */
class TailReadingJdbcEventStorageEngine extends JdbcEventStorageEngine {

    TailReadingJdbcEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        return StreamSupport.stream(new UntilShortBatch(trackingToken), false);
    }

    private final class UntilShortBatch extends Spliterators.AbstractSpliterator<TrackedEventData<?>> {

        private TrackingToken last;
        private Iterator<? extends TrackedEventData<?>> batch = Collections.emptyIterator();
        private boolean lastBatch;

        UntilShortBatch(TrackingToken from) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.last = from;
        }

        @Override
        public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
            if (!batch.hasNext()) {
                if (lastBatch) {
                    return false;
                }
                List<? extends TrackedEventData<?>> fetched = fetchTrackedEvents(last, batchSize());
                lastBatch = fetched.size() < batchSize();
                batch = fetched.iterator();
                if (!batch.hasNext()) {
                    return false;
                }
            }
            TrackedEventData<?> next = batch.next();
            last = next.trackingToken();
            action.accept(next);
            return true;
        }
    }
}
