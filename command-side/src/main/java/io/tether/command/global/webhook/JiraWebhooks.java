package io.tether.command.global.webhook;

import static io.tether.command.global.webhook.Signatures.after;
import static io.tether.command.global.webhook.Signatures.hmacSha256;
import static io.tether.command.global.webhook.Signatures.utf8;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Jira Cloud's webhooks registered by an admin with a secret (System › WebHooks): {@code X-Hub-Signature:
 * sha256=<hex HMAC-SHA256 of the body>} (the WebSub scheme); {@code X-Atlassian-Webhook-Identifier} names the
 * delivery, the same across retries; the body's {@code webhookEvent} is its type. Jira signs no time. The
 * admin types the secret into Jira: Tether generates it.
 */
public final class JiraWebhooks implements WebhookFormat {

    static final String SIGNATURE = "x-hub-signature";
    static final String DELIVERY = "x-atlassian-webhook-identifier";

    @Override
    public String service() {
        return "jira";
    }

    @Override
    public SecretSource secretSource() {
        return SecretSource.GENERATED_BY_TETHER;
    }

    @Override
    public String newSecret(SecureRandom random) {
        return HexSecrets.newSecret(random);
    }

    @Override
    public Optional<String> problemWithEnteredSecret(String secret) {
        return Optional.of(HexSecrets.GENERATED_BY_TETHER);
    }

    @Override
    public Set<String> headers() {
        return Set.of(SIGNATURE, DELIVERY);
    }

    @Override
    public Optional<Duration> tolerance() {
        return Optional.empty();
    }

    @Override
    public VerifiedDelivery verify(String secret, IncomingDelivery delivery) {
        Signatures.requireHexSignature("X-Hub-Signature", after("sha256=", delivery.header(SIGNATURE)),
                hmacSha256(utf8(secret), delivery.body()));
        String deliveryId = Signatures.requireDeliveryId("X-Atlassian-Webhook-Identifier", delivery.header(DELIVERY));
        String type = Signatures.typeOrNull(Signatures.text(Signatures.json(delivery.body()), "webhookEvent"));
        return VerifiedDelivery.of(deliveryId, type, null, Signatures.sha256Hex(delivery.body()));
    }
}
