package io.tether.query;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells whether a read model has processed the events up to an event store position. It reads the
 * processor's stored tokens, so it answers for every node of a split deployment, not only this one.
 * <p>
 * With several segments, a segment stores its token when it processes an event of its own, but
 * stores a position it merely skipped past only every so often (when it extends its claim). So a
 * segment whose token is behind the position still counts as done when none of the events it has
 * not reached belongs to it: none of their aggregates hashes into the segment (Axon's default
 * sequencing, per aggregate), or the read model has no handler for them.
 */
@Component
public class ProjectionPositions {

    private static final long POLL_INTERVAL_MILLIS = 10;

    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final ConsistencyProperties properties;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Map<String, Map<String, Boolean>> handledTypes = new ConcurrentHashMap<>();

    ProjectionPositions(JdbcClient jdbc, Serializer serializer, ConsistencyProperties properties,
                        ObjectProvider<EventProcessingConfiguration> processing) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.properties = properties;
        this.processing = processing;
    }

    /** Waits, up to the configured bound, until the processing group has passed the position; false on time-out. */
    public boolean awaitProcessed(String processingGroup, long position) {
        long deadline = System.nanoTime() + properties.maxWait().toNanos();
        while (!hasProcessed(processingGroup, position)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public boolean hasProcessed(String processingGroup, long position) {
        if (position < 0) {
            return true;
        }
        List<StoredSegment> stored = jdbc.sql("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?")
                .param(processingGroup)
                .query((row, index) -> new StoredSegment(row.getInt("segment"), row.getBytes("token") == null ? null
                        : serializer.<byte[], TrackingToken>deserialize(new SimpleSerializedObject<>(
                                row.getBytes("token"), byte[].class, row.getString("token_type"), null))))
                .list();
        if (stored.isEmpty()) {
            return false;
        }
        Map<Integer, Segment> segments = Arrays.stream(Segment.computeSegments(
                        stored.stream().mapToInt(StoredSegment::id).toArray()))
                .collect(Collectors.toMap(Segment::getSegmentId, Function.identity()));
        return stored.stream().allMatch(segment -> covers(segment.token(), position)
                || !hasPendingEvent(processingGroup, segments.get(segment.id()), segment.token(), position));
    }

    private static boolean covers(TrackingToken token, long position) {
        if (token == null) {
            return false;
        }
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return current.position().orElse(-1) >= position;
    }

    /** Whether an event at or before the position, not yet reached by the segment's token, is one the segment must handle. */
    private boolean hasPendingEvent(String processingGroup, Segment segment, TrackingToken token, long position) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        long index = current == null ? -1 : current.position().orElse(-1);
        Set<Long> gaps = current instanceof GapAwareTrackingToken gapAware ? gapAware.getGaps() : Set.of();
        long from = gaps.stream().mapToLong(Long::longValue).min().orElse(index + 1);
        return jdbc.sql("""
                        SELECT global_index, aggregate_identifier, payload_type FROM domain_event_entry
                        WHERE global_index >= ? AND global_index <= ?""")
                .params(Math.min(from, index + 1), position)
                .query(rows -> {
                    while (rows.next()) {
                        long eventIndex = rows.getLong(1);
                        boolean reached = eventIndex <= index && !gaps.contains(eventIndex);
                        if (!reached && segment.matches(Objects.hashCode(rows.getString(2)))
                                && handles(processingGroup, rows.getString(3))) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    /** Whether this node's copy of the processor has a handler for the payload type; when in doubt, yes. */
    private boolean handles(String processingGroup, String payloadType) {
        return handledTypes.computeIfAbsent(processingGroup, group -> new ConcurrentHashMap<>())
                .computeIfAbsent(payloadType, type -> {
                    EventHandlerInvoker invoker = processing.getObject().eventProcessor(processingGroup)
                            .filter(AbstractEventProcessor.class::isInstance)
                            .map(processor -> ((AbstractEventProcessor) processor).eventHandlerInvoker())
                            .orElse(null);
                    if (invoker == null) {
                        return true;
                    }
                    try {
                        return invoker.canHandleType(Class.forName(type, false, getClass().getClassLoader()));
                    } catch (ClassNotFoundException | LinkageError unknown) {
                        return true;
                    }
                });
    }

    private record StoredSegment(int id, TrackingToken token) {
    }
}
