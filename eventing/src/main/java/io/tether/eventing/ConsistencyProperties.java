package io.tether.eventing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a query that asks for a minimum event store position may wait for the read model, and
 * how often it looks at the stored tokens meanwhile. This node's own processors wake it when they
 * commit; the poll is for segments that other nodes process.
 */
@ConfigurationProperties("tether.consistency")
public record ConsistencyProperties(@DefaultValue("5s") Duration maxWait,
                                    @DefaultValue("10ms") Duration pollInterval) {

    public ConsistencyProperties {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("tether.consistency.poll-interval must be positive, not " + pollInterval);
        }
    }
}
