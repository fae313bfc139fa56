package io.tether.infrastructure.axon;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often a command that lost a race for its aggregate (another node appended first) is tried in
 * all, and the bounds of the exponential back-off between tries.
 */
@ConfigurationProperties("tether.commands.retry")
record CommandRetryProperties(@DefaultValue("5") int maxAttempts,
                              @DefaultValue("10ms") Duration initialInterval,
                              @DefaultValue("200ms") Duration maxInterval) {

    CommandRetryProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("tether.commands.retry.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (initialInterval.isNegative() || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("tether.commands.retry intervals must satisfy 0 <= initial-interval <= max-interval");
        }
    }
}
