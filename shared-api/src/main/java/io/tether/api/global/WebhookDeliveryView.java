package io.tether.api.global;

import java.time.Instant;
import java.util.UUID;

/** The answer to an accepted webhook delivery. */
public record WebhookDeliveryView(UUID integrationId, String deliveryId, String type, String bodySha256,
                                  Instant receivedAt) {
}
