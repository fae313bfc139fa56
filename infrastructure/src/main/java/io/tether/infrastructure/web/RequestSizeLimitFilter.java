package io.tether.infrastructure.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Refuses a body over {@code tether.security.max-request-bytes} with a 413 problem before anything parses
 * it: at once when its {@code Content-Length} says so, and otherwise (a chunked body) as soon as reading it
 * passes the limit. Incoming webhooks are left to their own, larger bound.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    /** Incoming webhooks, whose bodies have their own bound and are verified on their exact bytes. */
    static final Pattern WEBHOOKS = Pattern.compile("/integrations/global/[^/]+/webhooks");

    private final long maxBytes;
    private final ObjectMapper json;

    RequestSizeLimitFilter(RequestLimitProperties properties, ObjectMapper json) {
        this.maxBytes = properties.maxRequestBytes();
        this.json = json;
    }

    static ProblemException tooLarge(long maxBytes) {
        return ProblemCode.PAYLOAD_TOO_LARGE.exception(
                "The request body is larger than the " + maxBytes + " bytes this API takes.");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Decoded, as Spring routes it: a sender spelling the path with percent-escapes reaches the same controller.
        return WEBHOOKS.matcher(UrlPathHelper.defaultInstance.getPathWithinApplication(request)).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            // The rest of the body is not read; the connection is closed rather than drained.
            response.setHeader("Connection", "close");
            ProblemResponses.write(response, json, tooLarge(maxBytes));
            return;
        }
        chain.doFilter(new BoundedRequest(request, maxBytes), response);
    }

    private static final class BoundedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        BoundedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new BoundedStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedEncodingException(encoding);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class BoundedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        BoundedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
