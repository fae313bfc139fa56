package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /integrations/connect-sessions} and the connect page's door: who may ask for a session, what a bad
 * request is told, that Tether keeps the token only as a hash, and that the token opens the page once, before it
 * expires, and says which when it does not.
 */
class ConnectSessionTest extends EndToEndTest {

    private static final String BODY = """
            {"integrations": ["walmart-mp-api", "clickup"], "end_user": {"id": "user-4711", "display_name": "Ada"},
             "origin": "https://app.example.com"}""";

    private final HttpClient browserWithoutRedirects = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void anAdmin_getsAOneTimeToken_thatExpiresInThirtyMinutes_andThePagesUrl() {
        Instant before = Instant.now();
        Api.Response created = newOrganization().post("/integrations/connect-sessions", BODY);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.body().get("token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.body().get("url").asText()).endsWith("/connect?session=" + token);
        assertThat(Instant.parse(created.body().get("expires_at").asText()))
                .isBetween(before.plus(Duration.ofMinutes(29)), Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(created.body().get("integrations").toString()).isEqualTo("[\"walmart-mp-api\",\"clickup\"]");
    }

    @Test
    void aService_mayAskForOne_butAViewerOrAnAuditorMayNot() {
        UUID organization = UUID.randomUUID();

        assertThat(as(organization, "service").post("/integrations/connect-sessions", BODY).status()).isEqualTo(201);
        assertThat(as(organization, "viewer").post("/integrations/connect-sessions", BODY).status()).isEqualTo(403);
        assertThat(as(organization, "auditor").post("/integrations/connect-sessions", BODY).status()).isEqualTo(403);
        assertThat(anonymous().post("/integrations/connect-sessions", BODY).status()).isEqualTo(401);
    }

    @Test
    void withoutIntegrations_thePageOffersTheWholeCatalog() {
        Api.Response created = newOrganization().post("/integrations/connect-sessions",
                "{\"origin\": \"https://app.example.com\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().get("integrations")).hasSizeGreaterThan(5);
    }

    @Test
    void unknownSlugs_areFieldErrors_andCreateNothing() {
        Long before = jdbc.queryForObject("SELECT count(*) FROM connect_sessions", Long.class);
        Api.Response refused = newOrganization().post("/integrations/connect-sessions",
                "{\"integrations\": [\"clickup\", \"myspace\"], \"origin\": \"https://app.example.com\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asText()).isEqualTo("unknown_integration");
        assertThat(refused.body().get("errors").toString()).contains("integrations[1]").doesNotContain("integrations[0]");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM connect_sessions", Long.class)).isEqualTo(before);
    }

    @Test
    void anOrigin_isHttps_orLoopback_orAnAllowedFrontendOrigin() {
        Api api = newOrganization();
        for (String refused : List.of("http://app.example.org", "https://app.example.com/path", "javascript:alert(1)",
                "app.example.com")) {
            Api.Response answer = api.post("/integrations/connect-sessions", "{\"origin\": \"" + refused + "\"}");
            assertThat(answer.status()).as(refused).isEqualTo(400);
            assertThat(answer.body().get("errors").get(0).get("field").asText()).isEqualTo("origin");
        }
        assertThat(api.post("/integrations/connect-sessions", "{}").body().get("errors").toString()).contains("origin");
        for (String accepted : List.of("https://other.example.net", "http://localhost:5173", FRONTEND_ORIGIN)) {
            assertThat(api.post("/integrations/connect-sessions", "{\"origin\": \"" + accepted + "\"}").status())
                    .as(accepted).isEqualTo(201);
        }
    }

    @Test
    void anEndUser_hasAnId() {
        Api.Response refused = newOrganization().post("/integrations/connect-sessions",
                "{\"end_user\": {\"display_name\": \"Ada\"}, \"origin\": \"https://app.example.com\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("end_user.id");
    }

    @Test
    void theToken_isStoredOnlyAsItsHash() {
        String token = newOrganization().post("/integrations/connect-sessions", BODY).body().get("token").asText();

        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM connect_sessions WHERE token_hash = ?",
                sha256(token));
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.values())
                .allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain(token)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM connect_sessions WHERE token_hash = ? OR origin = ?",
                Long.class, token, token)).isZero();
    }

    @Test
    void theToken_opensThePageOnce_thenSaysItWasUsed() throws Exception {
        String token = newOrganization().post("/integrations/connect-sessions", BODY).body().get("token").asText();

        HttpResponse<String> opened = door(token);
        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/connect/gallery").doesNotContain(token));
        assertThat(opened.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("SESSION=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));

        HttpResponse<String> again = door(token);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("This link was already used");
        assertThat(again.headers().allValues("Set-Cookie")).as("no session").isEmpty();
    }

    @Test
    void anExpiredToken_saysItExpired_andAForgedOne_saysItIsNotValid() throws Exception {
        String token = newOrganization().post("/integrations/connect-sessions", BODY).body().get("token").asText();
        jdbc.update("UPDATE connect_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                sha256(token));

        HttpResponse<String> expired = door(token);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("This link has expired");
        assertThat(expired.headers().allValues("Set-Cookie")).isEmpty();

        HttpResponse<String> forged = door("A".repeat(43));
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("This link is not valid");
        assertThat(door("<script>").statusCode()).isEqualTo(404);
        assertThat(forged.headers().allValues("Set-Cookie")).isEmpty();
    }

    private HttpResponse<String> door(String token) throws Exception {
        URI uri = URI.create(http.getRootUri() + "/connect?session="
                + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8));
        return browserWithoutRedirects.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
