package io.tether.infrastructure.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Every body the API receives is well-formed JSON in strict UTF-8, or the request is refused before any
 * controller runs, whether or not the endpoint reads a body: a destructive call with a truncated body does
 * nothing. Strict means no overlong or otherwise invalid UTF-8 (which a lenient decoder turns into {@code <}
 * or {@code /}), no duplicate keys, and a {@code Content-Type} that names a format ({@code application/*}
 * names none: 415, on every endpoint). Runs after {@link RequestSizeLimitFilter}, so the body it buffers is
 * bounded. Incoming webhooks' bodies are left to their own verification, which needs the exact bytes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class WellFormedBodyFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    WellFormedBodyFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MediaType contentType;
        try {
            contentType = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            ProblemResponses.write(response, json, ProblemCode.UNSUPPORTED_MEDIA_TYPE.exception(
                    "The Content-Type is not a media type; send application/json."));
            return;
        }
        if (contentType != null && !contentType.isConcrete()) {
            ProblemResponses.write(response, json, ProblemCode.UNSUPPORTED_MEDIA_TYPE.exception(
                    "The Content-Type " + contentType + " names no format; send application/json."));
            return;
        }
        ProblemException refusal;
        boolean webhook = RequestSizeLimitFilter.WEBHOOKS.matcher(UrlPathHelper.defaultInstance.getPathWithinApplication(request)).matches();
        if (webhook || contentType != null && !isJson(contentType)) {
            // A webhook's signature is checked on its exact bytes. Not JSON: an endpoint that reads a body
            // answers 415, one that does not ignores it, and a form keeps its stream.
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (PayloadTooLargeException tooLarge) {
            response.setHeader("Connection", "close");
            ProblemResponses.write(response, json, RequestSizeLimitFilter.tooLarge(tooLarge.limit()));
            return;
        }
        if (body.length > 0 && (refusal = malformed(body)) != null) {
            ProblemResponses.write(response, json, refusal);
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /**
     * The body, read into an array of its own length: {@code readAllBytes} reads into a buffer of 8 or 16 KiB first,
     * garbage on every request, with a body of a few dozen bytes or none (a GET). A body without a
     * {@code Content-Length} (chunked) is bounded by {@link RequestSizeLimitFilter} while it is read.
     */
    private static byte[] readBody(HttpServletRequest request) throws IOException {
        InputStream in = request.getInputStream();
        long declared = request.getContentLengthLong();
        if (declared >= 0 && declared <= Integer.MAX_VALUE) {
            return in.readNBytes((int) declared);
        }
        int first = in.read();
        if (first < 0) {
            return new byte[0];
        }
        byte[] rest = in.readAllBytes();
        byte[] body = new byte[rest.length + 1];
        body[0] = (byte) first;
        System.arraycopy(rest, 0, body, 1, rest.length);
        return body;
    }

    private ProblemException malformed(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            return ProblemCode.MALFORMED_BODY.exception("The request body is not valid UTF-8.");
        }
        try {
            json.readTree(body);
        } catch (StreamConstraintsException limit) {
            return ProblemCode.JSON_TOO_COMPLEX.exception(
                    "The request body nests too deeply or holds too long a value: " + limit.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return ProblemCode.MALFORMED_BODY.exception("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return ProblemCode.MALFORMED_BODY.exception("The request body is not valid JSON.");
        }
        return null;
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || (type.getType().equals("application") && type.getSubtype().endsWith("+json"));
    }

    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
