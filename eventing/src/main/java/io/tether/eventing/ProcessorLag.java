package io.tether.eventing;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far each streaming processor of this node is behind the event store's head, counting the
 * segments this node answers for: those it processes (their positions in memory) and those no live
 * node holds (their stored tokens: a node that has just started and not yet claimed them, or whose
 * holder died). A segment another node's claim holds (younger than {@code tether.processors.claim-timeout},
 * the token store's own rule) counts on that node, not here: a node standing by, or one that started
 * after another had claimed every segment (Axon 4 does not rebalance), is not behind. Unless that node is
 * replaying it: the read model is being rebuilt from empty, so every node counts the replay's position and no
 * node serves the half-built read model as ready. Readiness
 * ({@link EventProcessorsHealthIndicator}) and {@code tether.processor.lag} ({@link ProjectionLagMetrics})
 * read it; across the nodes, the highest lag of a processing group is its lag.
 */
@Component
class ProcessorLag {

    private final Supplier<Map<String, EventProcessor>> processors;
    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final Duration claimTimeout;

    @Autowired
    ProcessorLag(EventProcessingConfiguration processing, JdbcClient jdbc, Serializer serializer,
                 ProcessorProperties properties) {
        this(processing::eventProcessors, jdbc, serializer, properties.claimTimeout());
    }

    ProcessorLag(Supplier<Map<String, EventProcessor>> processors, JdbcClient jdbc, Serializer serializer,
                 Duration claimTimeout) {
        this.processors = processors;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.claimTimeout = claimTimeout;
    }

    /**
     * One processor's state on this node. {@code position} is the lowest over the segments counted here
     * (-1 when one of them has processed nothing yet, or the processor has no segment at all: then the lag
     * is the whole store), null when every segment is held elsewhere (then the lag is 0).
     */
    record Lag(boolean running, boolean inError, int segmentsHere, int segmentsElsewhere, Long position, long lag) {
    }

    /** The event store's head and every streaming processor of this node, by processing group. */
    record Lags(long head, Map<String, Lag> processors) {
    }

    /** Two queries: the head, the stored tokens. */
    Lags all() {
        long head = jdbc.sql("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry").query(Long.class).single();
        Map<String, List<StoredSegment>> stored = storedSegments();
        Map<String, Lag> lags = new LinkedHashMap<>();
        processors.get().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                lags.put(name, of(streaming, head, stored.getOrDefault(name, List.of())));
            }
        });
        return new Lags(head, lags);
    }

    private Lag of(StreamingEventProcessor processor, long head, List<StoredSegment> stored) {
        Map<Integer, EventTrackerStatus> here = processor.processingStatus();
        Instant liveSince = Instant.now().minus(claimTimeout);
        long position = Long.MAX_VALUE;
        int counted = 0;
        int elsewhere = 0;
        for (EventTrackerStatus status : here.values()) {
            position = Math.min(position, status.getCurrentPosition().orElse(-1));
            counted++;
        }
        for (StoredSegment segment : stored) {
            if (here.containsKey(segment.id())) {
                continue;
            }
            if (segment.claimedSince(liveSince) && !segment.replaying()) {
                elsewhere++;
            } else {
                position = Math.min(position, segment.position());
                counted++;
            }
        }
        boolean inError = processor.isError() || here.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        if (counted == 0 && elsewhere > 0) {
            return new Lag(processor.isRunning(), inError, 0, elsewhere, null, 0);
        }
        if (counted == 0) {
            position = -1; // no token yet: the processor has not started on the store
        }
        return new Lag(processor.isRunning(), inError, here.size(), elsewhere, position, Math.max(0, head - position));
    }

    private Map<String, List<StoredSegment>> storedSegments() {
        return jdbc.sql("SELECT processor_name, segment, owner, timestamp, token, token_type FROM token_entry")
                .query((row, index) -> new StoredSegment(row.getString("processor_name"), row.getInt("segment"),
                        row.getString("owner"), row.getString("timestamp"),
                        row.getBytes("token") == null ? null : serializer.<byte[], TrackingToken>deserialize(
                                new SimpleSerializedObject<>(row.getBytes("token"), byte[].class, row.getString("token_type"), null))))
                .list().stream()
                .collect(Collectors.groupingBy(StoredSegment::processor));
    }

    private record StoredSegment(String processor, int id, String owner, String timestamp, TrackingToken token) {

        /** Whether a node's claim holds it: an owner, and a claim (Axon's ISO-8601 timestamp) not older than the time-out. */
        boolean claimedSince(Instant liveSince) {
            if (owner == null) {
                return false;
            }
            try {
                return !Instant.parse(timestamp).isBefore(liveSince);
            } catch (DateTimeParseException unreadable) {
                return false;
            }
        }

        /**
         * A replay under way on its holder, short of the position it was reset at: the read model is being rebuilt,
         * so its position counts on every node. (Axon also wraps a new processor's first token in a replay token, and
         * keeps it wrapped until an event past the store's head of that moment: at that head it is no longer behind.)
         */
        boolean replaying() {
            return token instanceof ReplayToken replay && replay.getTokenAtReset() != null
                    && position(replay.getCurrentToken()) < position(WrappedToken.unwrapUpperBound(replay.getTokenAtReset()));
        }

        long position() {
            return position(token == null ? null : WrappedToken.unwrapLowerBound(token));
        }

        /** -1 for no token (a replay from the start that has handled nothing yet). */
        private static long position(TrackingToken token) {
            return token == null ? -1 : token.position().orElse(-1);
        }
    }
}
