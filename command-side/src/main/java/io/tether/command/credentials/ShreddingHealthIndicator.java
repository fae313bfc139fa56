package io.tether.command.credentials;

import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code shredding} health component: how many deleted owners' keys the key store has not confirmed
 * destroyed, and the oldest few with why. It stays UP: a pending shredding is retried, and no request
 * waits for it; the operator reads here (and in {@code tether.credentials.shreddings.pending}) what to fix.
 */
@Component("shredding")
class ShreddingHealthIndicator extends AbstractHealthIndicator {

    private static final int SHOWN = 5;

    private final PendingShreddings pending;

    ShreddingHealthIndicator(PendingShreddings pending) {
        super("The pending shreddings could not be read");
        this.pending = pending;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Map<String, Object>> oldest = pending.oldest(SHOWN).stream()
                .map(shredding -> Map.<String, Object>of(
                        "owner_id", shredding.ownerId(),
                        "reason", shredding.reason(),
                        "attempts", shredding.attempts(),
                        "pending_since", shredding.firstFailedAt().toString()))
                .toList();
        builder.up().withDetail("pending", pending.count()).withDetail("oldest", oldest);
    }
}
