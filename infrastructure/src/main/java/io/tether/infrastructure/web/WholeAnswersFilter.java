package io.tether.infrastructure.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
 * memory: the audit export streams as before. Spring Security's wrappers, outside this one, still see each flush and
 * write their headers on the first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class WholeAnswersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new FlushesKept(response));
    }

    private static final class FlushesKept extends HttpServletResponseWrapper {

        private ServletOutputStream stream;

        FlushesKept(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new Unflushed(super.getOutputStream());
            }
            return stream;
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

        Unflushed(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
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
