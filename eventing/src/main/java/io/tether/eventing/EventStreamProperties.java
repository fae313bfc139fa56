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
 */
@ConfigurationProperties("tether.event-stream")
record EventStreamProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("20ms") Duration gatherWindow) {

    EventStreamProperties {
        if (gatherWindow.isNegative() || gatherWindow.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("tether.event-stream.gather-window must be between 0 and the poll interval ("
                    + pollInterval.toMillis() + "ms), was " + gatherWindow.toMillis() + "ms");
        }
    }
}
