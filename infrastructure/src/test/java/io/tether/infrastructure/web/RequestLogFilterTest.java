package io.tether.infrastructure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@ExtendWith(OutputCaptureExtension.class)
class RequestLogFilterTest {

    @Test
    void anExceptionThatEscapesToTheContainer_isLoggedAsThe500ItBecomes(CapturedOutput output) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/integrations/keys/rotate");

        assertThatThrownBy(() -> new RequestLogFilter().doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            throw new IllegalStateException("escaped");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(output.getAll()).contains("POST /integrations/keys/rotate 500 ");
    }

    @Test
    void controlCharactersAndLineSeparators_areEscaped() {
        assertThat(LogValues.escaped("a\nb\r\u2028c\\u000A")).isEqualTo("a\\u000Ab\\u000D\\u2028c\\\\u000A");
        assertThat(LogValues.escaped("plain")).isEqualTo("plain");
    }
}
