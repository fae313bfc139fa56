package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.INTEGRATION_DISABLED;
import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.REPLAYED_WEBHOOK;
import static io.tether.api.problem.ProblemCode.STALE_WEBHOOK;
import static io.tether.api.problem.ProblemCode.VALIDATION_FAILED;
import static io.tether.api.problem.ProblemCode.WEBHOOK_BODY_TOO_LARGE;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.AuditMetadata;
import io.tether.api.global.ReceiveWebhookDeliveryCommand;
import io.tether.api.global.WebhookDeliveryView;
import io.tether.api.problem.ProblemException;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.audit.SecurityEvents;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incoming webhook deliveries: public (providers have no bearer token), so the signature made with the
 * integration's webhook secret is the only proof of origin. The body is read as raw bytes, since the
 * signature covers them exactly, up to a bound. Every refusal is counted by reason.
 */
@RestController
@Tag(name = "webhooks", description = "Incoming webhooks: providers' deliveries to a global integration, signed with "
        + "its webhook secret")
class WebhookController {

    static final String SIGNATURE_HEADER = "X-Tether-Signature";
    static final String TIMESTAMP_HEADER = "X-Tether-Timestamp";
    static final String DELIVERY_HEADER = "X-Tether-Delivery";
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Who acted, for the audit trail: no person, but whoever held the webhook secret. */
    private static final String ACTOR = "webhook";

    private final CommandGateway commands;
    private final WebhookRejections rejections;

    private final SecurityEvents securityEvents;

    WebhookController(CommandGateway commands, WebhookRejections rejections, SecurityEvents securityEvents) {
        this.commands = commands;
        this.rejections = rejections;
        this.securityEvents = securityEvents;
    }

    @PostMapping("/integrations/global/{integrationId}/webhooks")
    @Operation(operationId = "receiveWebhook", summary = "Receive a webhook delivery (public)",
            description = "A provider's delivery, proven by X-Tether-Signature: sha256=HMAC-SHA256 of timestamp.body "
                    + "keyed with the webhook secret. Accepted once, within 5 minutes of its timestamp, up to 1 MiB; "
                    + "recorded without its body.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, INTEGRATION_DISABLED, INVALID_WEBHOOK_SIGNATURE, STALE_WEBHOOK,
            REPLAYED_WEBHOOK, WEBHOOK_BODY_TOO_LARGE, VALIDATION_FAILED})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            description = "The provider's payload, exactly as signed",
            content = {@Content(mediaType = "application/json", schema = @Schema(type = "object")),
                @Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(type = "object"))})
    ResponseEntity<WebhookDeliveryView> receive(
            @PathVariable UUID integrationId,
            @RequestHeader(name = SIGNATURE_HEADER, required = false) String signature,
            @RequestHeader(name = TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(name = DELIVERY_HEADER, required = false) String deliveryId,
            HttpServletRequest request) throws IOException {
        try {
            byte[] body = boundedBody(request);
            WebhookDeliveryView delivery = commands.sendAndWait(GenericCommandMessage
                    .asCommandMessage(new ReceiveWebhookDeliveryCommand(integrationId, deliveryId, signature, timestamp, body))
                    .andMetaData(Map.of(AuditMetadata.ACTOR, ACTOR)));
            rejections.accepted();
            return ResponseEntity.accepted().body(delivery);
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
}
