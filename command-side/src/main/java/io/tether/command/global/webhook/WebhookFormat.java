package io.tether.command.global.webhook;

import io.tether.api.problem.ProblemException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How one provider signs and identifies the webhooks it sends: which headers it uses, what its signature
 * covers, whether it signs a time (and how far from now that time may be), where its delivery id and
 * event type are, and who makes the secret. One per catalog service, {@link WebhookFormats} finds it by
 * slug. Verification never looks at anything but the delivery and the secret, so it is a pure function
 * tested against each provider's documented example.
 */
public interface WebhookFormat {

    /** Who makes the webhook secret both sides sign with. */
    enum SecretSource {
        /** The provider lets whoever registers the webhook set the secret: Tether generates it and shows it once. */
        GENERATED_BY_TETHER,
        /** The provider issues the secret (Slack's signing secret, ClickUp's webhook secret): an admin enters it. */
        ISSUED_BY_PROVIDER
    }

    /** The catalog slug of the service whose webhooks this reads. */
    String service();

    SecretSource secretSource();

    /** A new secret of the provider's shape; only for {@link SecretSource#GENERATED_BY_TETHER}. */
    String newSecret(SecureRandom random);

    /** Whether an entered secret has the shape the provider issues; said to the admin who mistyped it. */
    Optional<String> problemWithEnteredSecret(String secret);

    /** The headers verification reads, in lower case. */
    Set<String> headers();

    /**
     * How far the signed time may be from now, either way; empty for a provider that signs no time, whose
     * replays are then refused by delivery id and signed content alone.
     */
    Optional<Duration> tolerance();

    /**
     * Checks the signature in constant time, then reads the delivery id and type.
     *
     * @throws ProblemException {@code INVALID_WEBHOOK_SIGNATURE} when a signing header is missing or malformed
     *                          or the signature was not made with the secret; {@code MALFORMED_WEBHOOK} when a
     *                          well-signed delivery lacks the delivery id its provider always sends;
     *                          {@code STALE_WEBHOOK} when the signed body carries no time although it must
     */
    VerifiedDelivery verify(String secret, IncomingDelivery delivery);
}
