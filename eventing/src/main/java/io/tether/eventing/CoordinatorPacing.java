package io.tether.eventing;

import java.util.Collection;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventTrackerStatus;

/**
 * Keeps one pooled processor's coordinator from filling its work packages' queues. Axon's coordinator
 * hands every event to each work package of the processor, up to 1,024 queued per package; when one
 * is full it stops and looks again only 100 ms later (a fixed delay that no callback shortens), while
 * the workers drain their queues in a fraction of that. A replay of the accounts read model paused
 * so five times in 1.1 s.
 * <p>
 * So the processor's stream ({@link WakingEventSource}) answers "nothing more for now" once the events
 * it has handed out are {@link #WINDOW} positions ahead of the slowest segment, which sends the
 * coordinator to a wait that a callback does cut short; the pacing calls it back as soon as a batch of
 * the processor commits, or at the latest on the event source's next tick. A processor at the head of
 * the event store is never held back: it is never that far ahead of itself.
 */
final class CoordinatorPacing {

    /** Below the work packages' 1,024 (positions count gaps too, so the queues hold at most this many). */
    static final long WINDOW = 768;

    private final Supplier<Collection<EventTrackerStatus>> segments;
    private volatile long slowest;
    private volatile Runnable coordinator;
    private volatile boolean holding;

    /** @param segments the processing status of the processor's segments on this node */
    CoordinatorPacing(Supplier<Collection<EventTrackerStatus>> segments) {
        this.segments = segments;
    }

    /** The coordinator's callback on the processor's current stream. */
    void callBack(Runnable coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Whether the coordinator must wait before it takes more events, having taken them up to
     * {@code handedOut}. Once it says so, the next batch commit (or tick) calls the coordinator back.
     */
    boolean holdsBack(long handedOut) {
        long lastSeen = slowest;
        if (lastSeen <= handedOut && handedOut - lastSeen < WINDOW) {
            return false;
        }
        // Also looked at when the stream is behind what it last saw: a replay started it again.
        slowest = slowestSegment(handedOut);
        if (handedOut - slowest < WINDOW) {
            return false;
        }
        holding = true;
        // A batch may have committed since the look above, before it could see that we hold: look again.
        slowest = slowestSegment(handedOut);
        if (handedOut - slowest < WINDOW) {
            holding = false;
            return false;
        }
        return true;
    }

    /** After each batch of the processor commits ({@link ProcessorCommits}): a held-back coordinator may take more. */
    void batchCommitted() {
        Runnable callback = coordinator;
        if (holding && callback != null) {
            holding = false;
            callback.run();
        }
    }

    /** The position every segment has processed, or {@code handedOut} (no holding back) when one's is unknown. */
    private long slowestSegment(long handedOut) {
        Collection<EventTrackerStatus> statuses = segments.get();
        if (statuses.isEmpty()) {
            return handedOut;
        }
        long slowestPosition = Long.MAX_VALUE;
        for (EventTrackerStatus status : statuses) {
            OptionalLong position = status.getCurrentPosition();
            if (position.isEmpty()) {
                return handedOut;
            }
            slowestPosition = Math.min(slowestPosition, position.getAsLong());
        }
        return slowestPosition;
    }
}
