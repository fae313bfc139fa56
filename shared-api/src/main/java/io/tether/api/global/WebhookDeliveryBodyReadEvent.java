package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The kept body of a webhook delivery was opened; who read it is in the event's metadata. */
@Revision("1")
public record WebhookDeliveryBodyReadEvent(UUID integrationId, String deliveryId) {
}
