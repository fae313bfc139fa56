package io.tether.command.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.command.global.KeptWebhookBodies;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Adds a provider's delivery body to its {@code webhook.received} notice when the notice is sent, never
 * before. Why at send time rather than sealed in the outbox: the body is a provider's data, which Tether
 * keeps sealed in one place ({@code webhook_deliveries}) for {@code tether.webhooks.body-retention} and no
 * longer; a second copy in {@code notice_deliveries} would outlive that bound, escape the deletion of its
 * integration and the destruction of its key, and double the ciphertext kept per delivery. The outbox row
 * holds the notice without the body, so no table holds the body in plaintext.
 *
 * <p>When the body is no longer kept at the time of an attempt (its retention ended while the endpoint was
 * failing, or the integration was deleted), the notice is sent all the same, with {@code body_base64} null
 * and {@code body_expired} true: the receiver learns that the delivery came and its digest, and that its
 * body is gone. A retry after that point sends the same {@code webhook-id} with that body; receivers that
 * deduplicate by id keep the first one they accepted.
 */
@Component
class WebhookReceivedBodies {

    private final KeptWebhookBodies bodies;
    private final ObjectMapper json;

    WebhookReceivedBodies(KeptWebhookBodies bodies, ObjectMapper json) {
        this.bodies = bodies;
        this.json = json;
    }

    /** The notice as sent: with {@code data.webhook.body_base64} and {@code body_expired} for a {@code webhook.received}. */
    String completed(String noticeType, String body) {
        if (!NoticeType.WEBHOOK_RECEIVED.wireName().equals(noticeType)) {
            return body;
        }
        try {
            ObjectNode notice = (ObjectNode) json.readTree(body);
            ObjectNode data = (ObjectNode) notice.get("data");
            ObjectNode webhook = (ObjectNode) data.get("webhook");
            Optional<String> kept = bodies.bodyBase64(UUID.fromString(data.get("organization_id").asText()),
                    UUID.fromString(data.get("resource_id").asText()), webhook.get("delivery_id").asText());
            webhook.put("body_base64", kept.orElse(null));
            webhook.put("body_expired", kept.isEmpty());
            return json.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook.received notice in the outbox is not JSON", e);
        }
    }
}
