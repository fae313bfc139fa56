package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.tether.app.Api.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Stored credentials checked again without anyone asking: here every 5 seconds, against a Slack **stand-in**
 * (WireMock, speaking Slack's {@code auth.test}).
 */
@TestPropertySource(properties = {
        "tether.providers.reverify.enabled=true",
        "tether.providers.reverify.interval=5s"})
class PeriodicRecheckTest extends OAuthEndToEndTest {

    static final WireMockServer SLACK = new WireMockServer(options().dynamicPort());

    static {
        SLACK.start();
    }

    @DynamicPropertySource
    static void slackStandIn(DynamicPropertyRegistry registry) {
        registry.add("tether.providers.slack.base-url", () -> SLACK.baseUrl() + "/api");
    }

    @Test
    void aRevokedToken_isFoundByThePeriodicCheck_andItsRecoveryToo_bothAttributedToTheCheck() {
        String botToken = "xoxb-periodic-" + UUID.randomUUID();
        slackAnswers(botToken, "{\"ok\":false,\"error\":\"token_revoked\"}");
        Api admin = newOrganization();
        Response created = admin.post("/integrations/global", "{\"service_name\":\"slack\",\"project_id\":\""
                + UUID.randomUUID() + "\",\"credentials\":{\"bot_token\":\"" + botToken + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.body().get("id").asText();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(admin.get("/integrations/global/" + id).body().get("status").asText()).isEqualTo("ERROR"));
        assertThat(admin.get("/integrations/global/" + id).body().get("error_message").asText()).contains("token_revoked");

        slackAnswers(botToken, "{\"ok\":true,\"team\":\"Acme\"}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(admin.get("/integrations/global/" + id).body().get("status").asText()).isEqualTo("CONNECTED"));

        assertThat(eventsOf(id)).containsSubsequence("GlobalIntegrationCredentialsRejectedEvent",
                "GlobalIntegrationCredentialsVerifiedEvent");
        assertThat(eventsOf(id).stream().filter("GlobalIntegrationCredentialsRejectedEvent"::equals)).hasSize(1);
        assertThat(jdbc.queryForList("SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type LIKE '%GlobalIntegrationCredentials%'", String.class, id))
                .containsOnly("tether:credential-check");
    }

    private static void slackAnswers(String botToken, String body) {
        SLACK.stubFor(post(urlEqualTo("/api/auth.test")).withHeader("Authorization", equalTo("Bearer " + botToken))
                .willReturn(okJson(body)));
    }
}
