package io.tether.command.global.webhook;

import java.time.Instant;

/**
 * What a well-signed delivery says about itself.
 *
 * @param deliveryId          the provider's delivery id, or one derived from what was signed
 * @param type                the event type in the provider's words, or null
 * @param signedAt            when the provider signed, or null for a provider that signs no time
 * @param signedContentSha256 the hex SHA-256 of everything the signature covers: the same signed content is
 *                            accepted once, whatever id it comes with
 * @param challenge           a URL verification's challenge to answer instead of recording a delivery, or null
 */
public record VerifiedDelivery(String deliveryId, String type, Instant signedAt, String signedContentSha256,
                               String challenge) {

    static VerifiedDelivery of(String deliveryId, String type, Instant signedAt, String signedContentSha256) {
        return new VerifiedDelivery(deliveryId, type, signedAt, signedContentSha256, null);
    }

    public boolean isChallenge() {
        return challenge != null;
    }
}
