package io.tether.eventing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * How the event store's producer and the processors read the events after a tracking token: the next batch of events,
 * wherever they lie. Axon's query reads a window of batch-size positions after the token, and when the window is empty
 * asks in a second query whether any event lies beyond it (a gap wider than the window, left by rolled-back appends,
 * would otherwise hide every event after it). So every look that found nothing new (the producer's, every poll
 * interval) was two queries, each a transaction of its own. Read by position with a limit, a gap hides nothing and the
 * second query is not needed. The events of the token's gaps are read as before, by their positions. And as a batch
 * smaller than the limit is all there is for now, a stream of events ends with it, where Axon's looked once more (the
 * store's producer looks again by itself after a look that found events, and every processor is called back when
 * new events are appended).
 */
final class NextEvents {

    private NextEvents() {
    }

    /** The storage engine reading with these queries, and without the second look past the window. */
    static JdbcEventStorageEngine.Builder readWith(JdbcEventStorageEngine.Builder builder) {
        return builder.readEventDataWithoutGaps(NextEvents::after)
                .readEventDataWithGaps(NextEvents::afterAndIn)
                .extendedGapCheckEnabled(false);
    }

    /**
     * The tracked events after the token, batch after batch ({@code fetch}: the token and the batch size), until a batch
     * comes back smaller than the batch size: nothing more has been committed past it.
     */
    static Stream<TrackedEventData<?>> untilAPartialBatch(TrackingToken token, int batchSize,
                                                          BiFunction<TrackingToken, Integer, List<? extends TrackedEventData<?>>> fetch) {
        Iterator<TrackedEventData<?>> events = new Iterator<>() {
            private List<? extends TrackedEventData<?>> batch = List.of();
            private int next;
            private TrackingToken last = token;
            private boolean lastBatch;

            @Override
            public boolean hasNext() {
                if (next < batch.size()) {
                    return true;
                }
                if (lastBatch) {
                    return false;
                }
                batch = fetch.apply(last, batchSize);
                next = 0;
                lastBatch = batch.size() < batchSize;
                return !batch.isEmpty();
            }

            @Override
            public TrackedEventData<?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TrackedEventData<?> event = batch.get(next++);
                last = event.trackingToken();
                return event;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    static PreparedStatement after(Connection connection, EventSchema schema, long globalIndex, int batchSize)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields() + " FROM "
                + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ? ORDER BY "
                + schema.globalIndexColumn() + " LIMIT ?");
        statement.setLong(1, globalIndex);
        statement.setInt(2, batchSize);
        return statement;
    }

    /** The gaps lie below the token's index: the two parts never return the same event. */
    static PreparedStatement afterAndIn(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                        List<Long> gaps) throws SQLException {
        if (gaps.isEmpty()) {
            return after(connection, schema, globalIndex, batchSize);
        }
        String index = schema.globalIndexColumn();
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable();
        PreparedStatement statement = connection.prepareStatement("(" + select + " WHERE " + index + " > ? ORDER BY "
                + index + " LIMIT ?) UNION ALL (" + select + " WHERE " + index + " IN ("
                + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")) ORDER BY " + index);
        statement.setLong(1, globalIndex);
        statement.setInt(2, batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }
}
