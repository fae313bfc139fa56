package io.tether.command.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code auditDigests} health component (in readiness): DOWN when a sink has not received a digest
 * {@code tether.audit.digests.lag-tolerance} after it was written, with each sink's backlog and last error.
 */
@Component("auditDigests")
class AuditDigestHealthIndicator extends AbstractHealthIndicator {

    private final DigestDeliveries deliveries;
    private final AuditDigestProperties properties;
    private final Clock clock;

    AuditDigestHealthIndicator(DigestDeliveries deliveries, AuditDigestProperties properties, Clock tetherClock) {
        super("The audit digests' deliveries could not be read");
        this.deliveries = deliveries;
        this.properties = properties;
        this.clock = tetherClock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<DigestDeliveries.SinkLag> lags = deliveries.lags();
        Instant tolerated = clock.instant().minus(properties.lagTolerance());
        boolean behind = lags.stream().anyMatch(lag -> lag.oldestUndeliveredAt() != null && lag.oldestUndeliveredAt().isBefore(tolerated));
        builder.status(behind ? Status.DOWN : Status.UP);
        for (DigestDeliveries.SinkLag lag : lags) {
            builder.withDetail(lag.sink(), Map.of(
                    "undelivered", lag.undelivered(),
                    "oldest_undelivered_at", String.valueOf(lag.oldestUndeliveredAt()),
                    "failed_attempts", lag.failedAttempts(),
                    "last_error", String.valueOf(lag.lastError())));
        }
    }
}
