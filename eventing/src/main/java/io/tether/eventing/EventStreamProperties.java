package io.tether.eventing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the processors learn of new events. Other nodes' events are announced to a node as they are
 * appended ({@link EventNotifications}); {@code pollInterval} is the safety net: how often a node looks
 * for new events without being told, which bounds how late it sees another node's events when an
 * announcement was lost (its listening connection was down). {@code gatherWindow}:
 * how long after a local commit the processors wait before they read on, so that the commits inside
 * the window share their batches ({@link WakingEventSource}); zero reads each commit at once.
 * {@code cachedEvents}: how many of the latest events the embedded event store keeps in memory for the processors
 * to share, read once for all of them; a processor further behind reads the store on its own until it catches up.
 * Axon's default, 10,000, kept every event on the heap for half a minute at 300 events a second, long enough to be
 * copied by every young collection and then promoted, so the collector copied and promoted the cache's events
 * instead of the work of the moment ({@link EventStoreConfiguration}).
 */
@ConfigurationProperties("tether.event-stream")
record EventStreamProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("20ms") Duration gatherWindow,
                             @DefaultValue("1024") int cachedEvents) {

    EventStreamProperties {
        if (gatherWindow.isNegative() || gatherWindow.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("tether.event-stream.gather-window must be between 0 and the poll interval ("
                    + pollInterval.toMillis() + "ms), was " + gatherWindow.toMillis() + "ms");
        }
        if (cachedEvents < 1) {
            throw new IllegalArgumentException("tether.event-stream.cached-events must be at least 1, was " + cachedEvents);
        }
    }
}
