package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.INTEGRATION_DISABLED;
import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.MALFORMED_WEBHOOK;
import static io.tether.api.problem.ProblemCode.REPLAYED_WEBHOOK;
import static io.tether.api.problem.ProblemCode.STALE_WEBHOOK;
import static io.tether.api.problem.ProblemCode.VALIDATION_FAILED;
import static io.tether.api.problem.ProblemCode.WEBHOOK_BODY_EXPIRED;
import static io.tether.api.problem.ProblemCode.WEBHOOK_BODY_TOO_LARGE;
import static io.tether.api.problem.ProblemCode.WEBHOOK_DELIVERY_NOT_FOUND;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.AuditMetadata;
import io.tether.api.global.ReadWebhookDeliveryBodyCommand;
import io.tether.api.global.ReceiveWebhookDeliveryCommand;
import io.tether.api.global.WebhookDeliveryBodyView;
import io.tether.api.problem.ProblemException;
import io.tether.command.global.webhook.WebhookFormats;
import io.tether.infrastructure.audit.SecurityEvents;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.api.global.WebhookDeliveryView;
import io.tether.api.problem.Refuses;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incoming webhook deliveries: public (providers have no bearer token), so the signature made with the
 * integration's webhook secret, in the integration's service's own format, is the only proof of origin.
 * The body is read as raw bytes, since the signature covers them exactly, up to a bound. Every refusal is
 * counted by reason. Workers (role {@code service}) fetch a kept body by its delivery id; every read is
 * recorded.
 */
@RestController
@Tag(name = "webhooks", description = "Incoming webhooks: providers' deliveries to a global integration, signed with "
        + "its webhook secret")
class WebhookController {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Who acted, for the audit trail: no person, but whoever held the webhook secret. */
    private static final String ACTOR = "webhook";

    private final CommandGateway commands;
    private final WebhookRejections rejections;
    private final SecurityEvents securityEvents;
    private final WebhookFormats formats;

    WebhookController(CommandGateway commands, WebhookRejections rejections, SecurityEvents securityEvents,
                      WebhookFormats formats) {
        this.commands = commands;
        this.rejections = rejections;
        this.securityEvents = securityEvents;
        this.formats = formats;
    }

    /** 202 with the accepted delivery; 200 with {@code {"challenge": …}} for a URL verification (Slack's). */
    @PostMapping("/integrations/global/{integrationId}/webhooks")
    @Operation(operationId = "receiveWebhook", summary = "Receive a webhook delivery (public)",
            description = "A provider's delivery, proven by the signature scheme of the integration's service "
                    + "(Slack, GitHub, ClickUp, Linear, Jira; Standard Webhooks for every other sender) keyed with the "
                    + "webhook secret. Accepted once, within the provider's time window where it signs a time, up to "
                    + "1 MiB; recorded with its body sealed. Slack's url_verification is answered 200 with its challenge.",
            responses = {
                @ApiResponse(responseCode = "202", description = "Accepted and recorded",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = WebhookDeliveryView.class))),
                @ApiResponse(responseCode = "200", description = "Slack's url_verification, answered",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = WebhookChallenge.class)))})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, INTEGRATION_DISABLED, INVALID_WEBHOOK_SIGNATURE, STALE_WEBHOOK,
            REPLAYED_WEBHOOK, MALFORMED_WEBHOOK, WEBHOOK_BODY_TOO_LARGE, VALIDATION_FAILED})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            description = "The provider's payload, exactly as signed",
            content = {@Content(mediaType = "application/json", schema = @Schema(type = "object")),
                @Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(type = "object"))})
    ResponseEntity<Object> receive(@PathVariable UUID integrationId, HttpServletRequest request) throws IOException {
        try {
            byte[] body = boundedBody(request);
            WebhookAnswer answer = commands.sendAndWait(GenericCommandMessage
                    .asCommandMessage(new ReceiveWebhookDeliveryCommand(integrationId, headersOf(request), body))
                    .andMetaData(Map.of(AuditMetadata.ACTOR, ACTOR)));
            if (answer.challenge() != null) {
                return ResponseEntity.ok(new WebhookChallenge(answer.challenge()));
            }
            rejections.accepted();
            return ResponseEntity.accepted().body(answer.accepted());
        } catch (ProblemException e) {
            if (e.is(GLOBAL_INTEGRATION_NOT_FOUND)) {
                throw unknownIntegration(integrationId);
            }
            String reason = switch (e.code()) {
                case WEBHOOK_BODY_TOO_LARGE -> "too_large";
                case INTEGRATION_DISABLED -> "disabled";
                case INVALID_WEBHOOK_SIGNATURE -> "bad_signature";
                case REPLAYED_WEBHOOK -> "replayed";
                case STALE_WEBHOOK -> "stale_timestamp";
                case MALFORMED_WEBHOOK -> "malformed";
                default -> throw e;
            };
            rejections.count(reason);
            securityEvents.record("webhook_rejected", null, integrationId, reason);
            throw e;
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw unknownIntegration(integrationId);
        } catch (JSR303ViolationException e) {
            rejections.count("malformed");
            throw e;
        }
    }

    @GetMapping("/integrations/global/{integrationId}/webhooks/deliveries/{deliveryId}")
    @Operation(operationId = "getWebhookDeliveryBody", summary = "Read an accepted delivery's body (workers)",
            description = "The body of a delivery the integration accepted, unsealed, while it is kept "
                    + "(tether.webhooks.body-retention). Every read is recorded in the audit trail.")
    @AllowedRoles(Roles.SERVICE)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, WEBHOOK_DELIVERY_NOT_FOUND, WEBHOOK_BODY_EXPIRED,
            CREDENTIAL_STORE_UNAVAILABLE})
    ResponseEntity<WebhookDeliveryBodyView> body(@PathVariable UUID integrationId, @PathVariable String deliveryId,
                                                 Caller caller) {
        try {
            WebhookDeliveryBodyView body = commands.sendAndWait(
                    new ReadWebhookDeliveryBodyCommand(integrationId, caller.organizationId(), deliveryId));
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
        }
    }

    /** Only the headers some format reads: nothing else of the request (cookies, proxies' headers) goes further. */
    private Map<String, String> headersOf(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : formats.headers()) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    private ProblemException unknownIntegration(UUID integrationId) {
        rejections.count("unknown_integration");
        return GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
    }

    private static byte[] boundedBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw WEBHOOK_BODY_TOO_LARGE.exception("The delivery's body is larger than " + MAX_BODY_BYTES
                        + " bytes");
            }
            return body;
        }
    }

    /** Slack's URL verification, answered with the challenge it sent. */
    @Schema(name = "WebhookChallenge")
    record WebhookChallenge(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String challenge) {
    }
}
