package io.tether.infrastructure.web;

import io.tether.infrastructure.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per request: method, path (never the query string, which may carry OAuth codes),
 * status actually sent (a 500 when an exception escapes to the container), duration, and who called for
 * which organization, each value escaped ({@link LogValues}). Runs inside the request-id filter so the
 * line carries the request id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("io.tether.requests");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        boolean escaped = false;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            escaped = true;
            throw e;
        } finally {
            // An exception that escapes is answered 500 by the container, after this line is written.
            int status = escaped && !response.isCommitted() ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
            // Spring Security has cleared its holder by now; the bearer token filter left the context here.
            Object context = request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME);
            String caller = (context instanceof SecurityContext security ? Caller.of(security.getAuthentication()) : Optional.<Caller>empty())
                    .map(c -> c.subject() + " org=" + c.organizationId()).orElse("anonymous");
            log.info("{} {} {} {}ms {} request_id={}", LogValues.escaped(request.getMethod()),
                    LogValues.escaped(request.getRequestURI()), status, (System.nanoTime() - started) / 1_000_000,
                    LogValues.escaped(caller), LogValues.escaped(request.getAttribute(RequestIdFilter.ATTRIBUTE)));
        }
    }
}
