package io.tether.command.global;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static io.tether.api.problem.ProblemCode.CONCURRENT_MODIFICATION;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_REJECTED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.PROVIDER_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_TAKEN;
import static io.tether.api.problem.ProblemCode.ILLEGAL_GLOBAL_INTEGRATION_STATE;
import static io.tether.api.problem.ProblemCode.INVALID_GLOBAL_INTEGRATION;
import static io.tether.api.problem.ProblemCode.UNKNOWN_SERVICE;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.global.CreateGlobalIntegrationCommand;
import io.tether.api.global.DeleteGlobalIntegrationCommand;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.RotateWebhookSecretCommand;
import io.tether.api.problem.Refuses;
import io.tether.command.provider.CredentialChecks;
import io.tether.command.provider.ProviderProperties;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.RandomUuids;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.AnswersPosition;
import io.tether.infrastructure.web.ConsistencyHeaders;
import jakarta.annotation.Nullable;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The global integration endpoints that change state; each answers with the position of the events it
 * appended. A webhook secret Tether generates is shown in exactly two responses: the one that creates
 * the integration and the one that rotates the secret. One the provider issues is entered in those two
 * requests and never shown.
 */
@RestController
@RequestMapping("/integrations/global")
@Tag(name = "global-integrations", description = "Global integrations: an organization's (or project's) connections "
        + "to services such as Slack")
class GlobalIntegrationCommandController {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final CommandGateway commands;
    private final EventStorePositions positions;
    private final ObjectMapper json;
    private final CredentialChecks checks;
    private final ProviderProperties providers;

    GlobalIntegrationCommandController(CommandGateway commands, EventStorePositions positions, ObjectMapper json,
                                       CredentialChecks checks, ProviderProperties providers) {
        this.commands = commands;
        this.positions = positions;
        this.json = json;
        this.checks = checks;
        this.providers = providers;
    }

    @PostMapping
    @Operation(operationId = "createGlobalIntegration", summary = "Create a global integration",
            description = "Creates the integration, connected when credentials are given (checked against the "
                    + "service's catalog schemas and sealed). One per organization, project (or none) and service. "
                    + "The answer carries the new webhook secret, shown this once.")
    @ResponseStatus(HttpStatus.CREATED)
    @AllowedRoles(Roles.ADMIN)
    @Refuses({GLOBAL_INTEGRATION_TAKEN, UNKNOWN_SERVICE, INVALID_GLOBAL_INTEGRATION, CREDENTIALS_REJECTED, PROVIDER_UNAVAILABLE,
            CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<WithWebhookSecret> create(@RequestBody CreateRequest request, Caller caller) {
        UUID integrationId = RandomUuids.next();
        Map<String, Object> config = configOf(request.config());
        // Checked at the service before anything is stored, unless the request or the setting says not to.
        if (request.verify() == null ? providers.verifyOnConnect() : request.verify()) {
            checks.requireAcceptedBeforeCreate(request.serviceName(), request.credentials(), config);
        }
        WithWebhookSecret created = send(integrationId, new CreateGlobalIntegrationCommand(integrationId,
                caller.organizationId(), request.projectId(), request.serviceName(), request.displayName(),
                request.description(), request.logoUrl(), request.enabled() == null || request.enabled(),
                config, request.credentials(), request.webhookSecret(), caller.subject()));
        return ResponseEntity
                .created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(integrationId))
                .cacheControl(CacheControl.noStore())
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(created);
    }

    /** JSON merge semantics: a field left out stays as it is, a field set to null is removed. */
    @PatchMapping(path = "/{integrationId}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(operationId = "updateGlobalIntegration", summary = "Update a global integration",
            description = "JSON merge patch: a field left out stays as it is; config is merged; credentials are "
                    + "replaced and re-sealed, null disconnects.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, ILLEGAL_GLOBAL_INTEGRATION_STATE, CREDENTIAL_STORE_UNAVAILABLE,
            CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<GlobalIntegrationView> update(@PathVariable UUID integrationId, @RequestBody PatchRequest request,
                                                 Caller caller) {
        GlobalIntegrationView integration = send(integrationId,
                request.toCommand(integrationId, caller.organizationId(), json));
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(integration);
    }

    /** Without a body Tether generates the new secret; with {@code webhook_secret}, the admin enters the provider's. */
    @PostMapping("/{integrationId}/webhook-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate the webhook secret",
            description = "Without a body Tether generates the new secret and shows it in this answer only; with "
                    + "`webhook_secret`, the admin enters the secret the provider issued (Slack, ClickUp, Linear), "
                    + "which is never shown back. The old secret stops working at once.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, ILLEGAL_GLOBAL_INTEGRATION_STATE, INVALID_GLOBAL_INTEGRATION,
            CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<WithWebhookSecret> rotateWebhookSecret(@PathVariable UUID integrationId,
                                                          @RequestBody(required = false) SecretRequest request,
                                                          Caller caller) {
        WithWebhookSecret rotated = send(integrationId, new RotateWebhookSecretCommand(integrationId,
                caller.organizationId(), request == null ? null : request.webhookSecret()));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(rotated);
    }

    @DeleteMapping("/{integrationId}")
    @Operation(operationId = "deleteGlobalIntegration", summary = "Delete a global integration",
            description = "Deletes the integration; its key is then destroyed.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @AllowedRoles(Roles.ADMIN)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<Void> delete(@PathVariable UUID integrationId, Caller caller) {
        send(integrationId, new DeleteGlobalIntegrationCommand(integrationId, caller.organizationId()));
        return ResponseEntity.noContent()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .build();
    }

    private Map<String, Object> configOf(JsonNode config) {
        if (config == null || config.isNull()) {
            return null;
        }
        if (!config.isObject()) {
            throw INVALID_GLOBAL_INTEGRATION.fieldException("config", "must be an object");
        }
        return json.convertValue(config, JSON_OBJECT);
    }

    private <R> R send(UUID integrationId, Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            // Incompatible: the id is another aggregate's, such as an account's.
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
        }
    }

    /** @param verify whether the service checks the credentials first
     *  @param webhookSecret the secret the provider issued (Slack, ClickUp, Linear); left out where Tether makes it */
    @Schema(name = "CreateGlobalIntegrationRequest")
    record CreateRequest(@Schema(requiredMode = REQUIRED, description = "A service of the catalog", example = "slack")
                         String serviceName,
                         @Nullable UUID projectId, @Nullable String displayName, @Nullable String description,
                         @Nullable String logoUrl, @Schema(defaultValue = "true") @Nullable Boolean enabled,
                         @Schema(description = "Checked against the service's config schema") @Nullable JsonNode config,
                         @Schema(description = "Checked against the service's credentials schema, then sealed")
                         @Nullable Map<String, String> credentials,
                         @Schema(description = "The webhook secret the provider issued (Slack, ClickUp, Linear); "
                                 + "left out where Tether generates it") @Nullable String webhookSecret,
                         @Schema(description = "Whether the service checks the credentials before they are stored; "
                                 + "absent, the setting tether.providers.verify-on-connect decides") @Nullable Boolean verify) {

        @Override
        public String toString() {
            return "CreateRequest[serviceName=" + serviceName + ", projectId=" + projectId
                    + ", credentials=<redacted>, webhookSecret=<redacted>]";
        }
    }

    @Schema(name = "WebhookSecretRequest")
    record SecretRequest(@Schema(description = "The secret the provider issued") @Nullable String webhookSecret) {

        @Override
        public String toString() {
            return "SecretRequest[webhookSecret=<redacted>]";
        }
    }
}
