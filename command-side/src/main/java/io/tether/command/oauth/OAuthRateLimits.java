package io.tether.command.oauth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) for the OAuth endpoints, one per client IP and one per organization on each.
 * They live in this node's memory: with several nodes each allows its share, which bounds abuse without a
 * round trip to the database on every request. The least recently used buckets are dropped beyond
 * {@value #MAX_BUCKETS} keys.
 */
@Component
class OAuthRateLimits {

    private static final int MAX_BUCKETS = 10_000;

    private final AmazonProperties.RateLimits limits;
    private final Map<String, Bucket> buckets = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_BUCKETS;
        }
    });

    OAuthRateLimits(AmazonProperties properties) {
        this.limits = properties.rateLimits();
    }

    /** @throws RateLimitedException when the client or the organization asked for too many authorization URLs */
    void checkAuthorizationUrl(String clientIp, UUID organizationId) {
        take("auth-url/client/" + clientIp, limits.authUrlPerClient());
        take("auth-url/organization/" + organizationId, limits.authUrlPerOrganization());
    }

    /** Before anything else is looked at: the client cannot be told apart from a forger yet. */
    void checkCallbackFrom(String clientIp) {
        take("callback/client/" + clientIp, limits.callbackPerClient());
    }

    /** Once the state has named its account. */
    void checkCallbackOf(UUID organizationId) {
        take("callback/organization/" + organizationId, limits.callbackPerOrganization());
    }

    private void take(String key, int requestsPerPeriod) {
        Bucket bucket = buckets.computeIfAbsent(key, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requestsPerPeriod)
                        .refillGreedy(requestsPerPeriod, limits.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimitedException(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
