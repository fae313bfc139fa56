package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.MALFORMED_WEBHOOK;
import static io.tether.command.global.webhook.Deliveries.assertRefused;
import static io.tether.command.global.webhook.Deliveries.delivery;
import static io.tether.command.global.webhook.Deliveries.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Jira Cloud's admin webhooks with a secret (the WebSub {@code X-Hub-Signature: sha256=…} scheme); Atlassian
 * publishes no example, so the expected signature was computed with OpenSSL ({@code openssl dgst -sha256 -hmac}).
 */
class JiraWebhooksTest {

    private static final String SECRET = "It is a secret to Jira too";
    private static final String BODY = "{\"timestamp\":1676056940508,\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"key\":\"OPS-1\"}}";
    private static final String SIGNATURE = "sha256=8c9ea6e0be01696971156831838711b7a26b25b5921858fc1139eb814cd3191f";
    private static final String DELIVERY_ID = "5b0b0a2b-e9a3-4c5b-8f3e-2b7c4d1f9a10";

    private final JiraWebhooks jira = new JiraWebhooks();

    @Test
    void aDeliverySignedWithTheSecret_isAccepted_withItsIdentifierAndWebhookEvent() {
        assertThat("sha256=" + hmacHex(SECRET, BODY)).isEqualTo(SIGNATURE);

        VerifiedDelivery verified = jira.verify(SECRET, delivery(BODY, "X-Hub-Signature", SIGNATURE,
                "X-Atlassian-Webhook-Identifier", DELIVERY_ID));

        assertThat(verified.deliveryId()).isEqualTo(DELIVERY_ID);
        assertThat(verified.type()).isEqualTo("jira:issue_created");
        assertThat(verified.signedAt()).as("Jira signs no time").isNull();
    }

    @Test
    void anAlteredBody_aBareSignature_orNoIdentifier_isRefused() {
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> jira.verify(SECRET, delivery(BODY.replace("OPS-1", "OPS-2"),
                "X-Hub-Signature", SIGNATURE, "X-Atlassian-Webhook-Identifier", DELIVERY_ID)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> jira.verify(SECRET, delivery(BODY,
                "X-Hub-Signature", SIGNATURE.substring("sha256=".length()), "X-Atlassian-Webhook-Identifier", DELIVERY_ID)));
        assertRefused(MALFORMED_WEBHOOK, () -> jira.verify(SECRET, delivery(BODY, "X-Hub-Signature", SIGNATURE)));
    }
}
