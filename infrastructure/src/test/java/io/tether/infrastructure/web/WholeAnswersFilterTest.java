package io.tether.infrastructure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class WholeAnswersFilterTest {

    @Test
    void flushesOfTheStream_andOfTheBuffer_leaveTheAnswerUncommitted_withEveryByteWritten() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/integrations/accounts"), response, (req, res) -> {
            res.getOutputStream().write("{\"accounts\":".getBytes(StandardCharsets.UTF_8));
            res.getOutputStream().flush();
            res.getOutputStream().write('[');
            res.getOutputStream().write("]}".getBytes(StandardCharsets.UTF_8), 0, 2);
            res.getOutputStream().flush();
            res.flushBuffer();
            assertThat(res.isCommitted()).as("committed inside the chain").isFalse();
        });

        assertThat(response.getContentAsString()).isEqualTo("{\"accounts\":[]}");
    }

    @Test
    void aPagesWriter_flushed_leavesThePageUncommitted() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/console"), response, (req, res) -> {
            res.getWriter().write("<html>");
            res.getWriter().flush();
            res.getWriter().print("</html>");
            res.getWriter().flush();
            assertThat(res.isCommitted()).as("committed inside the chain").isFalse();
        });

        assertThat(response.isCommitted()).isFalse();
        assertThat(response.getContentAsString()).isEqualTo("<html></html>");
    }

    /** The answer goes when the chain returns, with its length: not after the filters outside (the log line's write). */
    @Test
    void aWholeAnswer_isSentWithItsLength_whenTheChainReturns() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        byte[] body = "{\"id\":\"é\"}".getBytes(StandardCharsets.UTF_8);

        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("POST", "/integrations/accounts/x/credentials"), response,
                (req, res) -> {
                    res.getOutputStream().write(body);
                    res.getOutputStream().flush();
                    assertThat(res.isCommitted()).as("committed inside the chain").isFalse();
                });

        assertThat(response.isCommitted()).isTrue();
        assertThat(response.getContentLengthLong()).isEqualTo(body.length);
        assertThat(response.getContentAsByteArray()).isEqualTo(body);
    }

    @Test
    void aLengthAlreadySet_isKept() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/docs/openapi.json"), response, (req, res) -> {
            res.setContentLength(2);
            res.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(response.isCommitted()).isTrue();
        assertThat(response.getHeaders(HttpHeaders.CONTENT_LENGTH)).containsExactly("2");
    }

    /** What has no body written through the stream, or must carry none, goes as before: when the request ends. */
    @Test
    void noBody_aHead_a204_a304_aPageThroughItsWriter_orAThrownChain_areLeftToTheContainer() throws Exception {
        MockHttpServletResponse empty = new MockHttpServletResponse();
        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/actuator/health"), empty, (req, res) -> { });
        MockHttpServletResponse head = new MockHttpServletResponse();
        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("HEAD", "/integrations/accounts"), head,
                (req, res) -> res.getOutputStream().write('x'));
        MockHttpServletResponse noContent = new MockHttpServletResponse();
        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("DELETE", "/integrations/accounts/x"), noContent,
                (req, res) -> {
                    ((HttpServletResponse) res).setStatus(204);
                    res.getOutputStream().write('x');
                });
        MockHttpServletResponse notModified = new MockHttpServletResponse();
        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/connect/app.js"), notModified, (req, res) -> {
            ((HttpServletResponse) res).setStatus(304);
            res.getOutputStream().write('x');
        });
        MockHttpServletResponse page = new MockHttpServletResponse();
        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/console"), page,
                (req, res) -> res.getWriter().write("<html></html>"));
        MockHttpServletResponse thrown = new MockHttpServletResponse();
        assertThatThrownBy(() -> new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/integrations/accounts"),
                thrown, (req, res) -> {
                    res.getOutputStream().write('{');
                    throw new IllegalStateException("the handler failed half-way");
                })).isInstanceOf(IllegalStateException.class);

        for (MockHttpServletResponse response : List.of(empty, head, noContent, notModified, page, thrown)) {
            assertThat(response.isCommitted()).isFalse();
            assertThat(response.getHeader(HttpHeaders.CONTENT_LENGTH)).isNull();
        }
    }

    @Test
    void writesAndCloses_reachTheContainersStream_itsFlushesDoNot() throws Exception {
        ServletOutputStream container = mock(ServletOutputStream.class);
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(response.getOutputStream()).thenReturn(container);
        byte[] bytes = {1, 2, 3};

        new WholeAnswersFilter().doFilter(new MockHttpServletRequest("GET", "/audit/export"), response, (req, res) -> {
            res.getOutputStream().write('x');
            res.getOutputStream().write(bytes, 1, 2);
            res.getOutputStream().flush();
            res.flushBuffer();
            res.getOutputStream().close();
        });

        verify(container).write('x');
        verify(container).write(bytes, 1, 2);
        verify(container).close();
        verify(container, never()).flush();
        verify(response, never()).flushBuffer();
    }
}
