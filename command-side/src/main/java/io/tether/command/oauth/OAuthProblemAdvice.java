package io.tether.command.oauth;

import io.tether.infrastructure.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The OAuth endpoints' own refusals, mapped by type: too many requests, and a flow the server has no settings for. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OAuthProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(OAuthProblemAdvice.class);

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException exception) {
        long seconds = exception.retryAfterSeconds();
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                        "Too many requests; try again in " + seconds + (seconds == 1 ? " second." : " seconds.")));
    }

    @ExceptionHandler(OAuthNotConfiguredException.class)
    ProblemDetail notConfigured(OAuthNotConfiguredException exception) {
        log.warn("{}", exception.getMessage());
        return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "oauth_not_configured", exception.getMessage());
    }
}
