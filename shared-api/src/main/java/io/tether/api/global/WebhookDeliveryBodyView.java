package io.tether.api.global;

import java.time.Instant;
import java.util.UUID;

/**
 * An accepted delivery with its body, exactly the bytes that were signed, in base64.
 *
 * @param bodyExpiresAt when the kept body is deleted
 */
public record WebhookDeliveryBodyView(UUID integrationId, String deliveryId, String type, String bodySha256,
                                      Instant receivedAt, Instant bodyExpiresAt, String bodyBase64) {

    @Override
    public String toString() {
        return "WebhookDeliveryBodyView[integrationId=" + integrationId + ", deliveryId=" + deliveryId + ", type="
                + type + ", bodySha256=" + bodySha256 + ", body=<redacted>]";
    }
}
