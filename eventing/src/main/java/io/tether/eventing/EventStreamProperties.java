package io.tether.eventing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the processors learn of new events. {@code pollInterval}: how often a node looks for events
 * that other nodes appended; it bounds the projection lag of a split deployment. {@code gatherWindow}:
 * how long after a local commit the processors wait before they read on, so that the commits inside
 * the window share their batches ({@link WakingEventSource}); zero reads each commit at once.
 */
@ConfigurationProperties("tether.event-stream")
record EventStreamProperties(@DefaultValue("50ms") Duration pollInterval, @DefaultValue("20ms") Duration gatherWindow) {

    EventStreamProperties {
        if (gatherWindow.isNegative() || gatherWindow.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("tether.event-stream.gather-window must be between 0 and the poll interval ("
                    + pollInterval.toMillis() + "ms), was " + gatherWindow.toMillis() + "ms");
        }
    }
}
