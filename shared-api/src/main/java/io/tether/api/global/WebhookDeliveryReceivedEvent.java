package io.tether.api.global;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A webhook delivery passed its signature, freshness and replay checks. The body itself is not kept,
 * only its SHA-256 digest, so that what was received can be matched later without storing it.
 *
 * @param bodySha256 the hex SHA-256 of the raw body
 * @param signedAt   the timestamp the provider signed
 */
@Revision("1")
public record WebhookDeliveryReceivedEvent(UUID integrationId, String deliveryId, String bodySha256, Instant signedAt) {
}
