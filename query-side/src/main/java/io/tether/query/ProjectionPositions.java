package io.tether.query;

import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells whether a read model has processed the events up to an event store position. It reads the
 * processor's stored tokens, so it answers for every node of a split deployment, not only this one.
 */
@Component
public class ProjectionPositions {

    private static final long POLL_INTERVAL_MILLIS = 10;

    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final ConsistencyProperties properties;

    ProjectionPositions(JdbcClient jdbc, Serializer serializer, ConsistencyProperties properties) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.properties = properties;
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
        List<TrackingToken> tokens = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ?")
                .param(processingGroup)
                .query((row, index) -> row.getBytes("token") == null ? null
                        : serializer.<byte[], TrackingToken>deserialize(new SimpleSerializedObject<>(
                                row.getBytes("token"), byte[].class, row.getString("token_type"), null)))
                .list();
        return !tokens.isEmpty() && tokens.stream().allMatch(token -> covers(token, position));
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
}
