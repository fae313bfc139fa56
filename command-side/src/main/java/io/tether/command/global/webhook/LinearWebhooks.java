package io.tether.command.global.webhook;

import static io.tether.api.problem.ProblemCode.STALE_WEBHOOK;
import static io.tether.command.global.webhook.Signatures.hmacSha256;
import static io.tether.command.global.webhook.Signatures.text;
import static io.tether.command.global.webhook.Signatures.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Linear's webhook signatures, as its SDK's {@code LinearWebhooks.verify} checks them: {@code Linear-Signature:
 * <hex HMAC-SHA256 of the body>}, keyed with the signing secret Linear shows on the webhook's page (an admin
 * enters it), and the body's {@code webhookTimestamp}, in milliseconds, within a minute of now.
 * {@code Linear-Delivery} names the delivery; the body's {@code type} and {@code action} ({@code Issue.create})
 * are its type.
 */
public final class LinearWebhooks implements WebhookFormat {

    static final String SIGNATURE = "linear-signature";
    static final String DELIVERY = "linear-delivery";

    @Override
    public String service() {
        return "linear";
    }

    @Override
    public SecretSource secretSource() {
        return SecretSource.ISSUED_BY_PROVIDER;
    }

    @Override
    public String newSecret(SecureRandom random) {
        throw new UnsupportedOperationException("Linear issues the signing secret");
    }

    @Override
    public Optional<String> problemWithEnteredSecret(String secret) {
        return Optional.empty();
    }

    @Override
    public Set<String> headers() {
        return Set.of(SIGNATURE, DELIVERY);
    }

    @Override
    public Optional<Duration> tolerance() {
        return Optional.of(Duration.ofMinutes(1));
    }

    @Override
    public VerifiedDelivery verify(String secret, IncomingDelivery delivery) {
        Signatures.requireHexSignature("Linear-Signature", delivery.header(SIGNATURE),
                hmacSha256(utf8(secret), delivery.body()));
        JsonNode json = Signatures.json(delivery.body());
        JsonNode timestamp = json.path("webhookTimestamp");
        if (!timestamp.canConvertToLong()) {
            throw STALE_WEBHOOK.exception("The delivery's body has no webhookTimestamp, so its age cannot be told");
        }
        String deliveryId = Signatures.requireDeliveryId("Linear-Delivery", delivery.header(DELIVERY));
        String type = text(json, "type");
        String action = text(json, "action");
        return VerifiedDelivery.of(deliveryId, Signatures.typeOrNull(type != null && action != null ? type + "." + action : type),
                Instant.ofEpochMilli(timestamp.asLong()), Signatures.sha256Hex(delivery.body()));
    }
}
