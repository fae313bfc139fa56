package io.tether.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.problem.ProblemCode;
import io.tether.infrastructure.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One of the rate limits every endpoint has: per client IP (a servlet filter ahead of Spring Security,
 * so that requests without a token or with a forged one count too), or per principal (inside the security
 * chain, right after the bearer token was verified). A refused request gets a 429 problem with
 * {@code Retry-After} and goes no further.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final String limit;
    private final Function<HttpServletRequest, Optional<String>> keyOf;
    private final int capacity;
    private final Duration period;
    private final TokenBuckets buckets;
    private final ObjectMapper json;

    private RateLimitFilter(String limit, Function<HttpServletRequest, Optional<String>> keyOf, int capacity,
                            Duration period, TokenBuckets buckets, ObjectMapper json) {
        this.limit = limit;
        this.keyOf = keyOf;
        this.capacity = capacity;
        this.period = period;
        this.buckets = buckets;
        this.json = json;
    }

    /** The client's address as the servlet container sees it (behind a proxy, with forwarded headers trusted). */
    static RateLimitFilter perIp(RateLimitProperties properties, TokenBuckets buckets, ObjectMapper json) {
        return new RateLimitFilter("ip", request -> Optional.of(request.getRemoteAddr()), properties.perIp(),
                properties.period(), buckets, json);
    }

    /** The token's subject within its organization; requests without a verified token are left to the IP limit. */
    static RateLimitFilter perPrincipal(RateLimitProperties properties, TokenBuckets buckets, ObjectMapper json) {
        return new RateLimitFilter("principal",
                request -> Caller.of(SecurityContextHolder.getContext().getAuthentication())
                        .map(caller -> caller.organizationId() + "/" + caller.subject()),
                properties.perPrincipal(), properties.period(), buckets, json);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> wait = keyOf.apply(request).flatMap(key -> buckets.take(limit, key, capacity, period));
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = TokenBuckets.retryAfterSeconds(wait.get());
        ProblemResponses.write(response, json, ProblemCode.RATE_LIMITED.exception(
                "Too many requests; try again in " + seconds + (seconds == 1 ? " second." : " seconds.")).retryAfter(seconds));
    }
}
