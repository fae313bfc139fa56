package io.tether.app;

import static io.tether.app.GlobalIntegrations.PATH;
import static io.tether.app.GlobalIntegrations.deliver;
import static io.tether.app.GlobalIntegrations.patch;
import static io.tether.app.GlobalIntegrations.randomAlphanumeric;
import static io.tether.app.WebhookSender.newDeliveryId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tether.app.Api.Response;
import io.tether.app.WebhookSender.Integration;
import io.tether.command.global.WebhookDeliveries;
import io.tether.command.global.WebhookRejections;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Incoming webhooks, as each provider sends them: no bearer token, the provider's own headers and
 * signature made with the integration's webhook secret. Every refusal is a problem response, counted by
 * reason; an accepted body is kept sealed for a while, for workers to fetch.
 */
class WebhookDeliveryTest extends EndToEndTest {

    private static final String REJECTED = "tether.webhooks.rejected";

    @Autowired
    MeterRegistry meters;

    @Autowired
    WebhookDeliveries deliveries;

    @ParameterizedTest
    @EnumSource(WebhookSender.class)
    void aDeliverySignedAsItsProviderSigns_isAccepted_recordedByIdDigestAndType_andItsBodyKeptSealed(WebhookSender sender)
            throws Exception {
        UUID organization = UUID.randomUUID();
        Integration integration = sender.create(as(organization, "admin"));
        String deliveryId = newDeliveryId();
        Instant now = Instant.now();
        String body = sender.body(deliveryId, now);
        double acceptedBefore = acceptedCount();

        Response accepted = deliver(anonymous(), integration.id(),
                sender.headers(integration.secret(), deliveryId, now, body), body);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(acceptedCount()).isEqualTo(acceptedBefore + 1);
        String expectedId = sender.expectedDeliveryId(deliveryId, body);
        assertThat(accepted.body().get("delivery_id").asText()).isEqualTo(expectedId);
        assertThat(accepted.body().get("type").asText()).isEqualTo(sender.type);
        assertThat(accepted.body().get("body_sha256").asText()).isEqualTo(WebhookSender.sha256(body));
        JsonNode recorded = new ObjectMapper().readTree(jdbc.queryForObject("""
                        SELECT convert_from(payload, 'UTF8') FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND payload_type = 'io.tether.api.global.WebhookDeliveryReceivedEvent'""",
                String.class, integration.id()));
        assertThat(recorded.get("deliveryId").asText()).isEqualTo(expectedId);
        assertThat(recorded.get("type").asText()).isEqualTo(sender.type);
        assertThat(recorded.get("bodySha256").asText()).isEqualTo(WebhookSender.sha256(body));
        String sealedBody = jdbc.queryForObject("SELECT sealed_body FROM webhook_deliveries WHERE integration_id = ?",
                String.class, UUID.fromString(integration.id()));
        assertThat(sealedBody).as("the body is kept sealed").startsWith("local:v").doesNotContain(sender.type);

        Response fetched = as(organization, "service").get(PATH + "/" + integration.id() + "/webhooks/deliveries/" + expectedId);

        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        assertThat(fetched.header("Cache-Control")).contains("no-store");
        assertThat(new String(Base64.getDecoder().decode(fetched.body().get("body_base64").asText()), StandardCharsets.UTF_8))
                .isEqualTo(body);
        assertThat(fetched.body().get("type").asText()).isEqualTo(sender.type);
        assertThat(Duration.between(Instant.parse(fetched.body().get("received_at").asText()),
                Instant.parse(fetched.body().get("body_expires_at").asText()))).isEqualTo(Duration.ofHours(72));
        assertThat(jdbc.queryForObject("""
                        SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?
                        AND payload_type = 'io.tether.api.global.WebhookDeliveryBodyReadEvent'""",
                Long.class, integration.id())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(WebhookSender.class)
    void aDeliverySignedWithAnotherSecret_orWhoseBodyWasAltered_orUnsigned_isUnauthorized_andCounted(WebhookSender sender) {
        Integration integration = sender.create(newOrganization());
        Instant now = Instant.now();
        String deliveryId = newDeliveryId();
        String body = sender.body(deliveryId, now);
        String otherSecret = sender.create(newOrganization()).secret();
        double before = rejected("bad_signature");

        List<Response> attempts = List.of(
                deliver(anonymous(), integration.id(), sender.headers(otherSecret, deliveryId, now, body), body),
                deliver(anonymous(), integration.id(), sender.headers(integration.secret(), deliveryId, now, body),
                        body.replace(deliveryId, newDeliveryId())),
                deliver(anonymous(), integration.id(), Map.of(), body));

        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.status()).as(attempt.toString()).isEqualTo(401);
            assertThat(attempt.header("Content-Type")).startsWith("application/problem+json");
            assertThat(attempt.body().get("code").asText()).isEqualTo("invalid_signature");
        });
        assertThat(rejected("bad_signature") - before).isEqualTo(3);
        assertThat(eventsCausedBy(attempts.toArray(Response[]::new))).isZero();
    }

    @ParameterizedTest
    @EnumSource(WebhookSender.class)
    void aReplayedDelivery_isAConflict_andCounted(WebhookSender sender) {
        Integration integration = sender.create(newOrganization());
        Instant now = Instant.now();
        String deliveryId = newDeliveryId();
        String body = sender.body(deliveryId, now);
        Map<String, String> headers = sender.headers(integration.secret(), deliveryId, now, body);
        assertThat(deliver(anonymous(), integration.id(), headers, body).status()).isEqualTo(202);
        double before = rejected("replayed");

        Response replayed = deliver(anonymous(), integration.id(), headers, body);

        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.body().get("code").asText()).isEqualTo("replayed_delivery");
        assertThat(rejected("replayed") - before).isEqualTo(1);
        assertThat(eventsCausedBy(replayed)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = WebhookSender.class, names = {"SLACK", "LINEAR", "GENERIC"})
    void aDeliverySignedLongerAgoThanItsProviderAllows_isStale_andCounted(WebhookSender sender) {
        Integration integration = sender.create(newOrganization());
        Instant sixMinutesAgo = Instant.now().minus(Duration.ofMinutes(6));
        String deliveryId = newDeliveryId();
        String body = sender.body(deliveryId, sixMinutesAgo);
        double before = rejected("stale_timestamp");

        Response stale = deliver(anonymous(), integration.id(),
                sender.headers(integration.secret(), deliveryId, sixMinutesAgo, body), body);

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stale.body().get("code").asText()).isEqualTo("stale_delivery");
        assertThat(rejected("stale_timestamp") - before).isEqualTo(1);
        assertThat(eventsCausedBy(stale)).isZero();
    }

    @Test
    void aLinearDeliveryMoreThanAMinuteOld_isStale() {
        Integration integration = WebhookSender.LINEAR.create(newOrganization());
        Instant twoMinutesAgo = Instant.now().minus(Duration.ofMinutes(2));
        String body = WebhookSender.LINEAR.body("lin-1", twoMinutesAgo);

        Response stale = deliver(anonymous(), integration.id(),
                WebhookSender.LINEAR.headers(integration.secret(), "lin-1", twoMinutesAgo, body), body);

        assertThat(stale.body().get("code").asText()).isEqualTo("stale_delivery");
    }

    @Test
    void slacksUrlVerification_isAnsweredWithItsChallenge_andRecordsNothing() {
        Integration integration = WebhookSender.SLACK.create(newOrganization());
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}";

        Response answered = deliver(anonymous(), integration.id(),
                WebhookSender.SLACK.headers(integration.secret(), null, Instant.now(), body), body);

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo(new ObjectMapper().createObjectNode()
                .put("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        assertThat(eventsCausedBy(answered)).isZero();
    }

    @Test
    void aSlackSlashCommand_formEncoded_isVerifiedOnItsRawBytes() {
        Integration integration = WebhookSender.SLACK.create(newOrganization());
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fwebhook-collect&text=";
        Map<String, String> headers = new HashMap<>(WebhookSender.SLACK.headers(integration.secret(), null, Instant.now(), body));
        headers.put("Content-Type", "application/x-www-form-urlencoded");

        Response accepted = deliver(anonymous(), integration.id(), headers, body);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.body().get("type").asText()).isEqualTo("slash_command");
    }

    @Test
    void aWellSignedDeliveryWithoutTheDeliveryIdItsProviderAlwaysSends_isABadRequest() {
        Integration integration = WebhookSender.GITHUB.create(newOrganization());
        String body = "{\"zen\":\"Keep it logically awesome.\"}";
        Map<String, String> headers = new HashMap<>(WebhookSender.GITHUB.headers(integration.secret(), "x", Instant.now(), body));
        headers.remove("X-GitHub-Delivery");
        double before = rejected("malformed");

        Response missingId = deliver(anonymous(), integration.id(), headers, body);

        assertThat(missingId.status()).isEqualTo(400);
        assertThat(missingId.body().get("errors").findValuesAsText("field")).containsExactly("X-GitHub-Delivery");
        assertThat(rejected("malformed") - before).isEqualTo(1);
        assertThat(eventsCausedBy(missingId)).isZero();
    }

    @Test
    void aKeptBody_isDeletedOnceItsRetentionIsOver_whileTheDeliveryStaysRefusedAsAReplay() {
        UUID organization = UUID.randomUUID();
        Integration integration = WebhookSender.GITHUB.create(as(organization, "admin"));
        Instant now = Instant.now();
        String body = WebhookSender.GITHUB.body("gh-expiring", now);
        Map<String, String> headers = WebhookSender.GITHUB.headers(integration.secret(), "gh-expiring", now, body);
        assertThat(deliver(anonymous(), integration.id(), headers, body).status()).isEqualTo(202);
        String path = PATH + "/" + integration.id() + "/webhooks/deliveries/gh-expiring";
        assertThat(as(organization, "service").get(path).status()).isEqualTo(200);

        assertThat(deliveries.forgetBodiesExpiredBy(now.plus(Duration.ofHours(73)))).isPositive();

        Response gone = as(organization, "service").get(path);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.body().get("code").asText()).isEqualTo("webhook_body_expired");
        assertThat(deliver(anonymous(), integration.id(), headers, body).status()).isEqualTo(409);
    }

    @Test
    void aKeptBody_isForTheOrganizationsWorkersOnly() {
        UUID organization = UUID.randomUUID();
        Integration integration = WebhookSender.GITHUB.create(as(organization, "admin"));
        Instant now = Instant.now();
        String body = WebhookSender.GITHUB.body("gh-private", now);
        assertThat(deliver(anonymous(), integration.id(),
                WebhookSender.GITHUB.headers(integration.secret(), "gh-private", now, body), body).status()).isEqualTo(202);
        String path = PATH + "/" + integration.id() + "/webhooks/deliveries/gh-private";

        assertThat(as(organization, "admin").get(path).status()).isEqualTo(403);
        assertThat(anonymous().get(path).status()).isEqualTo(401);
        assertThat(as(UUID.randomUUID(), "service").get(path).body().get("code").asText())
                .isEqualTo("global_integration_not_found");
        assertThat(as(organization, "service").get(PATH + "/" + integration.id() + "/webhooks/deliveries/gh-never")
                .body().get("code").asText()).isEqualTo("webhook_delivery_not_found");
    }

    @Test
    void aDeliveryLargerThanOneMebibyte_isRefusedUnread() {
        Integration integration = WebhookSender.GITHUB.create(newOrganization());
        double before = rejected("too_large");
        String body = "\"" + "x".repeat(1024 * 1024) + "\"";

        Response tooLarge = deliver(anonymous(), integration.id(),
                WebhookSender.GITHUB.headers(integration.secret(), "gh-large", Instant.now(), body), body);

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().get("code").asText()).isEqualTo("payload_too_large");
        assertThat(rejected("too_large") - before).isEqualTo(1);
    }

    /** The webhook bound (1 MiB), not the API's 64 KiB, however the sender spells the path. */
    @Test
    void aDeliveryAboveTheApisBodyLimit_isTakenUpToTheWebhookBound_whateverThePathsEncoding() throws Exception {
        Integration integration = WebhookSender.GITHUB.create(newOrganization());
        for (String path : List.of("/webhooks", "/webhook%73")) {
            String body = "\"" + path + "x".repeat(200 * 1024) + "\"";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.getRootUri() + PATH + "/" + integration.id() + path))
                    .header("Content-Type", "application/json");
            WebhookSender.GITHUB.headers(integration.secret(), "big" + path.length(), Instant.now(), body)
                    .forEach(request::header);
            // As sent, escapes and all (the test's REST template would escape the percent sign again).
            HttpResponse<String> accepted = HttpClient.newHttpClient().send(
                    request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(accepted.statusCode()).as(path + ": " + accepted.body()).isEqualTo(202);
        }
    }

    @Test
    void aRefusedDelivery_isOnRecordForTheOrganizationsAuditors() {
        UUID organization = UUID.randomUUID();
        Integration integration = WebhookSender.GITHUB.create(as(organization, "admin"));
        String body = "{}";
        Map<String, String> forgedHeaders = new HashMap<>(WebhookSender.GITHUB.headers("not-the-secret", "gh-forged",
                Instant.now(), body));
        forgedHeaders.put("User-Agent", "mallory/1.0");

        Response forged = deliver(anonymous(), integration.id(), forgedHeaders, body);

        assertThat(forged.status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var recorded = as(organization, "auditor").get("/audit/security-events").body();
            assertThat(recorded.findValuesAsText("kind")).contains("webhook_rejected");
            assertThat(recorded.get(0).get("aggregate_id").asText()).isEqualTo(integration.id());
            assertThat(recorded.get(0).get("user_agent").asText()).isEqualTo("mallory/1.0");
            assertThat(recorded.get(0).get("request_id").asText()).isEqualTo(forged.header("X-Request-Id"));
        });
        assertThat(as(UUID.randomUUID(), "auditor").get("/audit/security-events").body()).isEmpty();
    }

    @Test
    void aDeliveryToADisabledIntegration_isForbidden_untilItIsEnabledAgain() {
        Api api = newOrganization();
        Integration integration = WebhookSender.GITHUB.create(api);
        assertThat(patch(api, integration.id(), "{\"enabled\":false}").status()).isEqualTo(200);
        String body = "{\"n\":1}";
        Map<String, String> headers = WebhookSender.GITHUB.headers(integration.secret(), "gh-disabled", Instant.now(), body);
        double before = rejected("disabled");

        Response refused = deliver(anonymous(), integration.id(), headers, body);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("code").asText()).isEqualTo("integration_disabled");
        assertThat(rejected("disabled") - before).isEqualTo(1);
        assertThat(eventsCausedBy(refused)).isZero();
        assertThat(patch(api, integration.id(), "{\"enabled\":true}").status()).isEqualTo(200);
        assertThat(deliver(anonymous(), integration.id(), headers, body).status()).isEqualTo(202);
    }

    @Test
    void aRotatedSecret_signsFromNowOn_andTheOldOneNoLonger_whetherTetherMadeItOrTheProviderIssuedIt() {
        Api api = newOrganization();
        Integration github = WebhookSender.GITHUB.create(api);
        String generated = api.post(PATH + "/" + github.id() + "/webhook-secret", null).body().get("webhook_secret").asText();
        Integration slack = WebhookSender.SLACK.create(api);
        String entered = randomAlphanumeric(32);
        Response rotated = api.post(PATH + "/" + slack.id() + "/webhook-secret", "{\"webhook_secret\":\"" + entered + "\"}");
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body().get("webhook_secret").isNull()).isTrue();

        assertSignsFromNowOn(WebhookSender.GITHUB, github, generated);
        assertSignsFromNowOn(WebhookSender.SLACK, slack, entered);
    }

    private void assertSignsFromNowOn(WebhookSender sender, Integration integration, String newSecret) {
        String deliveryId = newDeliveryId();
        String body = sender.body(deliveryId, Instant.now());
        assertThat(deliver(anonymous(), integration.id(), sender.headers(integration.secret(), deliveryId, Instant.now(), body),
                body).status()).as("signed with the old secret").isEqualTo(401);
        assertThat(deliver(anonymous(), integration.id(), sender.headers(newSecret, deliveryId, Instant.now(), body),
                body).status()).as("signed with the new secret").isEqualTo(202);
    }

    @Test
    void aSlackIntegrationWithoutItsSigningSecret_refusesEveryDelivery_untilAnAdminEntersIt() {
        Api api = newOrganization();
        Response created = api.post(PATH, "{\"service_name\":\"slack\"}");
        String id = created.body().get("id").asText();
        String body = WebhookSender.SLACK.body("EvNoSecret1", Instant.now());

        assertThat(created.body().get("webhook_secret").isNull()).isTrue();
        assertThat(deliver(anonymous(), id, WebhookSender.SLACK.headers(randomAlphanumeric(32), "EvNoSecret1", Instant.now(), body), body)
                .status()).isEqualTo(401);
        assertThat(api.post(PATH + "/" + id + "/webhook-secret", null).body().get("errors").findValuesAsText("field"))
                .containsExactly("webhook_secret");
    }

    @Test
    void aDeliveryToAnUnknownOrDeletedIntegration_isNotFound_andCounted() {
        Api api = newOrganization();
        Integration integration = WebhookSender.GITHUB.create(api);
        assertThat(api.delete(PATH + "/" + integration.id()).status()).isEqualTo(204);
        String accountId = api.post("/integrations/accounts", adsAccount("Not a webhook target")).body().get("id").asText();
        String body = "{}";
        Map<String, String> headers = WebhookSender.GITHUB.headers(integration.secret(), "gh-gone", Instant.now(), body);
        double before = rejected("unknown_integration");

        List<Response> attempts = List.of(
                deliver(anonymous(), integration.id(), headers, body),
                deliver(anonymous(), UUID.randomUUID().toString(), headers, body),
                deliver(anonymous(), accountId, headers, body));

        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.status()).isEqualTo(404);
            assertThat(attempt.body().get("code").asText()).isEqualTo("global_integration_not_found");
        });
        assertThat(rejected("unknown_integration") - before).isEqualTo(3);
    }

    @Test
    void everyOtherEndpointOfAGlobalIntegration_stillNeedsABearerToken() {
        Integration integration = WebhookSender.GITHUB.create(newOrganization());
        String path = PATH + "/" + integration.id();

        assertThat(anonymous().get(path).status()).isEqualTo(401);
        assertThat(anonymous().post(path + "/webhook-secret", null).status()).isEqualTo(401);
        assertThat(anonymous().get(path + "/public").status()).isEqualTo(401);
        assertThat(anonymous().get(path + "/webhooks/deliveries/any").status()).isEqualTo(401);
    }

    private double rejected(String reason) {
        Counter counter = meters.find(REJECTED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double acceptedCount() {
        Counter counter = meters.find(WebhookRejections.ACCEPTED).counter();
        return counter == null ? 0 : counter.count();
    }
}
