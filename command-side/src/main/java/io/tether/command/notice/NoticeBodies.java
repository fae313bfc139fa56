package io.tether.command.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.AuditMetadata;
import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationView;
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
        return notice(type, event.getIdentifier(), event.getTimestamp(), account.organizationId(), "account", account.id(),
                account, actorOf(event), requestIdOf(event));
    }

    Notice aboutGlobalIntegration(NoticeType type, EventMessage<?> event, GlobalIntegrationView integration) {
        return notice(type, event.getIdentifier(), event.getTimestamp(), integration.organizationId(), "global_integration",
                integration.id(), integration, actorOf(event), requestIdOf(event));
    }

    /** The endpoint was disabled by the delivery itself: no actor, no request. */
    Notice endpointDisabled(UUID endpointId, UUID organizationId, String url, String reason, Instant at) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("id", endpointId);
        endpoint.put("url", url);
        endpoint.put("enabled", false);
        endpoint.put("disabled_reason", reason);
        return notice(NoticeType.ENDPOINT_DISABLED, endpointId + "/" + at, at, organizationId, "webhook_endpoint", endpointId,
                endpoint, null, null);
    }

    private Notice notice(NoticeType type, String occurrenceId, Instant at, UUID organizationId, String resourceType,
                          UUID resourceId, Object view, String actor, String requestId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organization_id", organizationId);
        data.put("resource_type", resourceType);
        data.put("resource_id", resourceId);
        data.put(resourceType, view);
        data.put("actor", actor);
        data.put("request_id", requestId);
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
