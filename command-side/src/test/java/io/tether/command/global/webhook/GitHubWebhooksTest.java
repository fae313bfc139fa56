package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.MALFORMED_WEBHOOK;
import static io.tether.command.global.webhook.Deliveries.assertRefused;
import static io.tether.command.global.webhook.Deliveries.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class GitHubWebhooksTest {

    /** The example of GitHub's "Validating webhook deliveries". */
    private static final String DOCUMENTED_SECRET = "It's a Secret to Everybody";
    private static final String DOCUMENTED_PAYLOAD = "Hello, World!";
    private static final String DOCUMENTED_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static final String DELIVERY_ID = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    private final GitHubWebhooks github = new GitHubWebhooks();

    @Test
    void githubsDocumentedExample_isAccepted_withItsDeliveryIdAndEvent() {
        VerifiedDelivery verified = github.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_PAYLOAD,
                "X-Hub-Signature-256", DOCUMENTED_SIGNATURE, "X-GitHub-Delivery", DELIVERY_ID, "X-GitHub-Event", "issues"));

        assertThat(verified.deliveryId()).isEqualTo(DELIVERY_ID);
        assertThat(verified.type()).isEqualTo("issues");
        assertThat(verified.signedAt()).as("GitHub signs no time").isNull();
        assertThat(github.tolerance()).isEmpty();
    }

    @Test
    void theDocumentedExample_withAnotherPayloadOrSecretOrTheSha1Header_isRefused() {
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> github.verify(DOCUMENTED_SECRET, delivery("Hello, World?",
                "X-Hub-Signature-256", DOCUMENTED_SIGNATURE, "X-GitHub-Delivery", DELIVERY_ID)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> github.verify("It's a Secret to Nobody", delivery(DOCUMENTED_PAYLOAD,
                "X-Hub-Signature-256", DOCUMENTED_SIGNATURE, "X-GitHub-Delivery", DELIVERY_ID)));
        assertRefused(INVALID_WEBHOOK_SIGNATURE, () -> github.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_PAYLOAD,
                "X-Hub-Signature", "sha1=" + "0".repeat(40), "X-GitHub-Delivery", DELIVERY_ID)));
    }

    @Test
    void aWellSignedDeliveryWithoutItsDeliveryId_isMalformed() {
        assertRefused(MALFORMED_WEBHOOK, () -> github.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_PAYLOAD,
                "X-Hub-Signature-256", DOCUMENTED_SIGNATURE)));
        assertRefused(MALFORMED_WEBHOOK, () -> github.verify(DOCUMENTED_SECRET, delivery(DOCUMENTED_PAYLOAD,
                "X-Hub-Signature-256", DOCUMENTED_SIGNATURE, "X-GitHub-Delivery", "not an id")));
    }

    @Test
    void theSecret_isGeneratedByTether_and64HexDigits() {
        assertThat(github.secretSource()).isEqualTo(WebhookFormat.SecretSource.GENERATED_BY_TETHER);
        assertThat(github.newSecret(new SecureRandom())).matches("[0-9a-f]{64}");
        assertThat(github.problemWithEnteredSecret("a".repeat(64))).isPresent();
    }
}
