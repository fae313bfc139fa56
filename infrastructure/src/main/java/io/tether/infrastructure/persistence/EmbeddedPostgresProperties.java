package io.tether.infrastructure.persistence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL, used when no {@code spring.datasource.url} is set. Port 0 picks a free one.
 * {@code orphanStopTimeout} is how long a start waits for a server that a killed Tether left running on the
 * same data directory to stop, before giving up.
 */
@ConfigurationProperties("tether.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("0") int port, @DefaultValue("60s") Duration orphanStopTimeout) {
}
