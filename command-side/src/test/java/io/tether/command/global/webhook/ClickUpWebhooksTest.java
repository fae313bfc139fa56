package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.command.global.webhook.Deliveries.assertRefused;
import static io.tether.command.global.webhook.Deliveries.delivery;
import static io.tether.command.global.webhook.Deliveries.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * ClickUp's documentation shows the shape (a hex HMAC-SHA256 of the body in {@code X-Signature}) but no
 * complete example; the expected value here was computed with OpenSSL ({@code openssl dgst -sha256 -hmac}).
 */
class ClickUpWebhooksTest {

    private static final String SECRET = "O9SEJ84PGQ6VS3Y6UR6M4MOXMRN8FCP1VE83NDMD0B7O4XTN6RU2ZN1TH4YKWGW2";
    private static final String BODY = "{\"webhook_id\":\"7689a169-a000-4985-8676-6902b96d6627\",\"event\":\"taskCreated\",\"task_id\":\"c0j\"}";
    private static final String SIGNATURE = "6e9b465172fea96c1a1c43e0fff74db1e399d01aa1666ff08213c04a4adbd7df";

    private final ClickUpWebhooks clickUp = new ClickUpWebhooks();

    @Test
    void aDeliverySignedWithTheSecret_isAccepted_namedByItsBody_andTypedByItsEvent() {
        assertThat(hmacHex(SECRET, BODY)).isEqualTo(SIGNATURE);

        VerifiedDelivery verified = clickUp.verify(SECRET, delivery(BODY, "X-Signature", SIGNATURE));

        assertThat(verified.type()).isEqualTo("taskCreated");
        assertThat(verified.deliveryId()).isEqualTo("sha256:" + verified.signedContentSha256());
        assertThat(verified.signedAt()).isNull();
    }

    @Test
    void anAlteredBody_aWrongSecret_orNoSignature_isRefused() {
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> clickUp.verify(SECRET, delivery(BODY.replace("c0j", "c0k"),
                "X-Signature", SIGNATURE)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> clickUp.verify(SECRET.toLowerCase(), delivery(BODY,
                "X-Signature", SIGNATURE)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> clickUp.verify(SECRET, delivery(BODY)));
    }

    @Test
    void theSecret_isTheOneClickUpReturned_enteredByAnAdmin() {
        assertThat(clickUp.secretSource()).isEqualTo(WebhookFormat.SecretSource.ISSUED_BY_PROVIDER);
        assertThat(clickUp.problemWithEnteredSecret(SECRET)).isEmpty();
        assertThat(clickUp.problemWithEnteredSecret("pk_not-a-webhook-secret")).isPresent();
    }
}
