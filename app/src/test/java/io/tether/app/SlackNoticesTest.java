package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tether.app.Api.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A connected Slack integration as a notice channel, with Slack's Web API played by {@link SlackStandIn}. */
class SlackNoticesTest extends EndToEndTest {

    private static final String ENDPOINTS = "/integrations/webhook-endpoints";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void aConnectedSlackIntegration_postsAShortMessagePerNotice_withItsBotToken() throws Exception {
        Api api = newOrganization();
        String botToken = "xoxb-" + UUID.randomUUID();
        String channel = "#alerts-" + UUID.randomUUID();
        String endpointId = registerSlack(api, botToken, channel, "[\"account.error\"]");

        String accountId = api.post("/integrations/accounts", adsAccount("Slacked")).body().get("id").asText();
        api.post("/integrations/accounts/" + accountId + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|slacked\"}}");
        api.post("/integrations/accounts/" + accountId + "/mark-failed", "{\"error_message\":\"Amazon refused the <token>\"}");

        await().atMost(PATIENCE).until(() -> postsTo(channel).size() == 1);
        LoggedRequest posted = postsTo(channel).get(0);
        assertThat(posted.getHeader("Authorization")).isEqualTo("Bearer " + botToken);
        JsonNode message = new ObjectMapper().readTree(posted.getBodyAsString());
        assertThat(message.get("channel").asText()).isEqualTo(channel);
        assertThat(message.get("text").asText()).contains("account.error", "Slacked", "ERROR", "Amazon refused the &lt;token&gt;")
                .doesNotContain(botToken);
        await().atMost(PATIENCE).until(() -> api.get(ENDPOINTS + "/" + endpointId + "/deliveries").body().get("items").get(0)
                .get("state").asText().equals("DELIVERED"));
        assertThat(api.get(ENDPOINTS + "/" + endpointId).body().get("channel").asText()).isEqualTo("slack");
    }

    @Test
    void slacksRefusal_isAFailedAttempt_recordedWithSlacksError() {
        Api api = newOrganization();
        String endpointId = registerSlack(api, "xoxb-" + UUID.randomUUID(), SlackStandIn.MISSING_CHANNEL, "[\"account.created\"]");

        api.post("/integrations/accounts", adsAccount("Refused by Slack"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.get(ENDPOINTS + "/" + endpointId + "/attempts").body()
                .get("items")).isNotEmpty().allSatisfy(attempt ->
                        assertThat(attempt.get("error").asText()).isEqualTo("Slack refused: channel_not_found")));
    }

    @Test
    void aSlackEndpoint_needsTheOrganizationsOwnConnectedSlackIntegration() {
        Api api = newOrganization();
        Response refused = api.post(ENDPOINTS, "{\"slack\":{\"integration_id\":\"" + UUID.randomUUID()
                + "\",\"channel\":\"#ops\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("slack.integration_id");
    }

    @Test
    void aSlackIntegrationsIncomingWebhook_receivesTheSameShortMessage_andItsUrlIsNowhereInPlaintext() throws Exception {
        Api api = newOrganization();
        String hookPath = "/services/T0" + UUID.randomUUID().toString().substring(0, 8) + "/B0" + UUID.randomUUID().toString()
                .substring(0, 8) + "/" + UUID.randomUUID().toString().replace("-", "");
        String integrationId = createSlack(api, "https://hooks.slack.com" + hookPath);
        Response endpoint = await().atMost(PATIENCE).until(() -> api.post(ENDPOINTS, "{\"slack\":{\"integration_id\":\""
                + integrationId + "\",\"delivery\":\"incoming_webhook\"},\"notice_types\":[\"account.error\"]}"),
                response -> response.status() == 201);
        assertThat(endpoint.body().get("slack").get("delivery").asText()).isEqualTo("incoming_webhook");
        assertThat(endpoint.body().get("slack").get("channel").isNull()).isTrue();
        String endpointId = endpoint.body().get("id").asText();

        String accountId = api.post("/integrations/accounts", adsAccount("Hooked")).body().get("id").asText();
        api.post("/integrations/accounts/" + accountId + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|hooked\"}}");
        api.post("/integrations/accounts/" + accountId + "/mark-failed", "{\"error_message\":\"Amazon refused the token\"}");

        await().atMost(PATIENCE).until(() -> SlackStandIn.SLACK.findAll(postRequestedFor(urlEqualTo(hookPath))).size() == 1);
        JsonNode message = new ObjectMapper().readTree(SlackStandIn.SLACK.findAll(postRequestedFor(urlEqualTo(hookPath))).get(0)
                .getBodyAsString());
        assertThat(message.fieldNames()).toIterable().containsExactly("text");
        assertThat(message.get("text").asText()).contains("account.error", "Hooked", "ERROR", "Amazon refused the token");
        await().atMost(PATIENCE).until(() -> api.get(ENDPOINTS + "/" + endpointId + "/deliveries").body().get("items").get(0)
                .get("state").asText().equals("DELIVERED"));
        assertThat(GlobalIntegrations.tablesContaining(jdbc, hookPath.substring(hookPath.lastIndexOf('/') + 1)))
                .as("tables holding the webhook URL's secret part in plaintext").isEmpty();
    }

    @Test
    void anIncomingWebhookEndpoint_needsAnIntegrationHoldingItsUrl_andTakesNoChannel() {
        Api api = newOrganization();
        String withoutHook = createSlack(api, null);
        Response refused = await().atMost(PATIENCE).until(() -> api.post(ENDPOINTS, "{\"slack\":{\"integration_id\":\""
                + withoutHook + "\",\"delivery\":\"incoming_webhook\"}}"), response -> response.status() != 400
                || !response.body().get("errors").get(0).get("field").asText().equals("slack.integration_id"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("slack.delivery");

        Api another = newOrganization();
        String withHook = createSlack(another, "https://hooks.slack.com/services/T1/B1/x" + UUID.randomUUID().toString().substring(0, 8));
        Response withChannel = another.post(ENDPOINTS, "{\"slack\":{\"integration_id\":\"" + withHook
                + "\",\"delivery\":\"incoming_webhook\",\"channel\":\"#ops\"}}");
        assertThat(withChannel.status()).isEqualTo(400);
        assertThat(withChannel.body().get("errors").findValuesAsText("field")).contains("slack.channel");
        Response unknownDelivery = another.post(ENDPOINTS, "{\"slack\":{\"integration_id\":\"" + withHook
                + "\",\"delivery\":\"carrier_pigeon\",\"channel\":\"#ops\"}}");
        assertThat(unknownDelivery.status()).isEqualTo(400);
        assertThat(unknownDelivery.body().get("errors").findValuesAsText("field")).contains("slack.delivery");
    }

    @Test
    void anIncomingWebhookOfAnArchivedChannel_answering410_disablesTheEndpoint() {
        Api api = newOrganization();
        String integrationId = createSlack(api, "https://hooks.slack.com/services/T2/B2/" + SlackStandIn.ARCHIVED_HOOK);
        String endpointId = await().atMost(PATIENCE).until(() -> api.post(ENDPOINTS, "{\"slack\":{\"integration_id\":\""
                + integrationId + "\",\"delivery\":\"incoming_webhook\"},\"notice_types\":[\"account.created\"]}"),
                response -> response.status() == 201).body().get("id").asText();

        api.post("/integrations/accounts", adsAccount("Archived"));

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode disabled = api.get(ENDPOINTS + "/" + endpointId).body();
            assertThat(disabled.get("enabled").asBoolean()).isFalse();
            assertThat(disabled.get("disabled_reason").asText()).contains("410");
        });
    }

    /** A connected Slack integration, with an incoming-webhook URL in its credentials unless null; its id. */
    private static String createSlack(Api api, String incomingWebhookUrl) {
        Response created = api.post(GlobalIntegrations.PATH, "{\"service_name\":\"slack\",\"credentials\":{\"bot_token\":\"xoxb-"
                + UUID.randomUUID() + "\"" + (incomingWebhookUrl == null ? "" : ",\"incoming_webhook_url\":\"" + incomingWebhookUrl + "\"")
                + "}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    /** The notices processor learns of the connection just after it: the registration is accepted once it has. */
    private String registerSlack(Api api, String botToken, String channel, String noticeTypes) {
        Response slack = api.post(GlobalIntegrations.PATH, GlobalIntegrations.slack(botToken));
        assertThat(slack.status()).isEqualTo(201);
        String body = "{\"slack\":{\"integration_id\":\"" + slack.body().get("id").asText() + "\",\"channel\":\"" + channel
                + "\"},\"notice_types\":" + noticeTypes + "}";
        Response endpoint = await().atMost(PATIENCE).until(() -> api.post(ENDPOINTS, body), response -> response.status() == 201);
        assertThat(endpoint.body().get("signing_secret").isNull()).isTrue();
        return endpoint.body().get("id").asText();
    }

    private static List<LoggedRequest> postsTo(String channel) {
        return SlackStandIn.SLACK.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing(channel)));
    }
}
