package io.tether.infrastructure.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers go out whole: with their {@code Content-Length}, in one write to the socket. Spring MVC flushes the
 * response's stream once a message converter has written an answer (Jackson once more, and the response's buffer once
 * again for a {@code ResponseEntity}), and a flush had Tomcat commit the response there and then: sent chunked, the
 * body in one write and the closing chunk in another at the request's end, a second system call for Tether and a
 * second read for the caller on every JSON answer (a worker's credential read, a GET of the frontend). Those flushes
 * are now kept from Tomcat: the answer waits in Tomcat's response buffer until the request ends, and goes with its
 * length. An answer larger than that buffer still goes out as the buffer fills (chunked), so nothing is held whole in
 * memory: the audit export streams as before. A page's writer is treated alike. Spring Security's wrappers, outside
 * this one, still see each flush and write their headers on the first.
 * <p>
 * An answer still whole in the buffer when the chain returns is sent then, with its length: before the filters outside
 * this one finish (the request's log line above all, a write to the console under its lock that a caller need not wait
 * for). Not when the chain threw (the container answers it), nor for an answer with no body written through the
 * stream (a page written through its writer, whose length in bytes only Tomcat knows, a {@code 204}, a {@code 304}, a
 * {@code HEAD}): those go when the request ends.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class WholeAnswersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FlushesKept kept = new FlushesKept(response);
        chain.doFilter(request, kept);
        if (kept.sendable(request)) {
            if (!response.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
                response.setContentLengthLong(kept.stream.written);
            }
            response.flushBuffer();
        }
    }

    private static final class FlushesKept extends HttpServletResponseWrapper {

        private Unflushed stream;
        private PrintWriter writer;

        FlushesKept(HttpServletResponse response) {
            super(response);
        }

        /** Whether the answer is whole in the container's buffer, with a body written through the stream, and may go now. */
        boolean sendable(HttpServletRequest request) {
            int status = getStatus();
            return stream != null && stream.written > 0 && !isCommitted() && !request.isAsyncStarted()
                    && !"HEAD".equals(request.getMethod()) && status >= 200 && status != SC_NO_CONTENT && status != SC_NOT_MODIFIED;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new Unflushed(super.getOutputStream());
            }
            return stream;
        }

        /**
         * A page's writer (Thymeleaf's view flushes it when it has written the page), its flushes kept as the stream's:
         * the page goes with its length when the request ends.
         */
        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(super.getWriter()) {
                    @Override
                    public void flush() {
                        // Kept: see the class's comment.
                    }
                };
            }
            return writer;
        }

        /** Spring MVC flushes the buffer after writing a {@code ResponseEntity}'s body; kept too. */
        @Override
        public void flushBuffer() {
            // Kept: see the class's comment.
        }
    }

    /** The response's stream, but for its flushes: Tomcat sends what is buffered when the request ends or the buffer fills. */
    private static final class Unflushed extends ServletOutputStream {

        private final ServletOutputStream out;
        private long written;

        Unflushed(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            written += length;
        }

        @Override
        public void flush() {
            // Kept: see the class's comment.
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
