package io.tether.app;

import static io.tether.app.GlobalIntegrations.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.app.Api.Response;
import io.tether.app.NoticeReceiver.Received;
import io.tether.app.WebhookSender.Integration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code webhook.received}: a provider's delivery, verified by Tether, handed on to the organization's
 * endpoints with its body, which is added when the notice is sent and never written to the outbox.
 */
class WebhookReceivedNoticesTest extends EndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void anAcceptedDelivery_isHandedOn_withItsProviderIdTypeAndBody_whileNoTableHoldsTheBodyInPlaintext() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String secret = NoticesTest.register(api, receiver, "[\"webhook.received\"]").body().get("signing_secret").asText();
            Integration github = WebhookSender.GITHUB.create(api);
            String canary = "CANARY-" + UUID.randomUUID();
            String body = "{\"action\":\"opened\",\"issue\":{\"title\":\"" + canary + "\"}}";
            String deliveryId = UUID.randomUUID().toString();

            Response accepted = deliver(anonymous(), github.id(),
                    WebhookSender.GITHUB.headers(github.secret(), deliveryId, Instant.now(), body), body);
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

            await().atMost(PATIENCE).until(() -> receiver.delivered().size() == 1);
            Received notice = receiver.delivered().get(0);
            NoticesTest.assertSignedWith(secret, notice);
            NoticesTest.assertMatchesItsSchema(notice);
            JsonNode data = notice.json().get("data");
            assertThat(notice.type()).isEqualTo("webhook.received");
            assertThat(data.get("resource_type").asText()).isEqualTo("global_integration");
            assertThat(data.get("resource_id").asText()).isEqualTo(github.id());
            assertThat(data.get("actor").asText()).as("the provider, no token subject").isEqualTo("webhook");
            assertThat(data.get("request_id").asText()).isEqualTo(accepted.header("X-Request-Id"));
            JsonNode webhook = data.get("webhook");
            assertThat(webhook.get("provider").asText()).isEqualTo("github");
            assertThat(webhook.get("delivery_id").asText()).isEqualTo(deliveryId);
            assertThat(webhook.get("event_type").asText()).isEqualTo("issues");
            assertThat(webhook.get("body_sha256").asText()).isEqualTo(WebhookSender.sha256(body));
            assertThat(webhook.get("body_expired").asBoolean()).isFalse();
            assertThat(new String(Base64.getDecoder().decode(webhook.get("body_base64").asText()), StandardCharsets.UTF_8))
                    .isEqualTo(body);
            assertThat(notice.body()).doesNotContain(github.secret());

            assertThat(GlobalIntegrations.tablesContaining(jdbc, canary)).as("tables holding the body in plaintext").isEmpty();
        }
    }

    @Test
    void aBodyNoLongerKeptWhenItsNoticeIsSent_isHandedOnWithoutIt_markedExpired_underTheSameId() {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            AtomicBoolean down = new AtomicBoolean(true);
            receiver.answerWith(() -> down.get() ? 503 : 200);
            String secret = NoticesTest.register(api, receiver, "[\"webhook.received\"]").body().get("signing_secret").asText();
            Integration github = WebhookSender.GITHUB.create(api);
            String body = "{\"action\":\"closed\"}";
            String deliveryId = UUID.randomUUID().toString();
            assertThat(deliver(anonymous(), github.id(),
                    WebhookSender.GITHUB.headers(github.secret(), deliveryId, Instant.now(), body), body).status()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> !receiver.received().isEmpty());
            assertThat(receiver.received().get(0).json().at("/data/webhook/body_expired").asBoolean()).isFalse();

            // What the body-expiry task does once the retention is over.
            jdbc.update("UPDATE webhook_deliveries SET sealed_body = NULL, body_expires_at = now() WHERE integration_id = ?::uuid",
                    github.id());
            down.set(false);

            await().atMost(PATIENCE).until(() -> receiver.delivered().size() == 1);
            Received delivered = receiver.delivered().get(0);
            assertThat(delivered.id()).isEqualTo(receiver.received().get(0).id());
            NoticesTest.assertSignedWith(secret, delivered);
            NoticesTest.assertMatchesItsSchema(delivered);
            JsonNode webhook = delivered.json().at("/data/webhook");
            assertThat(webhook.get("body_expired").asBoolean()).isTrue();
            assertThat(webhook.get("body_base64").isNull()).isTrue();
            assertThat(webhook.get("body_sha256").asText()).isEqualTo(WebhookSender.sha256(body));
        }
    }
}
