package io.tether.command.global.webhook;

import static io.tether.command.global.webhook.Signatures.hmacSha256;
import static io.tether.command.global.webhook.Signatures.utf8;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ClickUp's webhook signatures: {@code X-Signature: <hex HMAC-SHA256 of the body>}, keyed with the
 * {@code secret} ClickUp returns when the webhook is created, which an admin enters. The body's
 * {@code event} is the type. ClickUp sends neither a delivery id nor a signed time: the body names the
 * delivery, so the same body is accepted once.
 */
public final class ClickUpWebhooks implements WebhookFormat {

    static final String SIGNATURE = "x-signature";

    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9]{16,256}");

    @Override
    public String service() {
        return "clickup";
    }

    @Override
    public SecretSource secretSource() {
        return SecretSource.ISSUED_BY_PROVIDER;
    }

    @Override
    public String newSecret(SecureRandom random) {
        throw new UnsupportedOperationException("ClickUp issues the webhook secret");
    }

    @Override
    public Optional<String> problemWithEnteredSecret(String secret) {
        return SECRET.matcher(secret).matches() ? Optional.empty()
                : Optional.of("must be the secret ClickUp returned when the webhook was created: letters and digits");
    }

    @Override
    public Set<String> headers() {
        return Set.of(SIGNATURE);
    }

    @Override
    public Optional<Duration> tolerance() {
        return Optional.empty();
    }

    @Override
    public VerifiedDelivery verify(String secret, IncomingDelivery delivery) {
        Signatures.requireHexSignature("X-Signature", delivery.header(SIGNATURE), hmacSha256(utf8(secret), delivery.body()));
        String signedContent = Signatures.sha256Hex(delivery.body());
        String type = Signatures.typeOrNull(Signatures.text(Signatures.json(delivery.body()), "event"));
        return VerifiedDelivery.of(Signatures.contentId(signedContent), type, null, signedContent);
    }
}
