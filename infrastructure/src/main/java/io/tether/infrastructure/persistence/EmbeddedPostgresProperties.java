package io.tether.infrastructure.persistence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The embedded PostgreSQL, used when no {@code spring.datasource.url} is set. Port 0 picks a free one. */
@ConfigurationProperties("tether.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("0") int port) {
}
