package io.tether.infrastructure.security;

import io.tether.infrastructure.web.RequestIdFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.stereotype.Component;

/**
 * The request id and the API's security headers for a response that no filter wrote them on: a
 * request the servlet container or the firewall refused before the filters ran. The headers come
 * from the very {@link HeaderWriterFilter} of the API's security chain, so they cannot drift apart.
 */
@Component
public class ApiResponseHeaders {

    private final ObjectProvider<SecurityFilterChain> chains;

    // By name: the pages' chain (web module) stands beside the API's.
    ApiResponseHeaders(@Qualifier("apiSecurity") ObjectProvider<SecurityFilterChain> chains) {
        this.chains = chains;
    }

    public void write(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (response.getHeader(RequestIdFilter.HEADER) == null) {
            response.setHeader(RequestIdFilter.HEADER, RequestIdFilter.requestIdOf(request));
        }
        SecurityFilterChain chain = chains.getIfUnique();
        if (chain == null) {
            return;
        }
        for (var filter : chain.getFilters()) {
            if (filter instanceof HeaderWriterFilter headers) {
                headers.doFilter(new OwnAttributes(request), response, (ignoredRequest, ignoredResponse) -> {
                });
                return;
            }
        }
    }

    /**
     * A refused request as the header writers can read it: the filter's bookkeeping attributes stay in
     * the wrapper (a request the container refused before mapping it has no context, whose listeners
     * Tomcat would notify of each change), and a request line that did not parse has the path {@code /}.
     */
    private static final class OwnAttributes extends HttpServletRequestWrapper {

        private final Map<String, Object> attributes = new HashMap<>();

        OwnAttributes(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getRequestURI() {
            String uri = super.getRequestURI();
            return uri == null ? "/" : uri;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.containsKey(name) ? attributes.get(name) : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.put(name, null);
        }
    }
}
