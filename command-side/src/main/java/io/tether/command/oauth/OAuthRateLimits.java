package io.tether.command.oauth;

import static io.tether.api.problem.ProblemCode.RATE_LIMITED;

import io.tether.api.problem.ProblemException;
import io.tether.infrastructure.security.TokenBuckets;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The OAuth endpoints' own limits, stricter than every endpoint's: one per client IP and one per
 * organization on each. Refusals count in {@code tether_rate_limit_rejections} as {@code limit=oauth}.
 */
@Component
class OAuthRateLimits {

    private static final String LIMIT = "oauth";

    private final AmazonProperties.RateLimits limits;
    private final TokenBuckets buckets;

    OAuthRateLimits(AmazonProperties properties, TokenBuckets buckets) {
        this.limits = properties.rateLimits();
        this.buckets = buckets;
    }

    /** @throws ProblemException {@code RATE_LIMITED} when the client or the organization asked for too many authorization URLs */
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
        buckets.take(LIMIT, key, requestsPerPeriod, limits.period()).ifPresent(wait -> {
            long seconds = TokenBuckets.retryAfterSeconds(wait);
            throw RATE_LIMITED.exception("Too many requests; try again in " + seconds
                    + (seconds == 1 ? " second." : " seconds.")).retryAfter(seconds);
        });
    }
}
