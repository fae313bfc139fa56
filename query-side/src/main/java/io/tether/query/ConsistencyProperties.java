package io.tether.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long a query that asks for a minimum event store position may wait for the read model. */
@ConfigurationProperties("tether.consistency")
public record ConsistencyProperties(@DefaultValue("5s") Duration maxWait) {
}
