package io.tether.eventing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC storage engine, appending with {@link ChainedAppends}' statement, which also notes where the last event
 * of each append landed, returned by the append's own insert ({@code RETURNING global_index}: the value that row took,
 * whatever other sessions drew from the sequence since). Once that transaction has committed, the appending thread
 * hands the position to {@link EventStorePositions}, so that the command's answer names its position
 * without a query (and a transaction) of its own after the commit. An append whose answer names no position (a
 * credential read's record, {@link EventStorePositions#noneAsked}) reads none. A stream of tracked events ends with a
 * batch smaller than the batch size ({@link NextEvents#untilAPartialBatch}), not with a look that finds nothing.
 * The events it reads parse their stored time once ({@link TimedEventEntry}).
 */
final class PositionNotingStorageEngine extends JdbcEventStorageEngine {

    /**
     * Axon's defaults for its gap handling, set on the builder ({@link #gapHandling}) because
     * {@link #getTrackedEventData} handles gaps as Axon's does with them: a gap younger than the time-out is
     * remembered in the token (at most the offset below the event), an older one is given up on.
     */
    static final int GAP_TIMEOUT_MILLIS = 60_000;
    static final int MAX_GAP_OFFSET = 10_000;
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    /** How payloads and metadata are stored: bytes ({@code bytea} columns); the engine sets it on its builder. */
    static final Class<?> DATA_TYPE = byte[].class;

    private final EventStorePositions positions;
    private final Looks looks;
    /** Whether the producer's latest read found events (only the producer's thread reads with {@code mayBlock}). */
    private volatile boolean producerFound;
    private final AtomicBoolean fetchAsked = new AtomicBoolean();

    PositionNotingStorageEngine(JdbcEventStorageEngine.Builder builder, EventStorePositions positions, Looks looks) {
        super(builder.dataType(DATA_TYPE));
        this.positions = positions;
        this.looks = looks;
    }

    /** The gap handling {@link #getTrackedEventData} implements, set on Axon's builder. */
    static JdbcEventStorageEngine.Builder gapHandling(JdbcEventStorageEngine.Builder builder) {
        return builder.gapTimeout(GAP_TIMEOUT_MILLIS).maxGapOffset(MAX_GAP_OFFSET).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE);
    }

    /** How a look for the events after a token runs: as it is, or announcing this node's commits ({@link EventAnnouncements}). */
    interface Looks {

        Looks PLAIN = Supplier::get;

        List<? extends TrackedEventData<?>> run(Supplier<List<? extends TrackedEventData<?>>> look);
    }

    /**
     * The store's producer reads with {@code mayBlock} (the processors' own streams without): after a read that found
     * events it reads again at once, and that look finds nothing unless events were committed meanwhile, which the
     * producer is then asked to fetch ({@link #fetchAsked}: after a local commit's gathering window, or another node's
     * announcement). So that look is skipped when nothing asked for one since the read began: one transaction less per
     * gathering window of a busy node.
     */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (mayBlock) {
            if (producerFound && !fetchAsked.get()) {
                producerFound = false;
                return Stream.empty();
            }
            fetchAsked.set(false);
            producerFound = false;
        }
        return NextEvents.untilAPartialBatch(trackingToken, batchSize(), (token, size) -> {
            List<? extends TrackedEventData<?>> batch = looks.run(() -> fetchTrackedEvents(token, size));
            if (mayBlock && !batch.isEmpty()) {
                producerFound = true;
            }
            return batch;
        });
    }

    /** Axon's, but for the entry: its time is parsed once, here (Axon's parses it here and again for every processor). */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        long globalSequence = resultSet.getLong(schema().globalIndexColumn());
        TimedEventEntry event = entry(resultSet, true);
        boolean allowGaps = event.getTimestamp().isAfter(GenericEventMessage.clock.instant()
                .minus(GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                            .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, event);
    }

    /** Axon's, but for the entry, whose time is parsed once. */
    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return entry(resultSet, false);
    }

    /** As Axon reads an event: a tracked event that is not a domain event stores its own id as its aggregate's. */
    private TimedEventEntry entry(ResultSet resultSet, boolean tracked) throws SQLException {
        EventSchema schema = schema();
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        return new TimedEventEntry(resultSet.getString(schema.typeColumn()),
                tracked && eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                resultSet.getString(schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
    }

    /** The store's producer was asked to look for new events ({@link GatheredFetchEventStore#fetchNow}). */
    void fetchAsked() {
        fetchAsked.set(true);
    }

    /**
     * Axon's append (one batch of {@link ChainedAppends}' statements, in the command's transaction: Tether gives Axon no
     * transaction manager of its own), its last event's position returned by the insert itself when the command's
     * answer names one.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        boolean noted = events.get(events.size() - 1) instanceof DomainEventMessage<?> && EventStorePositions.asked();
        long position = -1;
        Connection connection = getConnection();
        try (PreparedStatement statement = ChainedAppends.appendEvents(connection, schema(), DATA_TYPE, events, serializer,
                this::writeTimestamp, noted)) {
            statement.executeBatch();
            if (noted) {
                position = lastGlobalIndex(statement);
            }
        } catch (SQLException e) {
            handlePersistenceException(e, events.get(0));
        } finally {
            JdbcUtils.closeQuietly(connection);
        }
        if (noted) {
            String aggregateId = ((DomainEventMessage<?>) events.get(events.size() - 1)).getAggregateIdentifier();
            long appended = position;
            CurrentUnitOfWork.get().afterCommit(committed -> positions.appended(aggregateId, appended));
        }
    }

    /** The {@code global_index} the batch's last insert took, from its generated keys (one per event, in order). */
    private static long lastGlobalIndex(PreparedStatement statement) throws SQLException {
        long last = -1;
        try (ResultSet keys = statement.getGeneratedKeys()) {
            while (keys.next()) {
                last = keys.getLong(1);
            }
        }
        if (last < 0) {
            throw new SQLException("The append returned no position for its events");
        }
        return last;
    }
}
