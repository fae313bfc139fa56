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
 * status, duration, and who called for which organization. Runs inside the request-id filter so the
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
        try {
            chain.doFilter(request, response);
        } finally {
            // Spring Security has cleared its holder by now; the bearer token filter left the context here.
            Object context = request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME);
            String caller = (context instanceof SecurityContext security ? Caller.of(security.getAuthentication()) : Optional.<Caller>empty())
                    .map(c -> c.subject() + " org=" + c.organizationId()).orElse("anonymous");
            log.info("{} {} {} {}ms {} request_id={}", request.getMethod(), request.getRequestURI(), response.getStatus(),
                    (System.nanoTime() - started) / 1_000_000, caller, request.getAttribute(RequestIdFilter.ATTRIBUTE));
        }
    }
}
