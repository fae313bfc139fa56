package io.tether.infrastructure.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Every rate limit's token buckets (Bucket4j), one per limit and key (a client IP, a principal, an
 * organization). They live in this node's memory: with several nodes each allows its share, which bounds
 * abuse without a round trip to the database on every request. Beyond {@value #MAX_BUCKETS} keys, Caffeine
 * drops the buckets least likely to be used again (a spray of new addresses does not push out the busy
 * ones), without a lock that every request would take. Each refusal counts in {@code tether_rate_limit_rejections}
 * by the limit's name.
 */
@Component
public class TokenBuckets {

    static final String REJECTIONS = "tether.rate.limit.rejections";
    private static final int MAX_BUCKETS = 100_000;

    private final MeterRegistry meters;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).build();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    TokenBuckets(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Takes one token from the bucket of the limit and key, which holds {@code capacity} tokens refilled over
     * {@code period}.
     *
     * @return empty when the request may go on; otherwise how long until a token is back
     */
    public Optional<Duration> take(String limit, String key, int capacity, Duration period) {
        Bucket bucket = buckets.get(limit + '/' + capacity + '/' + period + '/' + key,
                ignored -> Bucket.builder()
                        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        rejections.computeIfAbsent(limit, name -> Counter.builder(REJECTIONS)
                .description("Requests refused by a rate limit").tag("limit", name).register(meters)).increment();
        return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Whole seconds, at least one: what a Retry-After header says for the wait. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
