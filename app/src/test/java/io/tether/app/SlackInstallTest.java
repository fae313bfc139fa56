package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tether.app.Api.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slack's OAuth v2 app install for a Slack global integration, end to end on the embedded PostgreSQL, with
 * Slack's Web API played by a WireMock stand-in ({@link SlackStandIn}) that answers {@code oauth.v2.access} as
 * Slack documents it: HTTP 200 with {@code "ok": true}, the bot token, the team and the incoming webhook, or
 * {@code "ok": false} with an error code.
 */
class SlackInstallTest extends OAuthEndToEndTest {

    static final String SLACK_CLIENT_ID = "2141029472.691202649728";
    static final String SLACK_CLIENT_SECRET = "e1b9e11dfcd19c1982d5de12921e17e8";
    static final String SLACK_REDIRECT_URI = "https://tether.example.com/integrations/slack/callback";
    private static final String CALLBACK = "/integrations/slack/callback";
    private static final String ACCESS = "/api/oauth.v2.access";

    /**
     * Longer than the Amazon tests' 2 s: on a loaded machine an exchange can outlast that, and the deadline
     * then ends the install before its outcome is recorded.
     */
    private static final String INSTALL_LIFETIME = "8s";

    @DynamicPropertySource
    static void slackApp(DynamicPropertyRegistry registry) {
        registry.add("tether.amazon.oauth.state-lifetime", () -> INSTALL_LIFETIME);
        registry.add("tether.slack.client-id", () -> SLACK_CLIENT_ID);
        registry.add("tether.slack.client-secret", () -> SLACK_CLIENT_SECRET);
        registry.add("tether.slack.redirect-uri", () -> SLACK_REDIRECT_URI);
        registry.add("tether.providers.slack.base-url", SlackStandIn::apiBase);
    }

    @Test
    void authUrl_pointsAtSlacksAuthorizePage_withTheAppsClientIdScopesAndRedirect_andAStateKeptOnlyAsItsHash() throws Exception {
        Slack slack = newSlackIntegration();

        Install install = slack.authorize();

        URI url = install.url();
        assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo("https://slack.com/oauth/v2/authorize");
        assertThat(install.query()).containsEntry("client_id", SLACK_CLIENT_ID)
                .containsEntry("scope", "chat:write,incoming-webhook")
                .containsEntry("redirect_uri", SLACK_REDIRECT_URI)
                .doesNotContainKey("code_challenge");
        assertThat(install.state()).matches("[A-Za-z0-9_-]{43}");
        JsonNode body = install.response().body();
        assertThat(body.get("integration").get("id").asText()).isEqualTo(slack.id());
        assertThat(body.get("integration").get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(body.get("expires_at").asText()).isNotBlank();
        assertThat(eventsOf(slack.id())).containsExactly("GlobalIntegrationCreatedEvent", "GlobalIntegrationOAuthStartedEvent");
        String stateHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(install.state().getBytes(StandardCharsets.UTF_8)));
        assertThat(rowsContaining(stateHash)).isPositive();
        assertThat(GlobalIntegrations.tablesContaining(jdbc, install.state())).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theCallback_exchangesTheCode_sealsTheBotToken_connectsTheIntegration_andWorkersReadTheToken(CapturedOutput logs) {
        Slack slack = newSlackIntegration();
        Install install = slack.authorize();
        String code = newCode();
        String botToken = "xoxb-17653672481-" + UUID.randomUUID();
        String webhookUrl = "https://hooks.slack.com/services/T9TK3CUKW/B0123/" + UUID.randomUUID().toString().replace("-", "");
        accessAnswers(code, okJson(installed(botToken, webhookUrl)));

        Response page = redirect(CALLBACK, parameters("code", code, "state", install.state()));

        assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
        assertThat(page.rawBody()).contains("Slack connected").contains("\"type\":\"tether:slack-oauth\"")
                .contains("\"status\":\"success\"").contains("\"integration_id\":\"" + slack.id() + "\"")
                .doesNotContain(botToken).doesNotContain(code).doesNotContain(webhookUrl);
        List<LoggedRequest> exchanges = exchangesOf(code);
        assertThat(exchanges).hasSize(1);
        LoggedRequest exchange = exchanges.get(0);
        assertThat(exchange.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (SLACK_CLIENT_ID + ":" + SLACK_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(exchange.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(exchange.getBodyAsString()).contains("redirect_uri=" + encoded(SLACK_REDIRECT_URI))
                .doesNotContain(SLACK_CLIENT_SECRET);

        awaitIntegrationStatus(slack, "CONNECTED");
        assertThat(eventsOf(slack.id())).containsExactly("GlobalIntegrationCreatedEvent",
                "GlobalIntegrationOAuthStartedEvent", "GlobalIntegrationOAuthStateRedeemedEvent",
                "GlobalIntegrationConnectedEvent", "GlobalIntegrationOAuthCompletedEvent");
        assertThat(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE"
                + " aggregate_identifier = ? AND payload_type LIKE '%GlobalIntegrationOAuthCompletedEvent'", String.class,
                slack.id())).contains("T9TK3CUKW").contains("Slack Softball Team");

        Response read = slack.as("service").post("/integrations/global/" + slack.id() + "/credentials",
                "{\"purpose\":\"post the nightly report\"}");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode credentials = read.body().get("credentials");
        assertThat(credentials.get("bot_token").asText()).isEqualTo(botToken);
        assertThat(credentials.get("team_id").asText()).isEqualTo("T9TK3CUKW");
        assertThat(credentials.get("bot_user_id").asText()).isEqualTo("U0KRQLJ9H");
        assertThat(credentials.get("scope").asText()).isEqualTo("chat:write,incoming-webhook");
        assertThat(credentials.get("incoming_webhook_url").asText()).isEqualTo(webhookUrl);
        assertThat(credentials.get("incoming_webhook_channel").asText()).isEqualTo("#general");

        for (String secret : List.of(botToken, webhookUrl, code, install.state(), SLACK_CLIENT_SECRET)) {
            assertThat(GlobalIntegrations.tablesContaining(jdbc, secret)).as("tables holding a secret in plaintext").isEmpty();
            assertThat(logs.getAll()).as("the log").doesNotContain(secret);
        }
        assertThat(logs.getAll()).contains("GET /integrations/slack/callback");
    }

    @Test
    void aDeniedInstall_showsTheClearPage_isOnRecord_andTheIntegrationIsAsItWas() {
        Slack slack = newSlackIntegration();
        Install install = slack.authorize();

        Response page = redirect(CALLBACK, parameters("error", "access_denied", "state", install.state()));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.rawBody()).contains("Slack connection failed").contains("cancelled on Slack (access_denied)")
                .contains("\"status\":\"error\"").contains("\"integration_id\":\"" + slack.id() + "\"");
        assertThat(eventsOf(slack.id())).endsWith("GlobalIntegrationOAuthStateRedeemedEvent", "GlobalIntegrationOAuthFailedEvent");
        assertThat(slack.integration().get("status").asText()).isEqualTo("DISCONNECTED");
    }

    @Test
    void slacksRefusal_okFalse_showsTheClearPageWithSlacksCode_andNothingIsStored() {
        Slack slack = newSlackIntegration();
        Install install = slack.authorize();
        String code = newCode();
        accessAnswers(code, okJson("{\"ok\":false,\"error\":\"invalid_code\"}"));

        Response page = redirect(CALLBACK, parameters("code", code, "state", install.state()));

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.rawBody()).contains("Slack did not accept the authorization code (invalid_code)")
                .contains("Slack said: invalid_code").contains("\"status\":\"error\"");
        assertThat(exchangesOf(code)).hasSize(1);
        assertThat(eventsOf(slack.id())).endsWith("GlobalIntegrationOAuthFailedEvent")
                .doesNotContain("GlobalIntegrationConnectedEvent");
        assertThat(slack.integration().get("has_credentials").asBoolean()).isFalse();
        assertThat(GlobalIntegrations.tablesContaining(jdbc, code)).isEmpty();
    }

    @Test
    void anAppWithTokenRotation_failsTheInstall_sayingWhatToTurnOff_andKeepsNoToken() {
        Slack slack = newSlackIntegration();
        Install install = slack.authorize();
        String code = newCode();
        String expiring = "xoxe.xoxb-1-" + UUID.randomUUID();
        accessAnswers(code, okJson("{\"ok\":true,\"access_token\":\"" + expiring + "\",\"token_type\":\"bot\","
                + "\"scope\":\"chat:write\",\"expires_in\":43200,\"refresh_token\":\"xoxe-1-" + UUID.randomUUID()
                + "\",\"team\":{\"id\":\"T9TK3CUKW\",\"name\":\"Slack Softball Team\"}}"));

        Response page = redirect(CALLBACK, parameters("code", code, "state", install.state()));

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.rawBody()).contains("Slack connection failed").doesNotContain("Slack said")
                .doesNotContain(expiring);
        assertThat(eventsOf(slack.id())).endsWith("GlobalIntegrationOAuthFailedEvent");
        assertThat(GlobalIntegrations.tablesContaining(jdbc, expiring)).isEmpty();
    }

    @Test
    void slackDown_failsTheInstallWithThePage_andTheIntegrationKeepsItsCredentials() {
        Slack slack = newSlackIntegration();
        String first = connect(slack, "xoxb-first-" + UUID.randomUUID());
        Install again = slack.authorize();
        String code = newCode();
        accessAnswers(code, aResponse().withStatus(503));

        Response page = redirect(CALLBACK, parameters("code", code, "state", again.state()));

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.rawBody()).contains("could not reach Slack");
        assertThat(slack.integration().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(slack.as("service").post("/integrations/global/" + slack.id() + "/credentials",
                "{\"purpose\":\"check\"}").body().get("credentials").get("bot_token").asText()).isEqualTo(first);
    }

    @Test
    void aForgedState_isRefused_andNoCodeIsExchanged() {
        Slack slack = newSlackIntegration();
        slack.authorize();
        String code = newCode();
        accessAnswers(code, okJson(installed("xoxb-forged-" + UUID.randomUUID(), null)));

        Response page = redirect(CALLBACK, parameters("code", code, "state", "forged-" + UUID.randomUUID()));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.rawBody()).contains("not valid").contains("\"integration_id\":null");
        assertThat(exchangesOf(code)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM security_events WHERE kind = 'oauth_state_refused'"
                + " AND request_id = ?", Long.class, page.header("X-Request-Id"))).isEqualTo(1);
        assertThat(eventsOf(slack.id())).doesNotContain("GlobalIntegrationOAuthStateRedeemedEvent");
    }

    @Test
    void aReusedState_isRefused_andTheCodeIsExchangedOnlyOnce() {
        Slack slack = newSlackIntegration();
        Install install = slack.authorize();
        String code = newCode();
        accessAnswers(code, okJson(installed("xoxb-once-" + UUID.randomUUID(), null)));
        Map<String, String> redirect = parameters("code", code, "state", install.state());

        assertThat(redirect(CALLBACK, redirect).status()).isEqualTo(200);
        Response replay = redirect(CALLBACK, redirect);

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.rawBody()).contains("already used");
        assertThat(exchangesOf(code)).hasSize(1);
        assertThat(eventsOf(slack.id())).containsOnlyOnce("GlobalIntegrationOAuthCompletedEvent");
        assertThat(jdbc.queryForList("SELECT detail FROM security_events WHERE kind = 'oauth_state_refused'"
                + " AND aggregate_id = ?", String.class, slack.id())).containsExactly("state already used");
    }

    @Test
    void anAbandonedInstall_expiresByItsDeadline_andItsStateNoLongerWorks() {
        Slack slack = newSlackIntegration();
        Install install = slack.authorize();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(eventsOf(slack.id())).contains("GlobalIntegrationOAuthExpiredEvent"));
        String code = newCode();
        accessAnswers(code, okJson(installed("xoxb-late-" + UUID.randomUUID(), null)));
        Response late = redirect(CALLBACK, parameters("code", code, "state", install.state()));

        assertThat(late.status()).isEqualTo(400);
        assertThat(late.rawBody()).contains("not valid");
        assertThat(exchangesOf(code)).isEmpty();
        assertThat(eventsOf(slack.id())).containsExactly("GlobalIntegrationCreatedEvent",
                "GlobalIntegrationOAuthStartedEvent", "GlobalIntegrationOAuthExpiredEvent");
        assertThat(slack.integration().get("status").asText()).isEqualTo("DISCONNECTED");
    }

    @Test
    void aSlackState_isBoundToItsOrganization_andToSlacksCallback() {
        Slack slack = newSlackIntegration();
        Response foreign = newOrganization().get("/integrations/slack/auth-url?integrationId=" + slack.id());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().get("code").asText()).isEqualTo("global_integration_not_found");

        Install install = slack.authorize();
        String code = newCode();
        accessAnswers(code, okJson(installed("xoxb-elsewhere-" + UUID.randomUUID(), null)));
        Response atAmazonsCallback = redirect("/integrations/ads/callback", parameters("code", code, "state", install.state()));

        assertThat(atAmazonsCallback.status()).isEqualTo(400);
        assertThat(exchangesOf(code)).isEmpty();
        assertThat(eventsOf(slack.id())).doesNotContain("GlobalIntegrationOAuthStateRedeemedEvent");
    }

    @Test
    void authUrl_forAnIntegrationOfAServiceThatConnectsWithCredentials_isRefused() {
        Api api = newOrganization();
        Response linear = api.post(GlobalIntegrations.PATH, GlobalIntegrations.service("linear", null));
        assertThat(linear.status()).as(linear.toString()).isEqualTo(201);

        Response refused = api.get("/integrations/slack/auth-url?integrationId=" + linear.body().get("id").asText());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("oauth_flow_mismatch");
    }

    @Test
    void theInstallsOutcomes_areNoticed_withTheGlobalIntegrationAsTheResource() throws Exception {
        Slack slack;
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            UUID organization = UUID.randomUUID();
            Api admin = new Api(http, Tokens.forOrganization(organization));
            Response endpoint = admin.post("/integrations/webhook-endpoints", "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
            Response created = admin.post(GlobalIntegrations.PATH, GlobalIntegrations.service("slack", null));
            slack = new Slack(organization, http, created.body().get("id").asText());
            String botToken = connect(slack, "xoxb-noticed-" + UUID.randomUUID());
            Install denied = slack.authorize();
            assertThat(redirect(CALLBACK, parameters("error", "access_denied", "state", denied.state())).status())
                    .isEqualTo(400);

            List<String> expected = List.of("global_integration.created", "global_integration.connected",
                    "oauth.completed", "oauth.failed");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().size() >= expected.size());
            assertThat(receiver.delivered()).extracting(NoticeReceiver.Received::type).containsExactlyElementsOf(expected);
            for (NoticeReceiver.Received notice : receiver.delivered()) {
                assertThat(NoticesTest.NOTICE_SCHEMA.validate(notice.json())).as(notice.body()).isEmpty();
                assertThat(notice.body()).doesNotContain(botToken).doesNotContain(denied.state());
            }
            NoticeReceiver.Received completed = receiver.delivered().get(2);
            assertThat(completed.json().at("/data/resource_type").asText()).isEqualTo("global_integration");
            assertThat(completed.json().at("/data/resource_id").asText()).isEqualTo(slack.id());
            assertThat(completed.json().at("/data/global_integration/status").asText()).isEqualTo("CONNECTED");
            assertThat(receiver.delivered().get(3).json().at("/data/global_integration/status").asText())
                    .isEqualTo("CONNECTED");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Slack's documented oauth.v2.access answer, with this bot token and, unless null, this incoming webhook. */
    private static String installed(String botToken, String webhookUrl) {
        return """
                {"ok":true,"access_token":"%s","token_type":"bot","scope":"chat:write,incoming-webhook",
                 "bot_user_id":"U0KRQLJ9H","app_id":"A0KRD7HC3",
                 "team":{"name":"Slack Softball Team","id":"T9TK3CUKW"},"enterprise":null,
                 "authed_user":{"id":"U1234"}%s}""".formatted(botToken, webhookUrl == null ? "" : """
                ,"incoming_webhook":{"channel":"#general","channel_id":"C012AB3CD","configuration_url":
                 "https://teamname.slack.com/services/B0123","url":"%s"}""".formatted(webhookUrl));
    }

    private static void accessAnswers(String code, ResponseDefinitionBuilder response) {
        SlackStandIn.SLACK.stubFor(post(urlEqualTo(ACCESS)).withRequestBody(containing("code=" + code)).willReturn(response));
    }

    private static List<LoggedRequest> exchangesOf(String code) {
        return SlackStandIn.SLACK.findAll(postRequestedFor(urlEqualTo(ACCESS))
                .withRequestBody(containing("code=" + code)));
    }

    private Slack newSlackIntegration() {
        UUID organization = UUID.randomUUID();
        Api admin = new Api(http, Tokens.forOrganization(organization));
        Response created = admin.post(GlobalIntegrations.PATH, GlobalIntegrations.service("slack", null));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Slack(organization, http, created.body().get("id").asText());
    }

    /** Installs Slack for the integration with this bot token, as the tests above do; answers the token. */
    private String connect(Slack slack, String botToken) {
        Install install = slack.authorize();
        String code = newCode();
        accessAnswers(code, okJson(installed(botToken, null)));
        assertThat(redirect(CALLBACK, parameters("code", code, "state", install.state())).status()).isEqualTo(200);
        awaitIntegrationStatus(slack, "CONNECTED");
        return botToken;
    }

    private void awaitIntegrationStatus(Slack slack, String status) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(slack.integration().get("status").asText()).isEqualTo(status));
    }

    private record Slack(UUID organization, TestRestTemplate http, String id) {

        Api as(String role) {
            return new Api(http, Tokens.forOrganization(organization, role));
        }

        Install authorize() {
            Response response = as("admin").get("/integrations/slack/auth-url?integrationId=" + id);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            URI url = URI.create(response.body().get("authorization_url").asText());
            return new Install(response, url, queryOf(url));
        }

        /** The integration as the read model shows it, once it shows it at all. */
        JsonNode integration() {
            Api admin = as("admin");
            return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.get(GlobalIntegrations.PATH + "/" + id), found -> found.status() == 200).body();
        }
    }

    private record Install(Response response, URI url, Map<String, String> query) {

        String state() {
            return query.get("state");
        }
    }
}
