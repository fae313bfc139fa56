package io.tether.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pages' one-time rows (connect sessions, console links) are cleaned up once past their deadline: every
 * {@code cleanupInterval}, those that expired more than {@code cleanupGrace} ago. Until then a late click on a link
 * still hears that it expired or was used, rather than that Tether never issued it.
 */
@ConfigurationProperties("tether.pages")
public record PageRowsProperties(@DefaultValue("10m") Duration cleanupInterval, @DefaultValue("1d") Duration cleanupGrace) {

    public PageRowsProperties {
        if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalStateException("tether.pages.cleanup-interval must be positive; it is " + cleanupInterval);
        }
        if (cleanupGrace.isNegative()) {
            throw new IllegalStateException("tether.pages.cleanup-grace must not be negative; it is " + cleanupGrace);
        }
    }
}
