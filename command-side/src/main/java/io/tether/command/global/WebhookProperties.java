package io.tether.command.global;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Incoming webhooks: how long an accepted delivery's sealed body is kept for the platform to fetch
 * ({@code TETHER_WEBHOOKS_BODY_RETENTION}, at most 30 days), and how often expired bodies are deleted.
 */
@ConfigurationProperties("tether.webhooks")
public record WebhookProperties(
        @DefaultValue("72h") Duration bodyRetention,
        @DefaultValue("10m") Duration bodyCleanupInterval) {

    static final Duration LONGEST_RETENTION = Duration.ofDays(30);

    public WebhookProperties {
        if (bodyRetention.isNegative() || bodyRetention.isZero() || bodyRetention.compareTo(LONGEST_RETENTION) > 0) {
            throw new IllegalStateException("TETHER_WEBHOOKS_BODY_RETENTION (tether.webhooks.body-retention) must be "
                    + "more than 0 and at most 30 days; it is " + bodyRetention);
        }
        if (bodyCleanupInterval.isNegative() || bodyCleanupInterval.isZero()) {
            throw new IllegalStateException("TETHER_WEBHOOKS_BODY_CLEANUP_INTERVAL (tether.webhooks.body-cleanup-interval) "
                    + "must be more than 0; it is " + bodyCleanupInterval);
        }
    }
}
