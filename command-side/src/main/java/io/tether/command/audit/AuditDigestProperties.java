package io.tether.command.audit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed audit digests: one every {@code interval}; looked for every {@code checkInterval} (which is also how
 * soon a sink that failed is tried again). Sinks: {@code directory} (unset: {@code audit-digests} in the data
 * directory; {@code none} turns it off) and {@code httpEndpoint} (unset: none), which receives each digest
 * in a POST within {@code httpTimeout}. A sink that has not received a digest {@code lagTolerance} after it
 * was written makes readiness DOWN.
 */
@ConfigurationProperties("tether.audit.digests")
public record AuditDigestProperties(@DefaultValue("true") boolean enabled,
                                    @DefaultValue("1h") Duration interval,
                                    @DefaultValue("1m") Duration checkInterval,
                                    String directory,
                                    URI httpEndpoint,
                                    @DefaultValue("10s") Duration httpTimeout,
                                    @DefaultValue("15m") Duration lagTolerance) {

    public AuditDigestProperties {
        if (interval.isNegative() || interval.isZero() || checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalStateException("tether.audit.digests.interval and check-interval must be positive");
        }
    }

    boolean writesToDirectory() {
        return !"none".equals(directory);
    }

    Path directoryOr(Path dataDirectoryDefault) {
        return directory == null || directory.isBlank() ? dataDirectoryDefault : Path.of(directory);
    }
}
