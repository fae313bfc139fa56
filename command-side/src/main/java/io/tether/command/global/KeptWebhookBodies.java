package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;

import io.tether.api.problem.ProblemException;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.global.WebhookDeliveries.KeptDelivery;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The kept body of an accepted webhook delivery, opened for the {@code webhook.received} notice that hands it
 * on. Workers read bodies through {@code ReadWebhookDeliveryBodyCommand}, each read an event; a notice's
 * hand-over is on record as the notice's delivery attempts instead, one per send.
 */
@Component
public class KeptWebhookBodies {

    private final WebhookDeliveries deliveries;
    private final CredentialCipher cipher;
    private final Clock clock;

    KeptWebhookBodies(WebhookDeliveries deliveries, CredentialCipher cipher, Clock clock) {
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * The body, base64, exactly the bytes the provider signed; empty once it is no longer kept (its retention
     * is over, the integration was deleted, or its key destroyed).
     *
     * @throws ProblemException a {@code CREDENTIAL_STORE_…} refusal while the key store is unavailable
     */
    public Optional<String> bodyBase64(UUID organizationId, UUID integrationId, String deliveryId) {
        Optional<KeptDelivery> kept = deliveries.find(integrationId, deliveryId)
                .filter(delivery -> delivery.sealedBody() != null && delivery.bodyExpiresAt().isAfter(clock.instant()));
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(cipher.decrypt(GlobalIntegration.webhookBodyOwner(organizationId, integrationId, deliveryId),
                    kept.get().sealedBody()).get(GlobalIntegration.WEBHOOK_BODY_FIELD));
        } catch (ProblemException e) {
            if (!e.is(CREDENTIALS_SHREDDED)) {
                throw e;
            }
            return Optional.empty();
        }
    }
}
