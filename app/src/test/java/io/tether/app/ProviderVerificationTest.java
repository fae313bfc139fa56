package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tether.app.Api.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Credentials checked at their provider, end to end: Login with Amazon is the base class's stand-in; Walmart,
 * Slack, ClickUp, GitHub and Linear are played by a second WireMock **stand-in** that speaks each one's documented
 * HTTP API, and Jira's site is a closed port (the provider down). A provider may take 1 second to answer; the
 * slow stand-in takes 3. Connects check credentials first here, as they do by default.
 */
@TestPropertySource(properties = {
        "tether.providers.verify-on-connect=true",
        "tether.providers.read-timeout=1s",
        "tether.providers.connect-timeout=1s"})
class ProviderVerificationTest extends OAuthEndToEndTest {

    static final WireMockServer STAND_IN = new WireMockServer(options().dynamicPort());

    static {
        STAND_IN.start();
    }

    @DynamicPropertySource
    static void providerStandIns(DynamicPropertyRegistry registry) {
        registry.add("tether.providers.walmart.base-url", () -> STAND_IN.baseUrl() + "/walmart");
        registry.add("tether.providers.slack.base-url", () -> STAND_IN.baseUrl() + "/slack/api");
        registry.add("tether.providers.clickup.base-url", () -> STAND_IN.baseUrl() + "/clickup");
        registry.add("tether.providers.github.base-url", () -> STAND_IN.baseUrl() + "/github");
        registry.add("tether.providers.linear.endpoint", () -> STAND_IN.baseUrl() + "/linear/graphql");
        registry.add("tether.providers.jira.base-url", () -> "http://127.0.0.1:" + closedPort());
        for (String region : List.of("na", "eu", "fe")) {
            registry.add("tether.providers.amazon-ads.base-url-" + region, () -> STAND_IN.baseUrl() + "/ads");
            registry.add("tether.providers.selling-partner.base-url-" + region, () -> STAND_IN.baseUrl() + "/sp-api");
        }
    }

    // ---------------------------------------------------------------- accounts

    @Test
    void verify_ofAnAmazonAccount_refreshesAtLoginWithAmazon_andRecordsTheVerification() {
        String refreshToken = "Atzr|verified-" + UUID.randomUUID();
        Api admin = as(UUID.randomUUID(), "admin");
        String id = connectedAdsAccount(admin, refreshToken);

        Response verified = admin.post("/integrations/accounts/" + id + "/verify", null);

        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.body().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(formsReceived(EU_TOKEN_PATH, refreshToken)).hasSize(2)
                .allSatisfy(form -> assertThat(form).containsEntry("grant_type", "refresh_token")
                        .containsEntry("client_id", ADS_CLIENT_ID));
        assertThat(eventsOf(id)).endsWith("AccountConnectedEvent", "AccountCredentialsVerifiedEvent");
        assertThat(rowsContaining("Atza|checked")).isZero();
    }

    @Test
    void verify_refused_putsTheAccountInError_withWhatToDo_andALaterSuccessRecordsTheRecovery() {
        String refreshToken = "Atzr|revoked-" + UUID.randomUUID();
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = connectedAdsAccount(admin, refreshToken);
        refreshAnswers(EU_TOKEN_PATH, refreshToken, lwaError(400, "invalid_grant"));

        Response refused = admin.post("/integrations/accounts/" + id + "/verify", null);

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body().get("status").asText()).isEqualTo("ERROR");
        assertThat(refused.body().get("error_message").asText()).contains("invalid_grant").contains("Reconnect the account");
        assertThat(account(admin, id, refused).get("status").asText()).isEqualTo("ERROR");

        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|checked", 3600));
        Response recovered = as(organization, "service").post("/integrations/accounts/" + id + "/verify", null);

        assertThat(recovered.body().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(recovered.body().get("error_message").isNull()).isTrue();
        assertThat(eventsOf(id)).endsWith("AccountCredentialsRejectedEvent", "AccountCredentialsVerifiedEvent");
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type LIKE '%AccountCredentialsVerifiedEvent'", String.class, id);
        assertThat(payload).contains("\"recovered\":true");
    }

    @Test
    void aRefusalAndTheRecovery_reachTheOrganizationsEndpoint_asSignedNotices() {
        String refreshToken = "Atzr|noticed-" + UUID.randomUUID();
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = connectedAdsAccount(admin, refreshToken);
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String secret = NoticesTest.register(admin, receiver, "[\"credentials.verified\",\"credentials.rejected\","
                    + "\"account.error\",\"account.recovered\"]").body().get("signing_secret").asText();
            refreshAnswers(EU_TOKEN_PATH, refreshToken, lwaError(400, "invalid_grant"));
            assertThat(admin.post("/integrations/accounts/" + id + "/verify", null).body().get("status").asText())
                    .isEqualTo("ERROR");
            refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|checked", 3600));
            assertThat(admin.post("/integrations/accounts/" + id + "/verify", null).body().get("status").asText())
                    .isEqualTo("CONNECTED");

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().size() >= 4);
            List<NoticeReceiver.Received> delivered = receiver.delivered();
            assertThat(delivered).extracting(NoticeReceiver.Received::type).containsExactly(
                    "credentials.rejected", "account.error", "credentials.verified", "account.recovered");
            delivered.forEach(notice -> NoticesTest.assertSignedWith(secret, notice));
            delivered.forEach(NoticesTest::assertMatchesItsSchema);
            assertThat(delivered.get(0).json().get("data").get("account").get("error_message").asText())
                    .contains("invalid_grant");
            assertThat(delivered).allSatisfy(notice -> assertThat(notice.body()).doesNotContain(refreshToken, "Atza|"));
        }
    }

    @Test
    void createWithCredentials_answersAConnectedAccount_inOneRequest_checkedAtTheProviderFirst() {
        String refreshToken = "Atzr|accepted-at-create-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|create-check", 3600));
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");

        Response created = admin.post("/integrations/accounts", createWithCredentials("EU Ads " + UUID.randomUUID(), refreshToken));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(created.body().get("has_credentials").asBoolean()).isTrue();
        assertThat(created.rawBody()).doesNotContain(refreshToken);
        String id = created.body().get("id").asText();
        assertThat(eventsOf(id)).containsExactly("AccountCreatedEvent", "AccountConnectedEvent");
        assertThat(formsReceived(EU_TOKEN_PATH, refreshToken)).hasSize(1);
        Response read = admin.get("/integrations/accounts/" + id, created.position());
        assertThat(read.body().get("status").asText()).isEqualTo("CONNECTED");
        Response worker = as(organization, "service").post("/integrations/accounts/" + id + "/credentials",
                "{\"purpose\":\"first sync\"}");
        assertThat(worker.body().get("credentials").get("refresh_token").asText()).isEqualTo(refreshToken);
    }

    @Test
    void createWithCredentials_thatTheProviderRefuses_orOfTheWrongShape_createsNothing() {
        String refreshToken = "Atzr|refused-at-create-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, lwaError(400, "invalid_grant"));
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String name = "EU Ads " + UUID.randomUUID();

        Response refused = admin.post("/integrations/accounts", createWithCredentials(name, refreshToken));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("credentials_rejected");

        Response misshapen = admin.post("/integrations/accounts", """
                {"marketplace":"AMAZON","integration_type":"ADS_API","account_name":"%s","region":"EU",
                 "credentials":{"refresh_token":"not-an-lwa-token"},"verify":false}""".formatted(name));
        assertThat(misshapen.status()).as(misshapen.toString()).isEqualTo(400);
        assertThat(misshapen.body().get("errors").findValuesAsText("field")).contains("credentials.refresh_token");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM account_names WHERE organization_id = ?", Long.class,
                organization)).as("no account half-written").isZero();
        Response unchecked = admin.post("/integrations/accounts", createWithCredentials(name, refreshToken)
                .replace("}}", "},\"verify\":false}"));
        assertThat(unchecked.status()).as("the name is still free: " + unchecked).isEqualTo(201);
    }

    private static String createWithCredentials(String name, String refreshToken) {
        return """
                {"marketplace":"AMAZON","integration_type":"ADS_API","account_name":"%s","region":"EU",
                 "credentials":{"refresh_token":"%s"}}""".formatted(name, refreshToken);
    }

    @Test
    void connect_checksTheCredentialsFirst_andStoresNothingTheProviderRefuses() {
        String refreshToken = "Atzr|refused-at-connect-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, lwaError(400, "invalid_grant"));
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = createAccount(admin, "ADS_API", "EU");

        Response refused = connect(admin, id, refreshToken);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("credentials_rejected");
        assertThat(refused.body().get("reason").asText()).contains("invalid_grant");
        assertThat(eventsOf(id)).containsExactly("AccountCreatedEvent");

        Response unchecked = admin.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"" + refreshToken + "\"},\"verify\":false}");
        assertThat(unchecked.status()).isEqualTo(200);
        assertThat(formsReceived(EU_TOKEN_PATH, refreshToken)).hasSize(1);
    }

    @Test
    void aProviderThatIsDown_orSlow_isA503WithRetryAfter_andRecordsNothing() {
        String refreshToken = "Atzr|slow-" + UUID.randomUUID();
        Api admin = as(UUID.randomUUID(), "admin");
        String account = connectedAdsAccount(admin, refreshToken);
        // Login with Amazon's read timeout is 3 seconds in these tests.
        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|late", 3600).withFixedDelay(5000));
        Response slowAmazon = admin.post("/integrations/accounts/" + account + "/verify", null);
        assertUnavailable(slowAmazon);
        assertThat(eventsOf(account)).endsWith("AccountConnectedEvent");

        String slowToken = "pk_slow" + UUID.randomUUID().toString().replace("-", "");
        STAND_IN.stubFor(get(urlEqualTo("/clickup/api/v2/user")).withHeader("Authorization", equalTo(slowToken))
                .willReturn(okJson("{\"user\":{\"id\":1}}").withFixedDelay(3000)));
        String clickUp = createService(admin, "clickup", "{\"api_token\":\"" + slowToken + "\"}", null, false);
        assertUnavailable(admin.post("/integrations/global/" + clickUp + "/verify", null));

        String jira = createService(admin, "jira", "{\"email\":\"ops@example.com\",\"api_token\":\"ATATT3x\"}",
                "{\"site_url\":\"https://acme.atlassian.net\"}", false);
        assertUnavailable(admin.post("/integrations/global/" + jira + "/verify", null));
        assertThat(eventsOf(clickUp)).containsExactly("GlobalIntegrationCreatedEvent", "GlobalIntegrationConnectedEvent");
        assertThat(eventsOf(jira)).containsExactly("GlobalIntegrationCreatedEvent", "GlobalIntegrationConnectedEvent");
    }

    // ---------------------------------------------------------------- Walmart tokens

    @Test
    void walmart_isCheckedByMintingAToken_andItsTokensAreMintedAgainBeforeTheyExpire() {
        String clientId = UUID.randomUUID().toString();
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":walmart-secret")
                .getBytes(StandardCharsets.UTF_8));
        STAND_IN.stubFor(post(urlEqualTo("/walmart/v3/token")).withHeader("Authorization", equalTo(basic))
                .willReturn(okJson("{\"access_token\":\"eyJ-walmart-token\",\"token_type\":\"Bearer\",\"expires_in\":3}")));
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", EndToEndTest.createBody("WALMART", "WALMART_MP_API",
                "Walmart " + UUID.randomUUID(), "CA")).body().get("id").asText();

        Response connected = admin.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"client_id\":\"" + clientId + "\",\"client_secret\":\"walmart-secret\"}}");

        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        // Tokens last 3 seconds and are minted 2 seconds ahead: one a second.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(eventsOf(id).stream().filter("AccessTokenRefreshedEvent"::equals).count()).isGreaterThanOrEqualTo(2));
        List<LoggedRequest> minted = walmartTokenRequests(basic);
        assertThat(minted.size()).isGreaterThanOrEqualTo(3);
        assertThat(minted).allSatisfy(request -> {
            assertThat(request.getHeader("WM_SVC.NAME")).isEqualTo("Walmart Marketplace");
            assertThat(request.getHeader("WM_QOS.CORRELATION_ID")).isNotBlank();
            assertThat(request.getHeader("WM_MARKET")).isEqualTo("ca");
            assertThat(request.getBodyAsString()).isEqualTo("grant_type=client_credentials");
        });
        assertThat(minted.stream().map(request -> request.getHeader("WM_QOS.CORRELATION_ID")).distinct()).hasSameSizeAs(minted);

        Response read = as(organization, "service").post("/integrations/accounts/" + id + "/credentials", "{\"purpose\":\"item sync\"}");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode credentials = read.body().get("credentials");
        assertThat(credentials.get("access_token").asText()).isEqualTo("eyJ-walmart-token");
        assertThat(Instant.parse(credentials.get("access_token_expires_at").asText())).isAfter(Instant.now());
        assertThat(credentials.get("client_id").asText()).isEqualTo(clientId);
        assertThat(rowsContaining("eyJ-walmart-token")).isZero();
    }

    @Test
    void walmart_keysThatAreInvented_areRefusedAtConnect() {
        STAND_IN.stubFor(post(urlEqualTo("/walmart/v3/token")).withHeader("Authorization", matching("Basic .*"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":[{\"code\":\"UNAUTHORIZED.GMP_GATEWAY_API\",\"description\":\"Unauthorized\"}]}")));
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", EndToEndTest.createBody("WALMART", "WALMART_MP_API",
                "Invented " + UUID.randomUUID(), "US")).body().get("id").asText();

        Response refused = admin.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"client_id\":\"invented\",\"client_secret\":\"invented\"}}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("reason").asText()).contains("Walmart did not accept the client ID and secret")
                .contains("HTTP 401");
        assertThat(eventsOf(id)).containsExactly("AccountCreatedEvent");
    }

    // ---------------------------------------------------------------- after an OAuth flow

    @Test
    void anAdsAccountConnectedThroughAmazon_showsItsProfiles_andTheOneAnAdminChoosesGoesToWorkers() {
        String accessToken = "Atza|profiles-" + UUID.randomUUID();
        STAND_IN.stubFor(get(urlEqualTo("/ads/v2/profiles")).withHeader("Authorization", equalTo("Bearer " + accessToken))
                .withHeader("Amazon-Advertising-API-ClientId", equalTo(ADS_CLIENT_ID))
                .willReturn(okJson("""
                        [{"profileId":3411245632,"countryCode":"DE","currencyCode":"EUR","timezone":"Europe/Paris",
                          "accountInfo":{"marketplaceStringId":"A1PA6795UKMFR9","id":"A2EXAMPLE","type":"seller","name":"Shop DE"}},
                         {"profileId":3411245633,"countryCode":"FR","currencyCode":"EUR","timezone":"Europe/Paris",
                          "accountInfo":{"marketplaceStringId":"A13V1IB3VIYZZH","id":"A2EXAMPLE","type":"seller","name":"Shop FR"}}]""")));
        Started flow = startedFlow("ADS_API", "EU");
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|profiles-" + UUID.randomUUID(), accessToken, 3600));
        Response page = redirect("/integrations/ads/callback", parameters("code", code, "state", flow.authorization().state()));
        assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
        String id = flow.accountId();
        Api admin = flow.api();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(admin.get("/integrations/accounts/" + id + "/ads-profiles").body().get("profiles")).hasSize(2));
        JsonNode listed = admin.get("/integrations/accounts/" + id + "/ads-profiles").body();
        assertThat(listed.get("profile_id").isNull()).isTrue();
        assertThat(listed.get("profiles").get(0).get("profile_id").asText()).isEqualTo("3411245632");
        assertThat(listed.get("profiles").get(0).get("country_code").asText()).isEqualTo("DE");
        assertThat(listed.get("profiles").get(0).get("account_name").asText()).isEqualTo("Shop DE");

        Response unknown = admin.exchange(HttpMethod.PUT, "/integrations/accounts/" + id + "/profile",
                "{\"profile_id\":\"999\"}", Map.of());
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.body().get("errors").findValuesAsText("field")).containsExactly("profile_id");
        Response chosen = admin.exchange(HttpMethod.PUT, "/integrations/accounts/" + id + "/profile",
                "{\"profile_id\":\"3411245633\"}", Map.of());
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);

        assertThat(admin.get("/integrations/accounts/" + id + "/ads-profiles", chosen.position()).body()
                .get("profile_id").asText()).isEqualTo("3411245633");
        UUID organization = UUID.fromString(flow.authorization().response().body().get("account").get("organization_id").asText());
        Response read = as(organization, "service").post("/integrations/accounts/" + id + "/credentials", "{\"purpose\":\"bids\"}");
        assertThat(read.body().get("credentials").get("profile_id").asText()).isEqualTo("3411245633");
        assertThat(eventsOf(id)).containsSubsequence("OAuthCompletedEvent", "AdsProfilesFetchedEvent", "AdsProfileChosenEvent");
    }

    @Test
    void aSellingPartnerConnectedThroughAmazon_hasItsMarketplaceParticipationsRecorded() {
        String accessToken = "Atza|participations-" + UUID.randomUUID();
        STAND_IN.stubFor(get(urlEqualTo("/sp-api/sellers/v1/marketplaceParticipations"))
                .withHeader("x-amz-access-token", equalTo(accessToken))
                .willReturn(okJson("""
                        {"payload":[{"marketplace":{"id":"ATVPDKIKX0DER","countryCode":"US","name":"Amazon.com",
                          "defaultCurrencyCode":"USD","defaultLanguageCode":"en_US","domainName":"www.amazon.com"},
                          "participation":{"isParticipating":true,"hasSuspendedListings":false}}]}""")));
        Started flow = startedFlow("SP_API_SC", "NA");
        String code = newCode();
        tokenEndpointAnswers(NA_TOKEN_PATH, code, tokens("Atzr|participations-" + UUID.randomUUID(), accessToken, 3600));
        Response page = redirect("/integrations/sp-api/callback", parameters("spapi_oauth_code", code,
                "state", flow.authorization().state(), "selling_partner_id", "A3SELLER4TETHER"));
        assertThat(page.status()).as(page.rawBody()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(eventsOf(flow.accountId())).contains("MarketplaceParticipationsRecordedEvent"));
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE"
                + " aggregate_identifier = ? AND payload_type LIKE '%MarketplaceParticipationsRecordedEvent'", String.class,
                flow.accountId());
        assertThat(payload).contains("ATVPDKIKX0DER").contains("\"participating\":true").doesNotContain(accessToken);
    }

    // ---------------------------------------------------------------- global integrations

    @Test
    void slack_isCheckedWithAuthTest_refusedTokensPutItInError_andARecoveryIsRecorded() {
        String botToken = "xoxb-" + UUID.randomUUID();
        STAND_IN.stubFor(post(urlEqualTo("/slack/api/auth.test")).withHeader("Authorization", equalTo("Bearer " + botToken))
                .willReturn(okJson("{\"ok\":true,\"team\":\"Acme\",\"user_id\":\"U123\"}")));
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = createService(admin, "slack", "{\"bot_token\":\"" + botToken + "\"}", null, null);

        STAND_IN.stubFor(post(urlEqualTo("/slack/api/auth.test")).withHeader("Authorization", equalTo("Bearer " + botToken))
                .willReturn(okJson("{\"ok\":false,\"error\":\"token_revoked\"}")));
        Response refused = admin.post("/integrations/global/" + id + "/verify", null);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(200);
        assertThat(refused.body().get("status").asText()).isEqualTo("ERROR");
        assertThat(refused.body().get("error_message").asText()).contains("token_revoked").contains("Install the Tether app");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.get("/integrations/global/" + id).body().get("status").asText()).isEqualTo("ERROR"));

        STAND_IN.stubFor(post(urlEqualTo("/slack/api/auth.test")).withHeader("Authorization", equalTo("Bearer " + botToken))
                .willReturn(okJson("{\"ok\":true,\"team\":\"Acme\",\"user_id\":\"U123\"}")));
        Response recovered = admin.post("/integrations/global/" + id + "/verify", null);

        assertThat(recovered.body().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(eventsOf(id)).endsWith("GlobalIntegrationConnectedEvent", "GlobalIntegrationCredentialsRejectedEvent",
                "GlobalIntegrationCredentialsVerifiedEvent");
        STAND_IN.verify(3, postRequestedFor(urlEqualTo("/slack/api/auth.test"))
                .withHeader("Authorization", equalTo("Bearer " + botToken)));
    }

    @Test
    void gitHubClickUpAndLinear_areCheckedByAskingForTheAuthenticatedUser() {
        String github = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        String clickUp = "pk_" + UUID.randomUUID().toString().replace("-", "");
        String linear = "lin_api_" + UUID.randomUUID().toString().replace("-", "");
        STAND_IN.stubFor(get(urlEqualTo("/github/user")).withHeader("Authorization", equalTo("Bearer " + github))
                .willReturn(okJson("{\"login\":\"octocat\",\"id\":1}")));
        STAND_IN.stubFor(get(urlEqualTo("/clickup/api/v2/user")).withHeader("Authorization", equalTo(clickUp))
                .willReturn(okJson("{\"user\":{\"id\":123,\"username\":\"ops\"}}")));
        STAND_IN.stubFor(post(urlEqualTo("/linear/graphql")).withHeader("Authorization", equalTo(linear))
                .withRequestBody(equalToJson("{\"query\":\"{ viewer { id } }\"}"))
                .willReturn(okJson("{\"data\":{\"viewer\":{\"id\":\"2f1e\"}}}")));
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");

        for (String service : List.of("github:{\"token\":\"" + github + "\"}", "clickup:{\"api_token\":\"" + clickUp + "\"}",
                "linear:{\"api_key\":\"" + linear + "\"}")) {
            String[] parts = service.split(":", 2);
            String id = createService(admin, parts[0], parts[1], null, null);
            Response verified = admin.post("/integrations/global/" + id + "/verify", null);
            assertThat(verified.body().get("status").asText()).as(parts[0]).isEqualTo("CONNECTED");
        }
        STAND_IN.verify(getRequestedFor(urlEqualTo("/github/user")).withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));

        String wrong = "ghp_wrong" + UUID.randomUUID().toString().replace("-", "");
        STAND_IN.stubFor(get(urlEqualTo("/github/user")).withHeader("Authorization", equalTo("Bearer " + wrong))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Bad credentials\",\"status\":\"401\"}")));
        Response refused = admin.post("/integrations/global", "{\"service_name\":\"github\",\"project_id\":\""
                + UUID.randomUUID() + "\",\"credentials\":{\"token\":\"" + wrong + "\"}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("reason").asText()).contains("Bad credentials").doesNotContain(wrong);
    }

    @Test
    void aWorkerReadsAGlobalIntegrationsCredentials_everyReadOnRecord_andNoneAfterDeletion() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String botToken = "xoxb-worker-" + UUID.randomUUID();
        String id = createService(admin, "slack", "{\"bot_token\":\"" + botToken + "\"}",
                "{\"default_channel\":\"#alerts\"}", false);
        Api service = as(organization, "service");
        String path = "/integrations/global/" + id + "/credentials";

        Response read = service.post(path, "{\"purpose\":\"post the nightly report\"}");

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.header("Cache-Control")).contains("no-store");
        assertThat(read.body().get("credentials").get("bot_token").asText()).isEqualTo(botToken);
        assertThat(read.body().get("config").get("default_channel").asText()).isEqualTo("#alerts");
        assertThat(read.body().get("service_name").asText()).isEqualTo("slack");
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type LIKE '%GlobalIntegrationCredentialsReadEvent'", String.class, id);
        assertThat(payload).contains("post the nightly report").doesNotContain(botToken);

        assertThat(admin.post(path, "{\"purpose\":\"x\"}").status()).isEqualTo(403);
        assertThat(service.post(path, "{}").status()).isEqualTo(400);
        assertThat(as(UUID.randomUUID(), "service").post(path, "{\"purpose\":\"x\"}").status()).isEqualTo(404);
        assertThat(admin.delete("/integrations/global/" + id).status()).isEqualTo(204);
        assertThat(service.post(path, "{\"purpose\":\"x\"}").status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- helpers

    /** A new Amazon Ads account in the EU, connected with the refresh token, which Login with Amazon's stand-in accepts. */
    private static String connectedAdsAccount(Api admin, String refreshToken) {
        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|checked", 3600));
        String id = createAccount(admin, "ADS_API", "EU");
        Response connected = connect(admin, id, refreshToken);
        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        return id;
    }

    private static Response connect(Api admin, String accountId, String refreshToken) {
        return admin.post("/integrations/accounts/" + accountId + "/connect",
                "{\"credentials\":{\"refresh_token\":\"" + refreshToken + "\"}}");
    }

    /** Creates a global integration of the service with the credentials; asserts it was created. */
    private static String createService(Api admin, String serviceName, String credentials, String config, Boolean verify) {
        Response created = admin.post("/integrations/global", "{\"service_name\":\"" + serviceName + "\",\"project_id\":\""
                + UUID.randomUUID() + "\",\"credentials\":" + credentials + (config == null ? "" : ",\"config\":" + config)
                + (verify == null ? "" : ",\"verify\":" + verify) + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.body().get("code").asText()).isEqualTo("provider_unavailable");
        assertThat(response.header("Retry-After")).isNotBlank();
    }

    private static List<LoggedRequest> walmartTokenRequests(String basic) {
        return STAND_IN.findAll(postRequestedFor(urlEqualTo("/walmart/v3/token")).withHeader("Authorization", equalTo(basic)));
    }

    private Api as(UUID organization, String role) {
        return new Api(http, Tokens.forOrganization(organization, role));
    }
}
