package io.tether.command.notice;

import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.RandomUuids;
import io.tether.infrastructure.security.AllowedRoles;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_ENDPOINT;
import static io.tether.api.problem.ProblemCode.NOTICE_DELIVERY_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.WEBHOOK_ENDPOINT_NOT_FOUND;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.tether.api.PlainTextValidator;
import io.tether.api.problem.FieldProblem;
import io.tether.command.notice.WebhookEndpoints.Channel;
import io.tether.command.notice.WebhookEndpoints.Endpoint;
import io.tether.command.notice.WebhookEndpoints.SlackTarget;
import io.tether.eventing.ReadYourWrites;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import jakarta.annotation.Nullable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The organization's notice endpoints, their deliveries and attempts. An organization's admin manages
 * its own; a platform admin the platform-wide ones. Other roles are refused (403); an endpoint the caller
 * may not manage is not found (404). The signing secret is shown in exactly two answers: the creation and
 * the rotation.
 */
@RestController
@RequestMapping("/integrations/webhook-endpoints")
@Tag(name = "notice-endpoints", description = "Outbound notices: the endpoints that receive them, signed per Standard Webhooks, and their deliveries")
class WebhookEndpointController {

    private static final int MAX_URL_LENGTH = 2000;
    private static final int MAX_DESCRIPTION_LENGTH = 500;
    private static final int MAX_LISTED = 500;

    private final WebhookEndpoints endpoints;
    private final SigningSecrets secrets;
    private final NoticeTargets targets;
    private final NoticeOutbox outbox;
    private final NoticeDelivery delivery;
    private final SlackCredentials slackCredentials;
    private final NoticeProperties properties;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    WebhookEndpointController(WebhookEndpoints endpoints, SigningSecrets secrets, NoticeTargets targets, NoticeOutbox outbox,
                              NoticeDelivery delivery, SlackCredentials slackCredentials, NoticeProperties properties,
                              ReadYourWrites readYourWrites, Clock clock) {
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.targets = targets;
        this.outbox = outbox;
        this.delivery = delivery;
        this.slackCredentials = slackCredentials;
        this.properties = properties;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    @PostMapping
    @Operation(operationId = "createWebhookEndpoint", summary = "Register a notice endpoint",
            description = "An organization admin registers an endpoint for its own notices; a platform admin (platform_wide) for every organization's. The answer shows the signing secret (whsec_…) this once.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({INVALID_WEBHOOK_ENDPOINT, GLOBAL_INTEGRATION_NOT_FOUND, CREDENTIAL_STORE_UNAVAILABLE})
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    ResponseEntity<WithSigningSecret> create(@RequestBody CreateRequest request, Caller caller) {
        boolean platformWide = Boolean.TRUE.equals(request.platformWide());
        caller.requireAnyRole(platformWide ? Roles.PLATFORM_ADMIN : Roles.ADMIN);
        UUID organizationId = platformWide ? null : caller.organizationId();
        List<FieldProblem> violations = new ArrayList<>();
        boolean toSlack = request.slack() != null;
        String url = toSlack ? null : url(request.url(), violations);
        SlackTarget slack = toSlack ? slackTarget(request, organizationId, violations) : null;
        List<String> noticeTypes = request.noticeTypes() == null ? null : noticeTypes(request.noticeTypes(), violations);
        String description = description(request.description(), violations);
        refuseIfAny(violations);
        UUID id = RandomUuids.next();
        String secret = toSlack ? null : secrets.generate();
        Instant now = clock.instant();
        Endpoint endpoint = new Endpoint(id, organizationId, toSlack ? Channel.SLACK : Channel.WEBHOOK, url, slack, noticeTypes,
                description, request.enabled() == null || request.enabled(), null,
                secret == null ? null : secrets.seal(organizationId, id, secret), null, null, caller.subject(), now, now);
        endpoints.insert(endpoint);
        endpoints.recordChange(id, organizationId, "created", caller.subject(), now);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(id))
                .cacheControl(CacheControl.noStore())
                .body(new WithSigningSecret(EndpointView.of(endpoint), secret));
    }

    @GetMapping
    @Operation(operationId = "listWebhookEndpoints", summary = "List notice endpoints",
            description = "The organization's endpoints (and, for a platform admin, the platform-wide ones); never a signing secret.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    Map<String, List<EndpointView>> list(Caller caller) {
        caller.requireAnyRole(Roles.ADMIN, Roles.PLATFORM_ADMIN);
        return Map.of("items", endpoints.of(caller.organizationId(), caller.roles().contains(Roles.PLATFORM_ADMIN)).stream()
                .filter(endpoint -> mayManage(endpoint, caller))
                .map(EndpointView::of)
                .toList());
    }

    @GetMapping("/{endpointId}")
    @Operation(operationId = "getWebhookEndpoint", summary = "Get a notice endpoint",
            description = "One endpoint the caller may manage; never its signing secret.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND})
    EndpointView get(@PathVariable UUID endpointId, Caller caller) {
        return EndpointView.of(managed(endpointId, caller));
    }

    /** JSON merge semantics: a field left out stays; {@code notice_types: null} subscribes to every type, {@code description: null} removes it. */
    @PatchMapping(path = "/{endpointId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(operationId = "updateWebhookEndpoint", summary = "Change a notice endpoint",
            description = "URL, notice types, description, enabled (a JSON merge patch). Enabling an endpoint again clears its failure record.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND, INVALID_WEBHOOK_ENDPOINT})
    @Transactional
    EndpointView update(@PathVariable UUID endpointId, @RequestBody PatchRequest request, Caller caller) {
        Endpoint endpoint = managed(endpointId, caller);
        List<FieldProblem> violations = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        String url = endpoint.url();
        if (request.url() != null) {
            changed.add("url");
            if (endpoint.channel() == Channel.SLACK) {
                violations.add(new FieldProblem("url", "a Slack endpoint has none; register another endpoint instead"));
            } else {
                url = url(request.url().isTextual() ? request.url().textValue() : null, violations);
            }
        }
        List<String> noticeTypes = endpoint.noticeTypes();
        if (request.noticeTypes() != null) {
            changed.add("notice_types");
            noticeTypes = request.noticeTypes().isEmpty() ? null : noticeTypes(request.noticeTypes().get(), violations);
        }
        String description = endpoint.description();
        if (request.description() != null) {
            changed.add("description");
            if (request.description().isNull() || request.description().isTextual()) {
                description = description(request.description().textValue(), violations);
            } else {
                violations.add(new FieldProblem("description", "must be text, or null to remove it"));
            }
        }
        boolean enabled = endpoint.enabled();
        if (request.enabled() != null) {
            changed.add("enabled");
            if (request.enabled().isBoolean()) {
                enabled = request.enabled().booleanValue();
            } else {
                violations.add(new FieldProblem("enabled", "must be true or false"));
            }
        }
        if (violations.isEmpty() && changed.isEmpty()) {
            violations.add(new FieldProblem("body", "names no field to change; it takes url, notice_types, description, enabled"));
        }
        refuseIfAny(violations);
        Instant now = clock.instant();
        Endpoint updated = new Endpoint(endpoint.id(), endpoint.organizationId(), endpoint.channel(), url, endpoint.slack(),
                noticeTypes, description, enabled,
                enabled ? null : endpoint.enabled() ? "disabled by " + caller.subject() : endpoint.disabledReason(),
                endpoint.signingSecret(), endpoint.previousSigningSecret(), endpoint.previousSecretExpiresAt(),
                endpoint.createdBy(), endpoint.createdAt(), now);
        endpoints.update(updated);
        endpoints.recordChange(endpointId, endpoint.organizationId(), "updated " + String.join(", ", changed), caller.subject(), now);
        if (enabled) {
            delivery.wake();
        }
        return EndpointView.of(updated);
    }

    /** A new secret; the one it replaces keeps signing beside it for {@code tether.notices.secret-overlap}. */
    @PostMapping("/{endpointId}/rotate-secret")
    @Operation(operationId = "rotateWebhookEndpointSecret", summary = "Rotate a notice endpoint's signing secret",
            description = "A new signing secret, shown in this answer only; the old one keeps signing beside it for tether.notices.secret-overlap.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND, INVALID_WEBHOOK_ENDPOINT, CREDENTIAL_STORE_UNAVAILABLE})
    @Transactional
    ResponseEntity<WithSigningSecret> rotateSecret(@PathVariable UUID endpointId, Caller caller) {
        Endpoint endpoint = managed(endpointId, caller);
        if (endpoint.channel() == Channel.SLACK) {
            throw INVALID_WEBHOOK_ENDPOINT.fieldException("channel", "a Slack endpoint has no signing secret");
        }
        String secret = secrets.generate();
        Instant now = clock.instant();
        Endpoint rotated = new Endpoint(endpoint.id(), endpoint.organizationId(), endpoint.channel(), endpoint.url(),
                endpoint.slack(), endpoint.noticeTypes(),
                endpoint.description(), endpoint.enabled(), endpoint.disabledReason(),
                secrets.seal(endpoint.organizationId(), endpointId, secret), endpoint.signingSecret(),
                now.plus(properties.secretOverlap()), endpoint.createdBy(), endpoint.createdAt(), now);
        endpoints.update(rotated);
        endpoints.recordChange(endpointId, endpoint.organizationId(), "rotated its secret", caller.subject(), now);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new WithSigningSecret(EndpointView.of(rotated), secret));
    }

    /** Its deliveries and attempts go with it, and its key is destroyed: what it signed can no longer be re-signed. */
    @DeleteMapping("/{endpointId}")
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a notice endpoint",
            description = "The endpoint and its pending deliveries; its change history stays.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    ResponseEntity<Void> delete(@PathVariable UUID endpointId, Caller caller) {
        Endpoint endpoint = managed(endpointId, caller);
        endpoints.delete(endpointId);
        endpoints.recordChange(endpointId, endpoint.organizationId(), "deleted", caller.subject(), clock.instant());
        secrets.destroy(endpointId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{endpointId}/deliveries")
    @Operation(operationId = "listNoticeDeliveries", summary = "List an endpoint's deliveries",
            description = "Newest first: each notice's state, attempts and next attempt. Given a command's position "
                    + "(Tether-Min-Position), it waits until the notices of that command and of those before it are queued.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND, INVALID_WEBHOOK_ENDPOINT})
    ResponseEntity<Map<String, List<NoticeOutbox.DeliveryView>>> deliveries(
            @PathVariable UUID endpointId,
            @RequestParam(defaultValue = "100") int limit,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        managed(endpointId, caller);
        // The notices processor queues a notice's deliveries in the transaction that stores its position.
        String consistency = readYourWrites.await(minPosition, NoticeProjection.PROCESSING_GROUP).headerValue();
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency)
                .body(Map.of("items", outbox.deliveries(endpointId, limited(limit))));
    }

    @GetMapping("/{endpointId}/attempts")
    @Operation(operationId = "listNoticeAttempts", summary = "List an endpoint's delivery attempts",
            description = "Newest first: time, status, latency and the first KiB of each answer.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND, INVALID_WEBHOOK_ENDPOINT})
    Map<String, List<NoticeOutbox.AttemptView>> attempts(@PathVariable UUID endpointId,
                                                                @RequestParam(defaultValue = "100") int limit, Caller caller) {
        managed(endpointId, caller);
        return Map.of("items", outbox.attempts(endpointId, limited(limit)));
    }

    /** Due again at once, with the same {@code webhook-id}: after the endpoint's earlier pending deliveries. */
    @PostMapping("/{endpointId}/deliveries/{deliveryId}/retry")
    @Operation(operationId = "retryNoticeDelivery", summary = "Retry one delivery now",
            description = "The delivery is attempted again at once, with the same webhook-id.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND, NOTICE_DELIVERY_NOT_FOUND})
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<Void> retry(@PathVariable UUID endpointId, @PathVariable long deliveryId, Caller caller) {
        Endpoint endpoint = managed(endpointId, caller);
        if (outbox.retry(endpointId, deliveryId) == 0) {
            throw NOTICE_DELIVERY_NOT_FOUND.exception("Endpoint " + endpointId + " has no delivery " + deliveryId);
        }
        endpoints.recordChange(endpointId, endpoint.organizationId(), "retried delivery " + deliveryId, caller.subject(),
                clock.instant());
        delivery.wake();
        return ResponseEntity.accepted().build();
    }

    /** Every notice that occurred in [since, until) delivered again, in its first order and with its first id. */
    @PostMapping("/{endpointId}/replay")
    @Operation(operationId = "replayNoticeDeliveries", summary = "Replay the deliveries of a time range",
            description = "Every delivery to the endpoint whose notice is in [since, until) is attempted again, with the same webhook-ids.")
    @AllowedRoles({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Refuses({WEBHOOK_ENDPOINT_NOT_FOUND, INVALID_WEBHOOK_ENDPOINT})
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<Map<String, Integer>> replay(@PathVariable UUID endpointId, @RequestBody ReplayRequest request,
                                                       Caller caller) {
        Endpoint endpoint = managed(endpointId, caller);
        List<FieldProblem> violations = new ArrayList<>();
        if (request.since() == null) {
            violations.add(new FieldProblem("since", "is required"));
        }
        if (request.until() == null) {
            violations.add(new FieldProblem("until", "is required"));
        } else if (request.since() != null && !request.since().isBefore(request.until())) {
            violations.add(new FieldProblem("until", "must be after since"));
        }
        refuseIfAny(violations);
        int replayed = outbox.replay(endpointId, request.since(), request.until());
        endpoints.recordChange(endpointId, endpoint.organizationId(),
                "replayed " + replayed + " deliveries from " + request.since() + " until " + request.until(), caller.subject(),
                clock.instant());
        delivery.wake();
        return ResponseEntity.accepted().body(Map.of("deliveries", replayed));
    }

    /** A role that may manage no endpoint is refused before anything is looked up; another's endpoint is not found. */
    private Endpoint managed(UUID endpointId, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN, Roles.PLATFORM_ADMIN);
        return endpoints.find(endpointId)
                .filter(endpoint -> mayManage(endpoint, caller))
                .orElseThrow(() -> WEBHOOK_ENDPOINT_NOT_FOUND.exception("Webhook endpoint " + endpointId + " does not exist"));
    }

    private static boolean mayManage(Endpoint endpoint, Caller caller) {
        return endpoint.platformWide()
                ? caller.roles().contains(Roles.PLATFORM_ADMIN)
                : endpoint.organizationId().equals(caller.organizationId()) && caller.roles().contains(Roles.ADMIN);
    }

    private String url(String url, List<FieldProblem> violations) {
        if (url == null || url.isBlank()) {
            violations.add(new FieldProblem("url", "is required"));
            return null;
        }
        String trimmed = url.strip();
        if (trimmed.length() > MAX_URL_LENGTH || !trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            violations.add(new FieldProblem("url", "must be at most " + MAX_URL_LENGTH
                    + " printable ASCII characters (percent-encode the others)"));
            return null;
        }
        targets.refusal(trimmed).ifPresent(refusal -> violations.add(new FieldProblem("url", refusal)));
        return trimmed;
    }

    private SlackTarget slackTarget(CreateRequest request, UUID organizationId, List<FieldProblem> violations) {
        if (request.url() != null) {
            violations.add(new FieldProblem("url", "is not taken with slack: the message goes through the Slack integration"));
        }
        if (organizationId == null) {
            violations.add(new FieldProblem("platform_wide", "a Slack endpoint is its organization's"));
            return null;
        }
        SlackRequest slack = request.slack();
        String delivery = slack.delivery() == null ? SlackTarget.CHAT_POST_MESSAGE : slack.delivery();
        boolean toIncomingWebhook = delivery.equals(SlackTarget.INCOMING_WEBHOOK);
        if (!toIncomingWebhook && !delivery.equals(SlackTarget.CHAT_POST_MESSAGE)) {
            violations.add(new FieldProblem("slack.delivery", "must be " + SlackTarget.CHAT_POST_MESSAGE + " (the default) or "
                    + SlackTarget.INCOMING_WEBHOOK));
        }
        if (toIncomingWebhook && slack.channel() != null) {
            violations.add(new FieldProblem("slack.channel", "is not taken with incoming_webhook: Slack chose the webhook's"
                    + " channel when the app was installed"));
        } else if (!toIncomingWebhook && (slack.channel() == null || slack.channel().isBlank() || slack.channel().length() > 80
                || !PlainTextValidator.isPlain(slack.channel(), false))) {
            violations.add(new FieldProblem("slack.channel", "is required: a channel name or id, at most 80 characters"));
        }
        if (slack.integrationId() == null) {
            violations.add(new FieldProblem("slack.integration_id", "is required"));
        } else if (!slackCredentials.isConnected(organizationId, slack.integrationId())) {
            violations.add(new FieldProblem("slack.integration_id", "is not a connected Slack integration of the organization"));
        } else if (toIncomingWebhook && slackCredentials.incomingWebhookUrl(organizationId, slack.integrationId()).isEmpty()) {
            violations.add(new FieldProblem("slack.delivery", "the integration's credentials hold no "
                    + SlackCredentials.INCOMING_WEBHOOK_URL + "; connect it with one (Slack's OAuth install stores it)"));
        }
        return new SlackTarget(slack.integrationId(), toIncomingWebhook || slack.channel() == null ? null : slack.channel().strip(),
                delivery);
    }

    private static List<String> noticeTypes(List<String> types, List<FieldProblem> violations) {
        if (types.isEmpty()) {
            violations.add(new FieldProblem("notice_types", "must be a non-empty array of notice types, or null for every type"));
            return null;
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String type : types) {
            if (type != null && NoticeType.ofWireName(type).isPresent()) {
                names.add(type);
            } else {
                violations.add(new FieldProblem("notice_types", "has " + type + ", which is not a notice type; they are "
                        + String.join(", ", Arrays.stream(NoticeType.values()).map(NoticeType::wireName).toList())));
            }
        }
        return List.copyOf(names);
    }

    private static String description(String description, List<FieldProblem> violations) {
        if (description == null) {
            return null;
        }
        if (!PlainTextValidator.isPlain(description, false) || description.length() > MAX_DESCRIPTION_LENGTH) {
            violations.add(new FieldProblem("description", "must be plain text of at most " + MAX_DESCRIPTION_LENGTH
                    + " characters, without control, invisible or bidirectional formatting characters"));
            return null;
        }
        return description.strip();
    }

    private static void refuseIfAny(List<FieldProblem> violations) {
        if (!violations.isEmpty()) {
            throw INVALID_WEBHOOK_ENDPOINT.exception("The endpoint has invalid fields").withErrors(violations);
        }
    }

    private static int limited(int limit) {
        if (limit < 1 || limit > MAX_LISTED) {
            throw INVALID_WEBHOOK_ENDPOINT.fieldException("limit", "must be between 1 and " + MAX_LISTED);
        }
        return limit;
    }

    @Schema(name = "CreateWebhookEndpointRequest")
    record CreateRequest(@Schema(description = "https, unless tether.notices.allow-private-targets; or slack instead") String url,
                         SlackRequest slack,
                         @Schema(description = "The notice types to receive; left out or null: every type")
                         @Nullable List<String> noticeTypes,
                         String description, @Schema(defaultValue = "true") Boolean enabled,
                         @Schema(description = "Every organization's notices (platform admins)") Boolean platformWide) {
    }

    /**
     * Slack instead of a URL: the organization's connected Slack integration posts to a channel with
     * {@code chat.postMessage}, or to its incoming-webhook URL.
     */
    @Schema(name = "SlackNoticeChannel")
    record SlackRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID integrationId,
                        @Schema(description = "Required with chat_post_message; not taken with incoming_webhook",
                                example = "#integrations") @Nullable String channel,
                        @Schema(description = "chat_post_message (under the bot token, to channel) or incoming_webhook (to the "
                                + "URL in the integration's credentials, incoming_webhook_url)",
                                allowableValues = {SlackTarget.CHAT_POST_MESSAGE, SlackTarget.INCOMING_WEBHOOK},
                                defaultValue = SlackTarget.CHAT_POST_MESSAGE) @Nullable String delivery) {
    }

    /** Field by field as sent: left out is null here, sent as null is a JSON null node (an empty Optional for the types). */
    @Schema(name = "WebhookEndpointMergePatch")
    record PatchRequest(@Schema(implementation = String.class) JsonNode url,
                        @Schema(description = "The notice types to receive; null: every type")
                        @Nullable Optional<List<String>> noticeTypes,
                        @Schema(implementation = String.class, nullable = true) JsonNode description,
                        @Schema(implementation = Boolean.class) JsonNode enabled) {
    }

    @Schema(name = "NoticeReplayRequest")
    record ReplayRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant since,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant until) {
    }

    /** An endpoint as the API shows it: never its secrets. {@code notice_types} null means every type. */
    record EndpointView(UUID id, @Nullable UUID organizationId, boolean platformWide, String channel, @Nullable String url,
                        @Nullable SlackTarget slack, @Schema(description = "null: every type") @Nullable List<String> noticeTypes,
                        @Nullable String description, boolean enabled, @Nullable String disabledReason,
                        String createdBy, Instant createdAt, Instant updatedAt) {

        static EndpointView of(Endpoint endpoint) {
            return new EndpointView(endpoint.id(), endpoint.organizationId(), endpoint.platformWide(),
                    endpoint.channel().name().toLowerCase(Locale.ROOT), endpoint.url(), endpoint.slack(), endpoint.noticeTypes(), endpoint.description(), endpoint.enabled(), endpoint.disabledReason(),
                    endpoint.createdBy(), endpoint.createdAt(), endpoint.updatedAt());
        }
    }

    /** The endpoint and its signing secret in plaintext (null for a Slack endpoint): for the two answers that hand it out. */
    record WithSigningSecret(@JsonUnwrapped EndpointView endpoint,
                             @Schema(description = "whsec_…, shown in this answer only; null for a Slack channel") @Nullable String signingSecret) {

        @Override
        public String toString() {
            return "WithSigningSecret[endpoint=" + endpoint.id() + ", signingSecret=<redacted>]";
        }
    }
}
