package io.tether.infrastructure.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The body each controller reads is the body the client sent, whether its length was declared or not. */
class WellFormedBodyFilterTest {

    private static final String BODY = "{\"purpose\":\"nightly campaign sync \u00e9\"}";

    private final WellFormedBodyFilter filter = new WellFormedBodyFilter(new ObjectMapper());

    @Test
    void aBodyWithItsContentLength_reachesTheControllerWhole() throws Exception {
        MockHttpServletRequest request = jsonRequest(BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(bodyPassedOn(request)).isEqualTo(BODY);
    }

    @Test
    void aChunkedBody_withoutContentLength_reachesTheControllerWhole() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/integrations/accounts") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.setContent(BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(bodyPassedOn(request)).isEqualTo(BODY);
    }

    @Test
    void aRequestWithoutBody_passesOnAnEmptyOne() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/integrations/accounts");

        assertThat(bodyPassedOn(request)).isEmpty();
    }

    @Test
    void aTruncatedBody_isRefusedBeforeTheController() throws Exception {
        MockHttpServletRequest request = jsonRequest("{\"purpose\":".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<ServletRequest> reached = new AtomicReference<>();

        filter.doFilter(request, response, (req, res) -> reached.set(req));

        assertThat(reached.get()).isNull();
        assertThat(response.getStatus()).isEqualTo(400);
    }

    private static MockHttpServletRequest jsonRequest(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/integrations/accounts");
        request.setContentType("application/json");
        request.setContent(body);
        return request;
    }

    private String bodyPassedOn(MockHttpServletRequest request) throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) ->
                body.set(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
        assertThat(response.getStatus()).isEqualTo(200);
        return body.get();
    }
}
