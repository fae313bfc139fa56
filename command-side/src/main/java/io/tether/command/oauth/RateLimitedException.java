package io.tether.command.oauth;

import io.tether.infrastructure.security.TokenBuckets;
import java.time.Duration;

/** Too many requests from one client or for one organization; another may be made after {@link #retryAfter()}. */
class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    RateLimitedException(Duration retryAfter) {
        super("Rate limited for " + retryAfter);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one: what the Retry-After header says. */
    long retryAfterSeconds() {
        return TokenBuckets.retryAfterSeconds(retryAfter);
    }
}
