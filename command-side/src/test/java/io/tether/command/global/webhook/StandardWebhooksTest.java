package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.command.global.webhook.Deliveries.assertRefused;
import static io.tether.command.global.webhook.Deliveries.delivery;
import static io.tether.command.global.webhook.Deliveries.hmac;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    /** The test vector of the Standard Webhooks specification (and of its reference libraries). */
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String VECTOR_TIMESTAMP = "1614265330";
    private static final String VECTOR_BODY = "{\"test\": 2432232314}";
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final StandardWebhooks standard = new StandardWebhooks("generic");

    @Test
    void theSpecificationsTestVector_isAccepted() {
        VerifiedDelivery verified = standard.verify(VECTOR_SECRET, delivery(VECTOR_BODY, "webhook-id", VECTOR_ID,
                "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE));

        assertThat(verified.deliveryId()).isEqualTo(VECTOR_ID);
        assertThat(verified.signedAt()).isEqualTo(Instant.ofEpochSecond(1614265330));
        assertThat(standard.tolerance()).contains(Duration.ofMinutes(5));
    }

    @Test
    void oneMatchingSignatureAmongSeveral_isEnough_asWhileASenderRotatesItsSecret() {
        String header = "v1,bm90IHRoZSBzaWduYXR1cmU= v1a,ignored " + VECTOR_SIGNATURE;

        assertThat(standard.verify(VECTOR_SECRET, delivery(VECTOR_BODY, "webhook-id", VECTOR_ID,
                "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", header)).deliveryId()).isEqualTo(VECTOR_ID);
    }

    @Test
    void theVector_withAnotherIdTimestampOrBody_orWithoutItsHeaders_isRefused() {
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> standard.verify(VECTOR_SECRET, delivery(VECTOR_BODY,
                "webhook-id", "msg_other", "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> standard.verify(VECTOR_SECRET, delivery(VECTOR_BODY,
                "webhook-id", VECTOR_ID, "webhook-timestamp", "1614265331", "webhook-signature", VECTOR_SIGNATURE)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> standard.verify(VECTOR_SECRET, delivery("{\"test\": 2432232315}",
                "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> standard.verify(VECTOR_SECRET, delivery(VECTOR_BODY,
                "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> standard.verify(VECTOR_SECRET, delivery(VECTOR_BODY,
                "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP)));
    }

    @Test
    void aGeneratedSecret_isWhsecWith32RandomBytes_andSignsAsTheSpecificationSays() {
        String secret = standard.newSecret(new SecureRandom());
        assertThat(secret).startsWith("whsec_");
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        assertThat(key).hasSize(32);
        String body = "{\"type\":\"invoice.paid\"}";
        String signature = "v1," + Base64.getEncoder().encodeToString(hmac(key, "msg_1.1700000000." + body));

        VerifiedDelivery verified = standard.verify(secret, delivery(body, "webhook-id", "msg_1",
                "webhook-timestamp", "1700000000", "webhook-signature", signature));

        assertThat(verified.type()).isEqualTo("invoice.paid");
    }
}
