package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.INVALID_GLOBAL_INTEGRATION;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.global.CreateGlobalIntegrationCommand;
import io.tether.api.global.DeleteGlobalIntegrationCommand;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.RotateWebhookSecretCommand;
import io.tether.command.provider.CredentialChecks;
import io.tether.command.provider.ProviderProperties;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The global integration endpoints that change state; each answers with the position of the events it
 * appended. The webhook secret is generated here and shown in exactly two responses: the one that
 * creates the integration and the one that rotates it.
 */
@RestController
@RequestMapping("/integrations/global")
class GlobalIntegrationCommandController {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final CommandGateway commands;
    private final EventStorePositions positions;
    private final WebhookSecrets webhookSecrets;
    private final ObjectMapper json;
    private final CredentialChecks checks;
    private final ProviderProperties providers;

    GlobalIntegrationCommandController(CommandGateway commands, EventStorePositions positions,
                                       WebhookSecrets webhookSecrets, ObjectMapper json, CredentialChecks checks,
                                       ProviderProperties providers) {
        this.commands = commands;
        this.positions = positions;
        this.webhookSecrets = webhookSecrets;
        this.json = json;
        this.checks = checks;
        this.providers = providers;
    }

    @PostMapping
    ResponseEntity<WithWebhookSecret> create(@RequestBody CreateRequest request, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        UUID integrationId = UUID.randomUUID();
        Map<String, Object> config = configOf(request.config());
        // Checked at the service before anything is stored, unless the request or the setting says not to.
        if (request.verify() == null ? providers.verifyOnConnect() : request.verify()) {
            checks.requireAcceptedBeforeCreate(request.serviceName(), request.credentials(), config);
        }
        String webhookSecret = webhookSecrets.generate();
        GlobalIntegrationView integration = send(integrationId, new CreateGlobalIntegrationCommand(integrationId,
                caller.organizationId(), request.projectId(), request.serviceName(), request.displayName(),
                request.description(), request.logoUrl(), request.enabled() == null || request.enabled(),
                config, request.credentials(), webhookSecret, caller.subject()));
        return ResponseEntity
                .created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(integrationId))
                .cacheControl(CacheControl.noStore())
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(new WithWebhookSecret(integration, webhookSecret));
    }

    /** JSON merge semantics: a field left out stays as it is, a field set to null is removed. */
    @PatchMapping(path = "/{integrationId}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    ResponseEntity<GlobalIntegrationView> update(@PathVariable UUID integrationId, @RequestBody PatchRequest request,
                                                 Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        GlobalIntegrationView integration = send(integrationId,
                request.toCommand(integrationId, caller.organizationId(), json));
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(integration);
    }

    @PostMapping("/{integrationId}/webhook-secret")
    ResponseEntity<WithWebhookSecret> rotateWebhookSecret(@PathVariable UUID integrationId, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        String webhookSecret = webhookSecrets.generate();
        GlobalIntegrationView integration = send(integrationId,
                new RotateWebhookSecretCommand(integrationId, caller.organizationId(), webhookSecret));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(new WithWebhookSecret(integration, webhookSecret));
    }

    @DeleteMapping("/{integrationId}")
    ResponseEntity<Void> delete(@PathVariable UUID integrationId, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
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

    /** {@code verify}: whether the service checks the credentials first; absent, {@code tether.providers.verify-on-connect} says. */
    record CreateRequest(String serviceName, UUID projectId, String displayName, String description, String logoUrl,
                         Boolean enabled, JsonNode config, Map<String, String> credentials, Boolean verify) {

        @Override
        public String toString() {
            return "CreateRequest[serviceName=" + serviceName + ", projectId=" + projectId + ", credentials=<redacted>]";
        }
    }

    /** The integration, and its webhook secret in plaintext: for the two responses that hand it out. */
    record WithWebhookSecret(@JsonUnwrapped GlobalIntegrationView integration, String webhookSecret) {

        @Override
        public String toString() {
            return "WithWebhookSecret[integration=" + integration.id() + ", webhookSecret=<redacted>]";
        }
    }
}
