package io.tether.command.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.AuditMetadata;
import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.WebhookDeliveryReceivedEvent;
import io.tether.api.oauth.AccessTokenRefreshFailedEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * A notice's body, the same shape for every type (docs/notices.md, and a JSON Schema per type under
 * {@code notices/schemas}): {@code type}, {@code timestamp} (when the event happened) and {@code data}:
 * the organization, the resource's kind, id and public view as the API shows it, and who acted in which
 * request. Views never hold a secret, so neither does a notice.
 */
@Component
class NoticeBodies {

    private final ObjectMapper json;

    NoticeBodies(ObjectMapper json) {
        this.json = json;
    }

    Notice aboutAccount(NoticeType type, EventMessage<?> event, AccountView account) {
        return aboutAccount(type, event, account, Map.of());
    }

    /** {@code data.token_refresh}: the failure's reason in words, the failed attempts in a row, and the next one (null: none). */
    Notice tokenRefreshFailed(EventMessage<?> event, AccountView account, AccessTokenRefreshFailedEvent failure) {
        Map<String, Object> refresh = new LinkedHashMap<>();
        refresh.put("reason", failure.reason());
        refresh.put("failed_attempts", failure.failedAttempts());
        refresh.put("next_attempt_at", failure.nextAttemptAt());
        return aboutAccount(NoticeType.TOKEN_REFRESH_FAILED, event, account, Map.of("token_refresh", refresh));
    }

    Notice aboutGlobalIntegration(NoticeType type, EventMessage<?> event, GlobalIntegrationView integration) {
        return aboutGlobalIntegration(type, event, integration, Map.of());
    }

    /**
     * {@code data.webhook}: the provider, its delivery id and event type, and the body's digest. The body itself
     * is not in the outbox: {@link WebhookReceivedBodies} adds it when the notice is sent.
     */
    Notice webhookReceived(EventMessage<?> event, GlobalIntegrationView integration, WebhookDeliveryReceivedEvent delivery) {
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("provider", integration.serviceName());
        webhook.put("delivery_id", delivery.deliveryId());
        webhook.put("event_type", delivery.type());
        webhook.put("signed_at", delivery.signedAt());
        webhook.put("body_sha256", delivery.bodySha256());
        return aboutGlobalIntegration(NoticeType.WEBHOOK_RECEIVED, event, integration, Map.of("webhook", webhook));
    }

    private Notice aboutAccount(NoticeType type, EventMessage<?> event, AccountView account, Map<String, Object> more) {
        return notice(type, event.getIdentifier(), event.getTimestamp(), account.organizationId(), "account", account.id(),
                account, actorOf(event), requestIdOf(event), more);
    }

    private Notice aboutGlobalIntegration(NoticeType type, EventMessage<?> event, GlobalIntegrationView integration,
                                          Map<String, Object> more) {
        return notice(type, event.getIdentifier(), event.getTimestamp(), integration.organizationId(), "global_integration",
                integration.id(), integration, actorOf(event), requestIdOf(event), more);
    }

    /** The endpoint was disabled by the delivery itself: no actor, no request. */
    Notice endpointDisabled(UUID endpointId, UUID organizationId, String url, String reason, Instant at) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("id", endpointId);
        endpoint.put("url", url);
        endpoint.put("enabled", false);
        endpoint.put("disabled_reason", reason);
        return notice(NoticeType.ENDPOINT_DISABLED, endpointId + "/" + at, at, organizationId, "webhook_endpoint", endpointId,
                endpoint, null, null, Map.of());
    }

    private Notice notice(NoticeType type, String occurrenceId, Instant at, UUID organizationId, String resourceType,
                          UUID resourceId, Object view, String actor, String requestId, Map<String, Object> more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organization_id", organizationId);
        data.put("resource_type", resourceType);
        data.put("resource_id", resourceId);
        data.put(resourceType, view);
        data.put("actor", actor);
        data.put("request_id", requestId);
        data.putAll(more);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.wireName());
        body.put("timestamp", at);
        body.put("data", data);
        try {
            return new Notice(Notice.idOf(occurrenceId, type), type, organizationId, resourceId, at,
                    json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notice could not be written as JSON", e);
        }
    }

    private static String actorOf(EventMessage<?> event) {
        Object actor = event.getMetaData().get(AuditMetadata.ACTOR);
        return actor == null ? null : actor.toString();
    }

    private static String requestIdOf(EventMessage<?> event) {
        Object requestId = event.getMetaData().get(AuditMetadata.REQUEST_ID);
        return requestId == null ? null : requestId.toString();
    }
}
