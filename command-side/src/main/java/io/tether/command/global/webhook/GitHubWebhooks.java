package io.tether.command.global.webhook;

import static io.tether.command.global.webhook.Signatures.after;
import static io.tether.command.global.webhook.Signatures.hmacSha256;
import static io.tether.command.global.webhook.Signatures.utf8;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub's webhook signatures: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, keyed with
 * the secret set when the webhook was created; {@code X-GitHub-Delivery} is the delivery's id and
 * {@code X-GitHub-Event} its type. GitHub signs no time, so a replay is refused by its id and its body alone.
 * GitHub lets whoever creates the webhook choose the secret: Tether generates it.
 */
public final class GitHubWebhooks implements WebhookFormat {

    static final String SIGNATURE = "x-hub-signature-256";
    static final String DELIVERY = "x-github-delivery";
    static final String EVENT = "x-github-event";

    @Override
    public String service() {
        return "github";
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
        return Set.of(SIGNATURE, DELIVERY, EVENT);
    }

    @Override
    public Optional<Duration> tolerance() {
        return Optional.empty();
    }

    @Override
    public VerifiedDelivery verify(String secret, IncomingDelivery delivery) {
        Signatures.requireHexSignature("X-Hub-Signature-256", after("sha256=", delivery.header(SIGNATURE)),
                hmacSha256(utf8(secret), delivery.body()));
        String deliveryId = Signatures.requireDeliveryId("X-GitHub-Delivery", delivery.header(DELIVERY));
        return VerifiedDelivery.of(deliveryId, Signatures.typeOrNull(delivery.header(EVENT)), null,
                Signatures.sha256Hex(delivery.body()));
    }
}
