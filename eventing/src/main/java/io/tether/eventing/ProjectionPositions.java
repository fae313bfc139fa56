package io.tether.eventing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells whether a read model has processed the events up to an event store position. It reads the
 * processor's stored tokens, so it answers for every node of a split deployment, not only this one;
 * when this node's processor holds every segment of the read model, its positions in memory answer
 * without a query.
 * <p>
 * With several segments, a segment stores its token when it processes an event of its own, but
 * stores a position it merely skipped past only every so often (when it extends its claim). So a
 * segment whose token is behind the position still counts as done when none of the events it has
 * not reached belongs to it: none of their aggregates hashes into the segment (Axon's default
 * sequencing, per aggregate), or the read model has no handler for them.
 */
@Component
public class ProjectionPositions implements ReadYourWrites {

    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final ConsistencyProperties properties;
    private final ProcessorCommits commits;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Map<String, Map<String, Boolean>> handledTypes = new ConcurrentHashMap<>();

    public ProjectionPositions(JdbcClient jdbc, Serializer serializer, ConsistencyProperties properties,
                               ProcessorCommits commits, ObjectProvider<EventProcessingConfiguration> processing) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.properties = properties;
        this.commits = commits;
        this.processing = processing;
    }

    @Override
    public Consistency await(Long minPosition, Collection<String> processingGroups) {
        if (minPosition == null) {
            return Consistency.EVENTUAL;
        }
        return awaitProcessed(processingGroups, minPosition) ? Consistency.CAUGHT_UP : Consistency.STALE;
    }

    /**
     * Waits, up to the configured bound, until the processing group has passed the position; false on
     * time-out. It looks again when this node's processor of the group commits a batch, and at the
     * latest after the poll interval (for segments other nodes process).
     */
    public boolean awaitProcessed(String processingGroup, long position) {
        return awaitProcessed(processingGroup, position, System.nanoTime() + properties.maxWait().toNanos());
    }

    /** Waits for every processing group within one bound (not one bound each); false if any is not there by then. */
    public boolean awaitProcessed(Collection<String> processingGroups, long position) {
        long deadline = System.nanoTime() + properties.maxWait().toNanos();
        return processingGroups.stream().allMatch(group -> awaitProcessed(group, position, deadline));
    }

    private boolean awaitProcessed(String processingGroup, long position, long deadline) {
        if (position < 0) {
            return true;
        }
        Look look = new Look(processingGroup, position);
        while (true) {
            long committed = commits.count(processingGroup);
            if (look.reached()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left < 0) {
                return false;
            }
            try {
                commits.awaitNext(processingGroup, committed,
                        Duration.ofNanos(Math.min(left, properties.pollInterval().toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    public boolean hasProcessed(String processingGroup, long position) {
        return position < 0 || new Look(processingGroup, position).reached();
    }

    /**
     * One wait's looks at how far the group has got. When this node's processor holds every segment of
     * the group, the positions it has in memory answer (a segment's moves on once a batch of its own has
     * committed, and past other segments' events at once); otherwise the stored tokens do. A segment
     * behind the position is done when none of the events it has not reached is its own; which those are
     * is read once per wait (again only if the segments change), and only when a segment is behind.
     */
    private final class Look {

        private final String processingGroup;
        private final long position;
        private OwnEvents ownEvents;

        Look(String processingGroup, long position) {
            this.processingGroup = processingGroup;
            this.position = position;
        }

        boolean reached() {
            List<SegmentToken> segments = heldHere(processingGroup).orElseGet(() -> storedSegments(processingGroup));
            if (segments.isEmpty()) {
                return false;
            }
            if (segments.stream().allMatch(segment -> ProjectionPositions.reached(segment.token(), position))) {
                return true;
            }
            if (ownEvents == null || !ownEvents.segmentIds().equals(segmentIds(segments))) {
                ownEvents = ownEvents(processingGroup, segments, position);
            }
            return ownEvents.reachedBy(segments);
        }
    }

    /**
     * The positions of the group's segments as this node's processor has them, when it holds all of them
     * (together they cover every aggregate) and none has failed; empty otherwise.
     */
    private Optional<List<SegmentToken>> heldHere(String processingGroup) {
        Collection<EventTrackerStatus> statuses = processing.getObject()
                .eventProcessor(processingGroup, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().values())
                .orElse(List.of());
        long finest = statuses.stream().mapToLong(status -> status.getSegment().getMask() + 1L).max().orElse(0);
        long covered = statuses.stream().mapToLong(status -> finest / (status.getSegment().getMask() + 1L)).sum();
        if (finest == 0 || covered != finest || statuses.stream().anyMatch(EventTrackerStatus::isErrorState)) {
            return Optional.empty();
        }
        return Optional.of(statuses.stream()
                .map(status -> new SegmentToken(status.getSegment().getSegmentId(), status.getTrackingToken()))
                .toList());
    }

    private List<SegmentToken> storedSegments(String processingGroup) {
        return jdbc.sql("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?")
                .param(processingGroup)
                .query((row, index) -> new SegmentToken(row.getInt("segment"), row.getBytes("token") == null ? null
                        : serializer.<byte[], TrackingToken>deserialize(new SimpleSerializedObject<>(
                                row.getBytes("token"), byte[].class, row.getString("token_type"), null))))
                .list();
    }

    private static Set<Integer> segmentIds(List<SegmentToken> segments) {
        return segments.stream().map(SegmentToken::id).collect(Collectors.toSet());
    }

    /**
     * For each segment, the events at or before the position that it must handle and that its token had
     * not reached when this was read: events of aggregates that hash into the segment, of types the read
     * model handles. One read of the events between the least advanced token and the position.
     */
    private OwnEvents ownEvents(String processingGroup, List<SegmentToken> segments, long position) {
        Map<Integer, Segment> ring = Arrays.stream(Segment.computeSegments(
                        segments.stream().mapToInt(SegmentToken::id).toArray()))
                .collect(Collectors.toMap(Segment::getSegmentId, Function.identity()));
        List<SegmentToken> behind = segments.stream().filter(segment -> !reached(segment.token(), position)).toList();
        Map<Integer, List<Long>> pending = new HashMap<>();
        if (!behind.isEmpty()) {
            long from = behind.stream().mapToLong(segment -> firstUnreached(segment.token())).min().orElse(0);
            jdbc.sql("""
                            SELECT global_index, aggregate_identifier, payload_type FROM domain_event_entry
                            WHERE global_index >= ? AND global_index <= ?""")
                    .params(from, position)
                    .query((RowCallbackHandler) row -> {
                        long eventIndex = row.getLong(1);
                        String aggregateId = row.getString(2);
                        String payloadType = row.getString(3);
                        for (SegmentToken segment : behind) {
                            if (!reached(segment.token(), eventIndex)
                                    && ring.get(segment.id()).matches(Objects.hashCode(aggregateId))
                                    && handles(processingGroup, payloadType)) {
                                pending.computeIfAbsent(segment.id(), id -> new ArrayList<>()).add(eventIndex);
                            }
                        }
                    });
        }
        return new OwnEvents(segmentIds(segments), position, pending);
    }

    /** Whether the token has passed the event at this index (and it is not one of the token's gaps). */
    static boolean reached(TrackingToken token, long eventIndex) {
        // A replay from the start that has handled nothing yet (a reset, or a new processor on a store) has a
        // replay token without a current token: it has reached nothing.
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current == null) {
            return false;
        }
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= eventIndex && !gapAware.getGaps().contains(eventIndex);
        }
        return current.position().orElse(-1) >= eventIndex;
    }

    /** The lowest index the token has not reached: its lowest gap, or the one after its index. */
    private static long firstUnreached(TrackingToken token) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        long index = current == null ? -1 : current.position().orElse(-1);
        Set<Long> gaps = current instanceof GapAwareTrackingToken gapAware ? gapAware.getGaps() : Set.of();
        return Math.min(gaps.stream().mapToLong(Long::longValue).min().orElse(index + 1), index + 1);
    }

    /** The events each segment still had to reach, by segment id; a segment without any is done once read. */
    private record OwnEvents(Set<Integer> segmentIds, long position, Map<Integer, List<Long>> pending) {

        boolean reachedBy(List<SegmentToken> segments) {
            return segments.stream().allMatch(segment -> reached(segment.token(), position)
                    || pending.getOrDefault(segment.id(), List.of()).stream()
                            .allMatch(eventIndex -> reached(segment.token(), eventIndex)));
        }
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

    private record SegmentToken(int id, TrackingToken token) {
    }
}
