package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Bodies past the size limit and JSON past the depth limit are refused before they are parsed; every response has the security headers. */
class RequestLimitsTest extends EndToEndTest {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    @Test
    void aBodyOverTheLimit_isRefusedWith413_beforeItIsParsed() {
        Api api = newOrganization();
        String name = "x".repeat(MAX_REQUEST_BYTES);

        Response response = api.post("/integrations/accounts", adsAccount(name));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.body().get("code").asText()).isEqualTo("payload_too_large");
        assertThat(eventsCausedBy(response)).isZero();
    }

    @Test
    void aChunkedBodyOverTheLimit_withoutALength_isRefusedWith413() throws Exception {
        byte[] body = adsAccount("y".repeat(MAX_REQUEST_BYTES)).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.getRootUri() + "/integrations/accounts"))
                .header("Authorization", "Bearer " + Tokens.forOrganization(UUID.randomUUID()))
                .header("Content-Type", "application/json")
                // An input stream of unknown length goes out chunked, with no Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"payload_too_large\"");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry"
                + " WHERE convert_from(meta_data, 'UTF8')::jsonb ->> 'request_id' = ?", Long.class, requestId)).isZero();
    }

    @Test
    void deeplyNestedJson_isABadRequest_notAServerError() {
        Api api = newOrganization();
        String nested = "{\"config\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        Response response = api.post("/integrations/global", nested);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.body().get("code").asText()).isEqualTo("json_too_complex");
        assertThat(response.rawBody()).doesNotContain("Exception");
    }

    @Test
    void apiResponses_carryTheSecurityHeaders_successesAndRefusalsAlike() {
        Response ok = newOrganization().get("/integrations/accounts");
        Response unauthorized = anonymous().get("/integrations/accounts");

        for (Response response : new Response[] {ok, unauthorized}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Cache-Control")).contains("no-store");
            assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'")
                    .contains("frame-ancestors 'none'");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            // Over plain HTTP there is no HSTS: browsers ignore it there, and it would pin tests' hosts.
            assertThat(response.header("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void theOAuthCallbackPage_keepsItsOwnContentSecurityPolicy() {
        Response page = anonymous().get("/integrations/ads/callback?error=access_denied&state=" + UUID.randomUUID(),
                Map.of("Accept", "text/html"));

        assertThat(page.headers().get("Content-Security-Policy")).hasSize(1);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'nonce-");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    }
}
