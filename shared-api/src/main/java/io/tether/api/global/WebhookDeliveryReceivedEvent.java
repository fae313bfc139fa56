package io.tether.api.global;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A webhook delivery passed its provider's signature, freshness and replay checks. The event holds the
 * body's SHA-256 digest, never the body: that is kept sealed, for a bounded time, beside the event store,
 * and can be fetched by its delivery id while it lasts.
 *
 * @param deliveryId the provider's delivery id, or {@code sha256:<digest of what was signed>} for a
 *                   provider that sends none (Slack outside its Events API, ClickUp)
 * @param bodySha256 the hex SHA-256 of the raw body
 * @param signedAt   the time the provider signed, or null for a provider that signs no time (GitHub,
 *                   ClickUp, Jira)
 * @param type       what happened, in the provider's words ({@code X-GitHub-Event}, Jira's
 *                   {@code webhookEvent}, …), or null when the delivery does not say; null in revision 1
 */
@Revision("2")
public record WebhookDeliveryReceivedEvent(UUID integrationId, String deliveryId, String bodySha256, Instant signedAt,
                                           String type) {
}
