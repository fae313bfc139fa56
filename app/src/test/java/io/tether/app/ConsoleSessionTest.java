package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code POST /integrations/console-sessions}: a one-time link for the bearer token's caller, kept only as its hash,
 * that signs a browser in once, before its deadline, and says which when it does not.
 */
class ConsoleSessionTest extends EndToEndTest {

    @Test
    void everyMemberRole_getsALinkToTheConsole_keptOnlyAsItsHash() throws Exception {
        UUID organization = UUID.randomUUID();
        for (String role : List.of("viewer", "admin", "auditor", "service", "platform_admin")) {
            Response minted = as(organization, role).post("/integrations/console-sessions", null);

            assertThat(minted.status()).as(role).isEqualTo(201);
            String url = minted.body().get("url").asText();
            assertThat(url).contains("/console/enter?link=");
            assertThat(Instant.parse(minted.body().get("expires_at").asText()))
                    .isBetween(Instant.now().plusSeconds(60), Instant.now().plusSeconds(121));
            String link = linkOf(url);
            assertThat(link).hasSize(43);
            Map<String, Object> row = jdbc.queryForMap("SELECT * FROM console_links WHERE link_hash = ?", sha256(link));
            assertThat(row).containsEntry("subject", "alice").containsEntry("organization_id", organization)
                    .containsEntry("roles", role);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM console_links WHERE link_hash = ? OR subject = ? OR roles = ?",
                    Long.class, link, link, link)).as("the link itself is stored nowhere").isZero();
        }
    }

    @Test
    void aMetricsScraper_aTokenWithoutARole_andNoToken_getNoLink() {
        UUID organization = UUID.randomUUID();

        assertThat(as(organization, "metrics").post("/integrations/console-sessions", null).status()).isEqualTo(403);
        assertThat(as(organization).post("/integrations/console-sessions", null).status()).isEqualTo(201);
        assertThat(new Api(http, Tokens.forOrganization(organization, new String[0]))
                .post("/integrations/console-sessions", null).status()).isEqualTo(403);
        assertThat(anonymous().post("/integrations/console-sessions", null).status()).isEqualTo(401);
    }

    @Test
    void aLink_signsInOnce_thenSaysItHasBeenUsed() {
        String link = linkOf(newOrganization().post("/integrations/console-sessions", null).body().get("url").asText());

        TestRestTemplate http = this.http.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        ResponseEntity<String> first = http.getForEntity("/console/enter?link=" + link, String.class);
        ResponseEntity<String> second = http.getForEntity("/console/enter?link=" + link, String.class);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.FOUND);
        assertThat(first.getHeaders().getLocation()).hasPath("/console").hasNoQuery();
        assertThat(first.getHeaders().getFirst("Set-Cookie")).contains("HttpOnly");
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(second.getBody()).contains("This link has already been used");
        assertThat(second.getHeaders().getFirst("Set-Cookie")).isNull();
    }

    @Test
    void anExpiredLink_andAForgedOne_signNothingIn_andSayWhich() throws Exception {
        String link = linkOf(newOrganization().post("/integrations/console-sessions", null).body().get("url").asText());
        jdbc.update("UPDATE console_links SET expires_at = now() - interval '1 second' WHERE link_hash = ?", sha256(link));

        ResponseEntity<String> expired = http.getForEntity("/console/enter?link=" + link, String.class);
        ResponseEntity<String> forged = http.getForEntity("/console/enter?link=" + link.substring(1) + "A", String.class);
        ResponseEntity<String> none = http.getForEntity("/console/enter", String.class);

        assertThat(expired.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(expired.getBody()).contains("This link has expired");
        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(forged.getBody()).contains("This link is not valid");
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(jdbc.queryForObject("SELECT used_at IS NULL FROM console_links WHERE link_hash = ?", Boolean.class,
                sha256(link))).as("an expired link is not spent by the attempt").isTrue();
    }

    static String linkOf(String url) {
        return UriComponentsBuilder.fromUri(URI.create(url)).build().getQueryParams().getFirst("link");
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
