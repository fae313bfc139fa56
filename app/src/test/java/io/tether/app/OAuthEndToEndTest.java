package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.app.Api.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Tether with its Amazon apps configured and Login with Amazon played by a WireMock stand-in: the NA and
 * EU token endpoints are the stand-in's, the FE one is a closed port (connection refused). A state lives
 * {@value #STATE_LIFETIME}, a token is refreshed 2 seconds before it expires, a failing refresh is tried
 * 3 times 200 ms apart, and db-scheduler polls every 100 ms, so that deadlines and refreshes happen
 * within a test. Each subclass runs its tests against this application, which is closed after them while
 * its database still runs (closing it at the end of the run, after the embedded PostgreSQL's own shutdown
 * hook, takes seconds per application); the next subclass starts it again on the same data directory.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                "tether.amazon.ads.client-id=" + OAuthEndToEndTest.ADS_CLIENT_ID,
                "tether.amazon.ads.client-secret=" + OAuthEndToEndTest.ADS_CLIENT_SECRET,
                "tether.amazon.ads.redirect-uri=" + OAuthEndToEndTest.ADS_REDIRECT_URI,
                "tether.amazon.sp-api.application-id=" + OAuthEndToEndTest.SPAPI_APPLICATION_ID,
                "tether.amazon.sp-api.client-id=" + OAuthEndToEndTest.SPAPI_CLIENT_ID,
                "tether.amazon.sp-api.client-secret=" + OAuthEndToEndTest.SPAPI_CLIENT_SECRET,
                "tether.amazon.sp-api.redirect-uri=" + OAuthEndToEndTest.SPAPI_REDIRECT_URI,
                "tether.amazon.sp-api.beta=true",
                "tether.amazon.oauth.state-lifetime=" + OAuthEndToEndTest.STATE_LIFETIME,
                "tether.amazon.token-refresh.ahead=2s",
                "tether.amazon.token-refresh.retry-delay=200ms",
                "tether.amazon.token-refresh.max-attempts=3",
                "tether.amazon.lwa.read-timeout=3s",
                "tether.amazon.rate-limits.auth-url-per-organization=1000",
                "tether.amazon.rate-limits.auth-url-per-client=1000",
                "tether.amazon.rate-limits.callback-per-organization=1000",
                "tether.amazon.rate-limits.callback-per-client=1000",
                "db-scheduler.polling-interval=100ms",
                // OAuthNoticesTest's receiver listens on loopback.
                "tether.notices.allow-private-targets=true"})
@DirtiesContext
abstract class OAuthEndToEndTest {

    static final String ADS_CLIENT_ID = "amzn1.application-oa2-client.tether-test";
    static final String ADS_CLIENT_SECRET = "ads-client-secret-for-tests";
    static final String ADS_REDIRECT_URI = "https://tether.example.com/integrations/ads/callback";
    static final String SPAPI_APPLICATION_ID = "amzn1.sp.solution.tether-test";
    static final String SPAPI_CLIENT_ID = "amzn1.application-oa2-client.spapi-test";
    static final String SPAPI_CLIENT_SECRET = "spapi-client-secret-for-tests";
    static final String SPAPI_REDIRECT_URI = "https://tether.example.com/integrations/sp-api/callback";
    static final String STATE_LIFETIME = "2s";

    static final String NA_TOKEN_PATH = "/na/auth/o2/token";
    static final String EU_TOKEN_PATH = "/eu/auth/o2/token";

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "oauth-" + UUID.randomUUID());
    static final WireMockServer LWA = new WireMockServer(options().dynamicPort());
    static final FrontendStandIn FRONTEND = FrontendStandIn.start();

    static {
        LWA.start();
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
        registry.add("tether.amazon.lwa.token-endpoint-na", () -> LWA.baseUrl() + NA_TOKEN_PATH);
        registry.add("tether.amazon.lwa.token-endpoint-eu", () -> LWA.baseUrl() + EU_TOKEN_PATH);
        registry.add("tether.amazon.lwa.token-endpoint-fe", () -> "http://127.0.0.1:" + closedPort() + "/auth/o2/token");
        registry.add("tether.frontend.origin", FRONTEND::origin);
    }

    Api newOrganization() {
        return new Api(http, Tokens.forOrganization(UUID.randomUUID()));
    }

    /** Creates an Amazon account of the type and region, and answers its id. */
    static String createAccount(Api api, String integrationType, String region) {
        Response created = api.post("/integrations/accounts", EndToEndTest.createBody("AMAZON", integrationType,
                integrationType + " " + UUID.randomUUID(), region));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    /** A new organization's new account of the type and region, whose OAuth flow has just started. */
    Started startedFlow(String integrationType, String region) {
        Api api = newOrganization();
        String accountId = createAccount(api, integrationType, region);
        return new Started(api, accountId, authorize(api, integrationType.equals("ADS_API") ? "ads" : "sp-api", accountId));
    }

    /** An authorization code no other test uses. */
    static String newCode() {
        return "code" + UUID.randomUUID().toString().replace("-", "");
    }

    /** GET auth-url for the account; asserts it succeeded. */
    static Authorization authorize(Api api, String flowPath, String accountId) {
        Response response = api.get("/integrations/" + flowPath + "/auth-url?accountId=" + accountId);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        URI url = URI.create(response.body().get("authorization_url").asText());
        return new Authorization(response, url, queryOf(url));
    }

    /** Amazon's redirect of the user's browser to a callback, with these query parameters, encoded as a browser would. */
    Response redirect(String callbackPath, Map<String, String> parameters) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(http.getRootUri() + callbackPath);
        parameters.forEach(uri::queryParam);
        ResponseEntity<String> response = http.getForEntity(uri.encode().build().toUri(), String.class);
        return new Response(response.getStatusCode().value(), response.getHeaders(), response.getBody());
    }

    static Map<String, String> parameters(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    /** The stand-in answers the authorization_code grant for this code. */
    static void tokenEndpointAnswers(String path, String code, ResponseDefinitionBuilder response) {
        LWA.stubFor(post(urlEqualTo(path))
                .withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + code + "&"))
                .willReturn(response));
    }

    /** The stand-in answers the refresh_token grant for this refresh token. */
    static void refreshAnswers(String path, String refreshToken, ResponseDefinitionBuilder response) {
        LWA.stubFor(post(urlEqualTo(path))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + encoded(refreshToken)))
                .willReturn(response));
    }

    static ResponseDefinitionBuilder tokens(String refreshToken, String accessToken, long expiresInSeconds) {
        return okJson("{\"access_token\":\"" + accessToken + "\","
                + (refreshToken == null ? "" : "\"refresh_token\":\"" + refreshToken + "\",")
                + "\"token_type\":\"bearer\",\"expires_in\":" + expiresInSeconds + "}");
    }

    static ResponseDefinitionBuilder lwaError(int status, String error) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"" + error + "\",\"error_description\":\"The request has an invalid grant parameter\"}");
    }

    /** The forms the stand-in received at the path that contain the needle, decoded. */
    static List<Map<String, String>> formsReceived(String path, String needle) {
        List<LoggedRequest> requests = LWA.findAll(postRequestedFor(urlEqualTo(path)));
        return requests.stream()
                .map(LoggedRequest::getBodyAsString)
                .map(OAuthEndToEndTest::decodeForm)
                .filter(form -> form.containsValue(needle))
                .toList();
    }

    /** Every form the stand-in received that carries the value, at any path. */
    static List<Map<String, String>> formsWith(String value) {
        return LWA.getAllServeEvents().stream()
                .map(event -> decodeForm(event.getRequest().getBodyAsString()))
                .filter(form -> form.containsValue(value))
                .toList();
    }

    JsonNode account(Api api, String accountId) {
        return api.get("/integrations/accounts/" + accountId).body();
    }

    /** The account once the read model has caught up with the command that answered {@code after}. */
    JsonNode account(Api api, String accountId, Response after) {
        return api.get("/integrations/accounts/" + accountId, after.position()).body();
    }

    void awaitStatus(Api api, String accountId, String status) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(account(api, accountId).get("status").asText()).isEqualTo(status));
    }

    /** The account's events and its credential reads, oldest first, by their payload's simple class name. */
    List<String> eventsOf(String accountId) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)"
                        + " ORDER BY global_index", String.class, accountId,
                        AccountCredentialsReadEvent.streamOf(UUID.fromString(accountId)).toString()).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    /** How many rows of these tables hold the text anywhere (binary columns read as UTF-8). */
    long rowsContaining(String text) {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM domain_event_entry
                        WHERE position(convert_to(?, 'UTF8') in payload) > 0 OR position(convert_to(?, 'UTF8') in meta_data) > 0)
                     + (SELECT count(*) FROM oauth_states s WHERE strpos(s::text, ?) > 0)
                     + (SELECT count(*) FROM scheduled_tasks t WHERE position(convert_to(?, 'UTF8') in coalesce(t.task_data, ''::bytea)) > 0)
                     + (SELECT count(*) FROM account_credentials c WHERE strpos(c::text, ?) > 0)""",
                Long.class, text, text, text, text, text);
    }

    static Map<String, String> queryOf(URI uri) {
        return decodeForm(uri.getRawQuery());
    }

    private static Map<String, String> decodeForm(String form) {
        if (form == null || form.isEmpty()) {
            return Map.of();
        }
        return Arrays.stream(form.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decoded(pair[0]), pair -> pair.length > 1 ? decoded(pair[1]) : "",
                        (first, second) -> second, LinkedHashMap::new));
    }

    private static String decoded(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    static String encoded(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A port nothing listens on: connecting to it is refused at once. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Started(Api api, String accountId, Authorization authorization) {
    }

    /** An auth-url answer: the response, the authorization URL and its query parameters. */
    record Authorization(Response response, URI url, Map<String, String> query) {

        String state() {
            return query.get("state");
        }
    }
}
