package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.MALFORMED_WEBHOOK;
import static io.tether.api.problem.ProblemCode.STALE_WEBHOOK;
import static io.tether.command.global.webhook.Deliveries.assertRefused;
import static io.tether.command.global.webhook.Deliveries.delivery;
import static io.tether.command.global.webhook.Deliveries.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Linear's scheme as its SDK's {@code LinearWebhooks.verify} checks it; Linear publishes no example, so the
 * expected signature was computed with OpenSSL ({@code openssl dgst -sha256 -hmac}).
 */
class LinearWebhooksTest {

    private static final String SECRET = "lin_wh_3f0d4c1a9b8e7d6c5b4a3f2e1d0c9b8a";
    private static final String BODY = "{\"action\":\"create\",\"type\":\"Issue\",\"data\":{\"id\":\"2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9\","
            + "\"title\":\"Checkout fails\"},\"webhookTimestamp\":1676056940508}";
    private static final String SIGNATURE = "76bb06b4638b41e3441905455294652f38ee8a361f6c913db5bc60bf0ad1aaeb";
    private static final String DELIVERY_ID = "234d1a4e-b617-4388-90fe-adc3633d6b72";

    private final LinearWebhooks linear = new LinearWebhooks();

    @Test
    void aDeliverySignedWithTheSecret_isAccepted_withItsDeliveryId_typeAndActionAndSignedTime() {
        assertThat(hmacHex(SECRET, BODY)).isEqualTo(SIGNATURE);

        VerifiedDelivery verified = linear.verify(SECRET, delivery(BODY, "Linear-Signature", SIGNATURE,
                "Linear-Delivery", DELIVERY_ID));

        assertThat(verified.deliveryId()).isEqualTo(DELIVERY_ID);
        assertThat(verified.type()).isEqualTo("Issue.create");
        assertThat(verified.signedAt()).isEqualTo(Instant.ofEpochMilli(1676056940508L));
        assertThat(linear.tolerance()).contains(Duration.ofMinutes(1));
    }

    @Test
    void anAlteredBody_orAWrongSecret_isRefused() {
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> linear.verify(SECRET, delivery(BODY.replace("1676056940508", "1676056999999"),
                "Linear-Signature", SIGNATURE, "Linear-Delivery", DELIVERY_ID)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> linear.verify("lin_wh_another", delivery(BODY,
                "Linear-Signature", SIGNATURE, "Linear-Delivery", DELIVERY_ID)));
    }

    @Test
    void aWellSignedBodyWithoutWebhookTimestamp_isStale_andWithoutDeliveryId_isMalformed() {
        String untimed = "{\"action\":\"create\",\"type\":\"Issue\"}";
        assertRefused(STALE_WEBHOOK, () -> linear.verify(SECRET, delivery(untimed,
                "Linear-Signature", hmacHex(SECRET, untimed), "Linear-Delivery", DELIVERY_ID)));
        assertRefused(MALFORMED_WEBHOOK, () -> linear.verify(SECRET, delivery(BODY, "Linear-Signature", SIGNATURE)));
    }

    @Test
    void theSigningSecret_isTheOneLinearShows_enteredByAnAdmin() {
        assertThat(linear.secretSource()).isEqualTo(WebhookFormat.SecretSource.ISSUED_BY_PROVIDER);
        assertThat(linear.problemWithEnteredSecret(SECRET)).isEmpty();
    }
}
