package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The pages' filter chain, before any page: this origin's files only, no session without a one-time link, and a
 * bearer token (the API's credential) opens no page.
 */
class PageSecurityTest extends EndToEndTest {

    @Test
    void theStylesheet_isServedToAnyone_underAPolicyThatAllowsOnlyThisOrigin() {
        ResponseEntity<String> css = http.getForEntity("/assets/tether.css", String.class);

        assertThat(css.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(css.getHeaders().getContentType()).hasToString("text/css");
        String policy = css.getHeaders().getFirst("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "http:", "https:");
        assertThat(css.getHeaders().get(HttpHeaders.SET_COOKIE)).as("no session for a file").isNull();
    }

    @Test
    void aConsolePage_withoutASession_isAPageThatSaysTheSessionHasEnded() {
        ResponseEntity<String> page = http.getForEntity("/console", String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(page.getHeaders().getContentType().toString()).startsWith("text/html");
        assertThat(page.getBody()).contains("Your session has ended").doesNotContain("<script");
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("script-src 'self'");
        // Thymeleaf flushes its writer once the page is written: kept from Tomcat, the page goes whole, with its length.
        assertThat(page.getHeaders().getFirst(HttpHeaders.TRANSFER_ENCODING)).isNull();
        assertThat(page.getHeaders().getContentLength()).isEqualTo(page.getBody().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aBearerToken_opensNoPage() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(Tokens.forOrganization(java.util.UUID.randomUUID(), "admin"));

        ResponseEntity<String> page = http.exchange("/connect/gallery", HttpMethod.GET, new HttpEntity<>(headers), String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(page.getBody()).contains("Your session has ended");
    }

    @Test
    void theRefusalPage_passesAxeCore_andFitsAPhone() {
        try (Browser browser = Browser.startOrSkip()) {
            browser.narrow();
            browser.driver().get(http.getRootUri() + "/console");

            assertThat(browser.driver().findElement(org.openqa.selenium.By.id("refusal")).getText())
                    .contains("Open a new link");
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;")).isEqualTo(true);
            browser.assertAccessible();
        }
    }
}
