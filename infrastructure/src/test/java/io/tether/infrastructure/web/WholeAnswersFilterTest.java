package io.tether.infrastructure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
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

        assertThat(response.isCommitted()).isFalse();
        assertThat(response.getContentAsString()).isEqualTo("{\"accounts\":[]}");
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
