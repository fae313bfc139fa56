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
