package io.tether.app;

import static io.tether.app.GlobalIntegrations.PATH;
import static io.tether.app.GlobalIntegrations.createSlack;
import static io.tether.app.GlobalIntegrations.deliver;
import static io.tether.app.GlobalIntegrations.patch;
import static io.tether.app.GlobalIntegrations.signature;
import static io.tether.app.GlobalIntegrations.tablesContaining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tether.app.Api.Response;
import io.tether.command.global.WebhookRejections;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Incoming webhooks, as a provider sends them: no bearer token, a signature made with the webhook
 * secret, a timestamp and a delivery id. Every refusal is a problem response, counted by reason.
 */
class WebhookDeliveryTest extends EndToEndTest {

    private static final String REJECTED = "tether.webhooks.rejected";

    @Autowired
    MeterRegistry meters;

    @Test
    void aDeliverySignedWithTheWebhookSecret_isAccepted_andRecordedByItsDigestWithoutItsBody() throws Exception {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        String bodyCanary = "body-CANARY-" + UUID.randomUUID();
        String body = "{\"event\":\"task.created\",\"note\":\"" + bodyCanary + "\"}";

        double acceptedBefore = acceptedCount();
        Response accepted = deliver(anonymous(), id, "delivery-1", created.body().get("webhook_secret").asText(), body);

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(acceptedCount()).isEqualTo(acceptedBefore + 1);
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(accepted.body().get("delivery_id").asText()).isEqualTo("delivery-1");
        assertThat(accepted.body().get("body_sha256").asText()).isEqualTo(digest);
        JsonNode recorded = new ObjectMapper().readTree(jdbc.queryForObject("""
                        SELECT convert_from(payload, 'UTF8') FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND payload_type = 'io.tether.api.global.WebhookDeliveryReceivedEvent'""",
                String.class, id));
        assertThat(recorded.get("deliveryId").asText()).isEqualTo("delivery-1");
        assertThat(recorded.get("bodySha256").asText()).isEqualTo(digest);
        assertThat(Instant.parse(recorded.get("signedAt").asText())).isCloseTo(Instant.now(),
                within(1, ChronoUnit.MINUTES));
        assertThat(tablesContaining(jdbc, bodyCanary)).isEmpty();
        JsonNode metadata = new ObjectMapper().readTree(jdbc.queryForObject("""
                        SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND payload_type = 'io.tether.api.global.WebhookDeliveryReceivedEvent'""",
                String.class, id));
        assertThat(metadata.get("actor").asText()).isEqualTo("webhook");
    }

    @Test
    void aFormEncodedDelivery_isVerifiedOnItsRawBytes() {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        String body = "payload=%7B%22type%22%3A%22block_actions%22%7D&team=T0123";
        String timestamp = String.valueOf(Instant.now().getEpochSecond());

        Response accepted = anonymous().post(PATH + "/" + id + "/webhooks", body, Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-Tether-Delivery", "form-1", "X-Tether-Timestamp", timestamp,
                "X-Tether-Signature", signature(created.body().get("webhook_secret").asText(), timestamp, body)));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    }

    @Test
    void aDeliveryLargerThanOneMebibyte_isRefusedUnread() {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        double before = rejected("too_large");

        Response tooLarge = deliver(anonymous(), id, "d-large", created.body().get("webhook_secret").asText(),
                "\"" + "x".repeat(1024 * 1024) + "\"");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().get("code").asText()).isEqualTo("payload_too_large");
        assertThat(rejected("too_large") - before).isEqualTo(1);
    }

    /** The webhook bound (1 MiB), not the API's 64 KiB, however the sender spells the path. */
    @Test
    void aDeliveryAboveTheApisBodyLimit_isTakenUpToTheWebhookBound_whateverThePathsEncoding() throws Exception {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        String secret = created.body().get("webhook_secret").asText();
        for (String path : List.of("/webhooks", "/webhook%73")) {
            String body = "\"" + path + "x".repeat(200 * 1024) + "\"";
            String timestamp = String.valueOf(Instant.now().getEpochSecond());
            // As sent, escapes and all (the test's REST template would escape the percent sign again).
            HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(http.getRootUri() + PATH + "/" + id + path))
                    .header("Content-Type", "application/json")
                    .header("X-Tether-Delivery", "big" + path.length())
                    .header("X-Tether-Timestamp", timestamp)
                    .header("X-Tether-Signature", signature(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(accepted.statusCode()).as(path + ": " + accepted.body()).isEqualTo(202);
        }
    }

    @Test
    void aDeliveryWithABadOrMissingSignature_isUnauthorized_andCounted() {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        String secret = created.body().get("webhook_secret").asText();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        double before = rejected("bad_signature");

        List<Response> attempts = List.of(
                deliver(anonymous(), id, "d-wrong-secret", "0".repeat(64), "{}"),
                anonymous().post(PATH + "/" + id + "/webhooks", "{\"altered\":true}", Map.of(
                        "X-Tether-Delivery", "d-altered", "X-Tether-Timestamp", timestamp,
                        "X-Tether-Signature", signature(secret, timestamp, "{\"altered\":false}"))),
                anonymous().post(PATH + "/" + id + "/webhooks", "{}", Map.of(
                        "X-Tether-Delivery", "d-unsigned", "X-Tether-Timestamp", timestamp)),
                anonymous().post(PATH + "/" + id + "/webhooks", "{}", Map.of(
                        "X-Tether-Delivery", "d-no-time", "X-Tether-Signature", signature(secret, timestamp, "{}"))));

        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.status()).isEqualTo(401);
            assertThat(attempt.header("Content-Type")).startsWith("application/problem+json");
            assertThat(attempt.body().get("code").asText()).isEqualTo("invalid_signature");
        });
        assertThat(rejected("bad_signature") - before).isEqualTo(4);
        assertThat(eventsCausedBy(attempts.toArray(Response[]::new))).isZero();
    }

    @Test
    void aDeliverySignedMoreThanFiveMinutesAgo_isAConflict_andCounted() {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        String secret = created.body().get("webhook_secret").asText();
        String sixMinutesAgo = String.valueOf(Instant.now().minusSeconds(360).getEpochSecond());
        double before = rejected("stale_timestamp");

        Response stale = anonymous().post(PATH + "/" + id + "/webhooks", "{}", Map.of(
                "X-Tether-Delivery", "d-stale", "X-Tether-Timestamp", sixMinutesAgo,
                "X-Tether-Signature", signature(secret, sixMinutesAgo, "{}")));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stale.body().get("code").asText()).isEqualTo("stale_delivery");
        assertThat(rejected("stale_timestamp") - before).isEqualTo(1);
        assertThat(eventsCausedBy(stale)).isZero();
    }

    @Test
    void aRefusedDelivery_isOnRecordForTheOrganizationsAuditors() {
        UUID organization = UUID.randomUUID();
        Response created = createSlack(as(organization, "admin"));
        String id = created.body().get("id").asText();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());

        Response forged = anonymous().post(PATH + "/" + id + "/webhooks", "{}", Map.of(
                "X-Tether-Delivery", "d-forged", "X-Tether-Timestamp", timestamp,
                "X-Tether-Signature", signature("not-the-secret", timestamp, "{}"), "User-Agent", "mallory/1.0"));

        assertThat(forged.status()).isEqualTo(401);
        await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            var recorded = as(organization, "auditor").get("/audit/security-events").body();
            assertThat(recorded.findValuesAsText("kind")).contains("webhook_rejected");
            assertThat(recorded.get(0).get("aggregate_id").asText()).isEqualTo(id);
            assertThat(recorded.get(0).get("user_agent").asText()).isEqualTo("mallory/1.0");
            assertThat(recorded.get(0).get("request_id").asText()).isEqualTo(forged.header("X-Request-Id"));
        });
        assertThat(as(UUID.randomUUID(), "auditor").get("/audit/security-events").body()).isEmpty();
    }

    @Test
    void aReplayedDelivery_isAConflict_whetherItRepeatsTheIdOrTheSignedContent() {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        String secret = created.body().get("webhook_secret").asText();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        Map<String, String> signed = Map.of("X-Tether-Timestamp", timestamp,
                "X-Tether-Signature", signature(secret, timestamp, "{\"n\":1}"));
        Response first = anonymous().post(PATH + "/" + id + "/webhooks", "{\"n\":1}",
                with(signed, "X-Tether-Delivery", "d-original"));
        assertThat(first.status()).isEqualTo(202);
        double before = rejected("replayed");

        Response sameId = anonymous().post(PATH + "/" + id + "/webhooks", "{\"n\":1}",
                with(signed, "X-Tether-Delivery", "d-original"));
        Response sameContentNewId = anonymous().post(PATH + "/" + id + "/webhooks", "{\"n\":1}",
                with(signed, "X-Tether-Delivery", "d-forged"));
        Response sameIdNewContent = deliver(anonymous(), id, "d-original", secret, "{\"n\":2}");

        assertThat(List.of(sameId, sameContentNewId, sameIdNewContent)).allSatisfy(replay -> {
            assertThat(replay.status()).isEqualTo(409);
            assertThat(replay.body().get("code").asText()).isEqualTo("replayed_delivery");
        });
        assertThat(rejected("replayed") - before).isEqualTo(3);
        assertThat(eventsCausedBy(sameId, sameContentNewId, sameIdNewContent)).isZero();
        assertThat(deliver(anonymous(), id, "d-next", secret, "{\"n\":2}").status()).isEqualTo(202);
    }

    @Test
    void aDeliveryToADisabledIntegration_isForbidden_untilItIsEnabledAgain() {
        Api api = newOrganization();
        Response created = createSlack(api);
        String id = created.body().get("id").asText();
        String secret = created.body().get("webhook_secret").asText();
        assertThat(patch(api, id, "{\"enabled\":false}").status()).isEqualTo(200);
        double before = rejected("disabled");

        Response refused = deliver(anonymous(), id, "d-while-disabled", secret, "{}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("code").asText()).isEqualTo("integration_disabled");
        assertThat(rejected("disabled") - before).isEqualTo(1);
        assertThat(eventsCausedBy(refused)).isZero();
        assertThat(patch(api, id, "{\"enabled\":true}").status()).isEqualTo(200);
        assertThat(deliver(anonymous(), id, "d-while-disabled", secret, "{}").status()).isEqualTo(202);
    }

    @Test
    void aRotatedSecret_signsFromNowOn_andTheOldOneNoLonger() {
        Api api = newOrganization();
        Response created = createSlack(api);
        String id = created.body().get("id").asText();
        String oldSecret = created.body().get("webhook_secret").asText();
        String newSecret = api.post(PATH + "/" + id + "/webhook-secret", null).body().get("webhook_secret").asText();

        assertThat(deliver(anonymous(), id, "d-old", oldSecret, "{}").status()).isEqualTo(401);
        assertThat(deliver(anonymous(), id, "d-new", newSecret, "{}").status()).isEqualTo(202);
    }

    @Test
    void aDeliveryToAnUnknownOrDeletedIntegration_isNotFound_andCounted() {
        Api api = newOrganization();
        Response created = createSlack(api);
        String id = created.body().get("id").asText();
        String secret = created.body().get("webhook_secret").asText();
        assertThat(api.delete(PATH + "/" + id).status()).isEqualTo(204);
        String accountId = api.post("/integrations/accounts", adsAccount("Not a webhook target")).body().get("id").asText();
        double before = rejected("unknown_integration");

        List<Response> attempts = List.of(
                deliver(anonymous(), id, "d-deleted", secret, "{}"),
                deliver(anonymous(), UUID.randomUUID().toString(), "d-unknown", secret, "{}"),
                deliver(anonymous(), accountId, "d-account", secret, "{}"));

        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.status()).isEqualTo(404);
            assertThat(attempt.body().get("code").asText()).isEqualTo("global_integration_not_found");
        });
        assertThat(rejected("unknown_integration") - before).isEqualTo(3);
    }

    @Test
    void aDeliveryWithoutDeliveryId_isABadRequest() {
        Response created = createSlack(newOrganization());
        String id = created.body().get("id").asText();
        String timestamp = String.valueOf(Instant.now().getEpochSecond());

        Response missingId = anonymous().post(PATH + "/" + id + "/webhooks", "{}", Map.of("X-Tether-Timestamp", timestamp,
                "X-Tether-Signature", signature(created.body().get("webhook_secret").asText(), timestamp, "{}")));

        assertThat(missingId.status()).isEqualTo(400);
        assertThat(missingId.body().get("errors").findValuesAsText("field")).containsExactly("delivery_id");
        assertThat(eventsCausedBy(missingId)).isZero();
    }

    @Test
    void everyOtherEndpointOfAGlobalIntegration_stillNeedsABearerToken() {
        Response created = createSlack(newOrganization());
        String path = PATH + "/" + created.body().get("id").asText();

        assertThat(anonymous().get(path).status()).isEqualTo(401);
        assertThat(anonymous().post(path + "/webhook-secret", null).status()).isEqualTo(401);
        assertThat(anonymous().get(path + "/public").status()).isEqualTo(401);
    }

    private double rejected(String reason) {
        Counter counter = meters.find(REJECTED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private double acceptedCount() {
        Counter counter = meters.find(WebhookRejections.ACCEPTED).counter();
        return counter == null ? 0 : counter.count();
    }
}
