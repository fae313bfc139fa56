package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_ALREADY_SHREDDED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.ILLEGAL_GLOBAL_INTEGRATION_STATE;
import static io.tether.api.problem.ProblemCode.INTEGRATION_DISABLED;
import static io.tether.api.problem.ProblemCode.INVALID_GLOBAL_INTEGRATION;
import static io.tether.api.problem.ProblemCode.STALE_WEBHOOK;
import static io.tether.api.problem.ProblemCode.UNKNOWN_SERVICE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.global.CheckGlobalIntegrationCredentialsCommand;
import io.tether.api.global.CreateGlobalIntegrationCommand;
import io.tether.api.global.GlobalIntegrationCredentialsReadEvent;
import io.tether.api.global.GlobalIntegrationCredentialsRejectedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsVerifiedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsView;
import io.tether.api.global.ReadGlobalIntegrationCredentialsCommand;
import io.tether.api.global.RecordGlobalIntegrationCredentialsCheckCommand;
import io.tether.api.global.DeleteGlobalIntegrationCommand;
import io.tether.api.global.GlobalIntegrationConfigChangedEvent;
import io.tether.api.global.GlobalIntegrationConnectedEvent;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsShreddedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsShreddingPendingEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationKeyRotatedEvent;
import io.tether.api.global.GlobalIntegrationKeyView;
import io.tether.api.global.RotateGlobalIntegrationKeyCommand;
import io.tether.api.global.GlobalIntegrationDetailsChangedEvent;
import io.tether.api.global.GlobalIntegrationDisabledEvent;
import io.tether.api.global.GlobalIntegrationDisconnectedEvent;
import io.tether.api.global.GlobalIntegrationEnabledEvent;
import io.tether.api.global.GlobalIntegrationStatus;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.PatchedField;
import io.tether.api.global.ReceiveWebhookDeliveryCommand;
import io.tether.api.global.RotateWebhookSecretCommand;
import io.tether.api.global.ShredGlobalIntegrationCredentialsCommand;
import io.tether.api.global.UpdateGlobalIntegrationCommand;
import io.tether.api.global.WebhookDeliveryReceivedEvent;
import io.tether.api.global.WebhookDeliveryView;
import io.tether.api.global.WebhookSecretRotatedEvent;
import io.tether.command.catalog.CredentialShapes;
import io.tether.api.problem.ProblemException;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.ShreddingResult;
import io.tether.command.provider.CredentialsUnderCheck;
import io.tether.command.provider.ProviderCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One organization's connection to a catalog service such as Slack, optionally scoped to a project.
 *
 * <pre>
 *   create ─▶ CONNECTED (with credentials) or DISCONNECTED (without)
 *   update: new credentials connect, removing them disconnects; enable, disable, config, display fields
 *   rotate the webhook secret; receive signed webhook deliveries while enabled
 *   delete from any state; a deleted integration accepts nothing but the shredding of its key.
 * </pre>
 *
 * Credentials and the webhook secret are sealed under the integration's own key, each bound to its
 * field, before any event holds them. Every handler answers with the integration as it now is.
 */
@Aggregate
class GlobalIntegration {

    static final String CREDENTIALS_FIELD = "credentials";
    static final String WEBHOOK_SECRET_FIELD = "webhook_secret";

    private static final ObjectMapper JSON = new ObjectMapper();

    @AggregateIdentifier
    private UUID integrationId;
    private UUID organizationId;
    private UUID projectId;
    private String serviceName;
    private String displayName;
    private String description;
    private String logoUrl;
    private boolean enabled;
    private Map<String, Object> config;
    private EncryptedCredentials credentials;
    /** Why the service refused the stored credentials when they were last checked; null while they work. */
    private String errorMessage;
    private EncryptedCredentials webhookSecret;
    private String createdBy;
    private Instant connectedAt;
    private Instant createdAt;
    private Instant updatedAt;
    private boolean deleted;
    private boolean shredded;
    private String shreddingPendingReason;

    GlobalIntegration() {
        // For Axon: the aggregate is rebuilt from its events.
    }

    /** Everything is checked, and the scope reserved, before a key is created or anything is sealed. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    GlobalIntegrationView handle(CreateGlobalIntegrationCommand command, GlobalIntegrationScopes scopes,
                                 CredentialShapes shapes, CredentialCipher cipher) {
        CatalogEntry service = serviceOf(command.serviceName());
        shapes.requireValidConfig(service, JSON.valueToTree(command.config()));
        if (command.credentials() != null) {
            shapes.requireValidCredentials(service, command.credentials());
        }
        scopes.reserve(command.organizationId(), command.projectId(), command.serviceName(), command.integrationId());
        EncryptedCredentials sealedSecret = cipher.encrypt(
                webhookSecretOwner(command.organizationId(), command.integrationId()),
                Map.of(WEBHOOK_SECRET_FIELD, command.webhookSecret()));
        EncryptedCredentials sealedCredentials = command.credentials() == null ? null : cipher.encrypt(
                credentialsOwner(command.organizationId(), command.integrationId()), command.credentials());
        apply(new GlobalIntegrationCreatedEvent(command.integrationId(), command.organizationId(), command.projectId(),
                command.serviceName(), command.displayName() == null ? service.displayName() : command.displayName(),
                command.description(), command.logoUrl(), command.enabled(), command.config(), sealedSecret,
                command.createdBy()));
        if (sealedCredentials != null) {
            apply(new GlobalIntegrationConnectedEvent(command.integrationId(), sealedCredentials));
        }
        return view();
    }

    /**
     * Applies what the patch names and nothing else; a field set to what it already is changes nothing.
     * Everything is checked before anything is sealed or applied.
     */
    @CommandHandler
    GlobalIntegrationView handle(UpdateGlobalIntegrationCommand command, CredentialShapes shapes,
                                 CredentialCipher cipher) {
        requireLiveIntegrationOf(command.organizationId());
        if (command.changes(PatchedField.DISPLAY_NAME) && command.displayName() == null) {
            throw INVALID_GLOBAL_INTEGRATION.fieldException("display_name", "cannot be removed; give another name instead");
        }
        if (command.changes(PatchedField.ENABLED) && command.enabled() == null) {
            throw INVALID_GLOBAL_INTEGRATION.fieldException("enabled", "must be true or false");
        }
        CatalogEntry service = serviceOf(serviceName);
        Map<String, Object> newConfig = config;
        if (command.changes(PatchedField.CONFIG)) {
            newConfig = command.config() == null ? Map.of() : ConfigMergePatch.apply(config, command.config());
            shapes.requireValidConfig(service, JSON.valueToTree(newConfig));
        }
        boolean connects = command.changes(PatchedField.CREDENTIALS) && command.credentials() != null;
        if (connects) {
            shapes.requireValidCredentials(service, command.credentials());
        }

        String newDisplayName = command.changes(PatchedField.DISPLAY_NAME) ? command.displayName() : displayName;
        String newDescription = command.changes(PatchedField.DESCRIPTION) ? command.description() : description;
        String newLogoUrl = command.changes(PatchedField.LOGO_URL) ? command.logoUrl() : logoUrl;
        if (!Objects.equals(newDisplayName, displayName) || !Objects.equals(newDescription, description)
                || !Objects.equals(newLogoUrl, logoUrl)) {
            apply(new GlobalIntegrationDetailsChangedEvent(integrationId, newDisplayName, newDescription, newLogoUrl));
        }
        if (command.changes(PatchedField.ENABLED) && command.enabled() != enabled) {
            apply(command.enabled() ? new GlobalIntegrationEnabledEvent(integrationId)
                    : new GlobalIntegrationDisabledEvent(integrationId));
        }
        if (!newConfig.equals(config)) {
            apply(new GlobalIntegrationConfigChangedEvent(integrationId, newConfig));
        }
        if (connects) {
            apply(new GlobalIntegrationConnectedEvent(integrationId,
                    cipher.encrypt(credentialsOwner(organizationId, integrationId), command.credentials())));
        } else if (command.changes(PatchedField.CREDENTIALS) && credentials != null) {
            apply(new GlobalIntegrationDisconnectedEvent(integrationId));
        }
        return view();
    }

    /**
     * Opens the stored credentials for Tether to check at the service (a "test connection", or the periodic
     * check); nothing is recorded until the outcome is, by the command below.
     */
    @CommandHandler
    CredentialsUnderCheck handle(CheckGlobalIntegrationCredentialsCommand command, CredentialCipher cipher) {
        requireLiveIntegrationOf(command.organizationId());
        requireCredentials("check");
        return new CredentialsUnderCheck(serviceName, credentials, ProviderCredentials.ofService(
                cipher.decrypt(credentialsOwner(organizationId, integrationId), credentials), config));
    }

    /**
     * The service's answer on the credentials that were opened for the check: accepted clears an error (and
     * records the recovery), refused puts the integration in ERROR with the reason. A refusal that repeats the
     * error already shown adds nothing to the history: the answer is the integration as it is.
     */
    @CommandHandler
    GlobalIntegrationView handle(RecordGlobalIntegrationCredentialsCheckCommand command) {
        requireLiveIntegrationOf(command.organizationId());
        requireCredentials("check");
        if (!credentials.equals(command.checked())) {
            throw CREDENTIALS_CHANGED.exception("The credentials of global integration " + integrationId
                    + " changed while they were being checked; check them again");
        }
        if (command.accepted()) {
            apply(new GlobalIntegrationCredentialsVerifiedEvent(integrationId, errorMessage != null));
        } else if (command.reason() == null || command.reason().isBlank()) {
            throw new IllegalArgumentException("A refusal of credentials says why");
        } else if (!command.reason().equals(errorMessage)) {
            apply(new GlobalIntegrationCredentialsRejectedEvent(integrationId, command.reason()));
        }
        return view();
    }

    /** Opens the credentials for an internal worker; every such read is on record, with its purpose. */
    @CommandHandler
    GlobalIntegrationCredentialsView handle(ReadGlobalIntegrationCredentialsCommand command, CredentialCipher cipher) {
        requireLiveIntegrationOf(command.organizationId());
        requireCredentials("read");
        Map<String, String> opened = cipher.decrypt(credentialsOwner(organizationId, integrationId), credentials);
        apply(new GlobalIntegrationCredentialsReadEvent(integrationId, credentials.keyVersion(), command.purpose()));
        return new GlobalIntegrationCredentialsView(integrationId, serviceName, config, opened);
    }

    private void requireCredentials(String toDo) {
        if (credentials == null) {
            throw ILLEGAL_GLOBAL_INTEGRATION_STATE.exception("Global integration " + integrationId
                    + " is DISCONNECTED: it holds no credentials to " + toDo);
        }
    }

    /** The new secret replaces the old one at once: deliveries signed with the old one fail from now on. */
    @CommandHandler
    GlobalIntegrationView handle(RotateWebhookSecretCommand command, CredentialCipher cipher) {
        requireLiveIntegrationOf(command.organizationId());
        apply(new WebhookSecretRotatedEvent(integrationId, cipher.encrypt(
                webhookSecretOwner(organizationId, integrationId),
                Map.of(WEBHOOK_SECRET_FIELD, command.webhookSecret()))));
        return view();
    }

    /** A new version of the integration's key; its credentials and webhook secret are re-sealed under it. */
    @CommandHandler
    GlobalIntegrationKeyView handle(RotateGlobalIntegrationKeyCommand command, CredentialCipher cipher) {
        requireLiveIntegrationOf(command.organizationId());
        int version = cipher.rotateKey(integrationId);
        EncryptedCredentials resealedCredentials = credentials == null ? null
                : cipher.rewrap(credentialsOwner(organizationId, integrationId), credentials);
        EncryptedCredentials resealedSecret = cipher.rewrap(webhookSecretOwner(organizationId, integrationId), webhookSecret);
        apply(new GlobalIntegrationKeyRotatedEvent(integrationId, version, resealedCredentials, resealedSecret));
        return new GlobalIntegrationKeyView(integrationId, version);
    }

    @CommandHandler
    void handle(DeleteGlobalIntegrationCommand command, GlobalIntegrationScopes scopes, WebhookDeliveries deliveries) {
        requireLiveIntegrationOf(command.organizationId());
        scopes.release(integrationId);
        deliveries.forget(integrationId);
        apply(new GlobalIntegrationDeletedEvent(integrationId));
    }

    /**
     * After deletion the key goes too: the credentials and webhook secrets in the events become unrecoverable.
     * Recorded only once the key store confirms the key destroyed; otherwise pending, on record once per reason.
     */
    @CommandHandler
    ShreddingResult handle(ShredGlobalIntegrationCredentialsCommand command, CredentialCipher cipher) {
        if (!deleted) {
            throw ILLEGAL_GLOBAL_INTEGRATION_STATE.exception("Global integration " + integrationId
                    + ": only a deleted integration's key is destroyed");
        }
        if (shredded) {
            throw GLOBAL_INTEGRATION_ALREADY_SHREDDED.exception("The key of global integration " + integrationId
                    + " was already destroyed");
        }
        try {
            cipher.destroyKey(integrationId);
        } catch (ProblemException notConfirmed) {
            if (!CredentialCipher.isKeyStoreFailure(notConfirmed)) {
                throw notConfirmed;
            }
            ShreddingResult pending = ShreddingResult.pending(notConfirmed);
            if (!pending.pendingReason().equals(shreddingPendingReason)) {
                apply(new GlobalIntegrationCredentialsShreddingPendingEvent(integrationId, pending.pendingReason()));
            }
            return pending;
        }
        apply(new GlobalIntegrationCredentialsShreddedEvent(integrationId));
        return ShreddingResult.SHREDDED;
    }

    /**
     * Accepts a delivery only from whoever holds the webhook secret, signed recently, and only once. The
     * checks run in that order, so that an unsigned request learns nothing about timestamps or ids. "Now"
     * is the time the delivery's event will carry.
     */
    @CommandHandler
    WebhookDeliveryView handle(ReceiveWebhookDeliveryCommand command, CredentialCipher cipher,
                               WebhookDeliveries deliveries, Clock clock) {
        if (organizationId == null || deleted) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + command.integrationId()
                    + " does not exist");
        }
        if (!enabled) {
            throw INTEGRATION_DISABLED.exception("Global integration " + integrationId
                    + " is disabled and accepts no deliveries");
        }
        String secret = cipher.decrypt(webhookSecretOwner(organizationId, integrationId), webhookSecret)
                .get(WEBHOOK_SECRET_FIELD);
        Instant signedAt = WebhookSignature.verify(secret, command.signature(), command.timestamp(), command.body());
        Instant now = clock.instant();
        if (!WebhookSignature.isFresh(signedAt, now)) {
            throw STALE_WEBHOOK.exception("The delivery's timestamp is more than "
                    + WebhookSignature.TOLERANCE.toMinutes() + " minutes away from now");
        }
        deliveries.record(integrationId, command.deliveryId(),
                WebhookSignature.sha256(WebhookSignature.signedPrefix(command.timestamp()), command.body()));
        String bodySha256 = WebhookSignature.sha256(command.body());
        apply(new WebhookDeliveryReceivedEvent(integrationId, command.deliveryId(), bodySha256, signedAt));
        return new WebhookDeliveryView(integrationId, command.deliveryId(), bodySha256, now);
    }

    private static CatalogEntry serviceOf(String serviceName) {
        return IntegrationCatalog.find(serviceName)
                .filter(entry -> entry.kind() == CatalogKind.SERVICE)
                .orElseThrow(() -> UNKNOWN_SERVICE.exception("'" + serviceName
                        + "' is not a service of the integration catalog; known services: " + String.join(", ", knownServices()))
                        .withError("service_name", "is not a service of the integration catalog")
                        .with("known_services", knownServices()));
    }

    private static List<String> knownServices() {
        return IntegrationCatalog.entries().stream()
                .filter(entry -> entry.kind() == CatalogKind.SERVICE)
                .map(CatalogEntry::slug)
                .toList();
    }

    static CredentialOwner credentialsOwner(UUID organizationId, UUID integrationId) {
        return new CredentialOwner(organizationId, integrationId, CREDENTIALS_FIELD);
    }

    static CredentialOwner webhookSecretOwner(UUID organizationId, UUID integrationId) {
        return new CredentialOwner(organizationId, integrationId, WEBHOOK_SECRET_FIELD);
    }

    /** An id that names no global integration (none, another aggregate's, another organization's) is not found. */
    private void requireLiveIntegrationOf(UUID callerOrganizationId) {
        if (organizationId == null || !organizationId.equals(callerOrganizationId) || deleted) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
        }
    }

    private GlobalIntegrationView view() {
        return new GlobalIntegrationView(integrationId, organizationId, projectId, serviceName, displayName,
                description, logoUrl, enabled, config,
                credentials == null ? GlobalIntegrationStatus.DISCONNECTED
                        : errorMessage != null ? GlobalIntegrationStatus.ERROR : GlobalIntegrationStatus.CONNECTED,
                errorMessage, credentials != null, createdBy, connectedAt, createdAt, updatedAt);
    }

    @EventSourcingHandler
    void on(GlobalIntegrationCreatedEvent event, @Timestamp Instant at) {
        integrationId = event.integrationId();
        organizationId = event.organizationId();
        projectId = event.projectId();
        serviceName = event.serviceName();
        displayName = event.displayName();
        description = event.description();
        logoUrl = event.logoUrl();
        enabled = event.enabled();
        config = event.config();
        webhookSecret = event.webhookSecret();
        createdBy = event.createdBy();
        createdAt = at;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationConnectedEvent event, @Timestamp Instant at) {
        credentials = event.credentials();
        errorMessage = null;
        connectedAt = at;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationDisconnectedEvent event, @Timestamp Instant at) {
        credentials = null;
        errorMessage = null;
        connectedAt = null;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationCredentialsVerifiedEvent event, @Timestamp Instant at) {
        errorMessage = null;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationCredentialsRejectedEvent event, @Timestamp Instant at) {
        errorMessage = event.reason();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationDetailsChangedEvent event, @Timestamp Instant at) {
        displayName = event.displayName();
        description = event.description();
        logoUrl = event.logoUrl();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationConfigChangedEvent event, @Timestamp Instant at) {
        config = event.config();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationEnabledEvent event, @Timestamp Instant at) {
        enabled = true;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationDisabledEvent event, @Timestamp Instant at) {
        enabled = false;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(WebhookSecretRotatedEvent event, @Timestamp Instant at) {
        webhookSecret = event.webhookSecret();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationKeyRotatedEvent event) {
        if (event.credentials() != null) {
            credentials = event.credentials();
        }
        webhookSecret = event.webhookSecret();
    }

    @EventSourcingHandler
    void on(GlobalIntegrationDeletedEvent event, @Timestamp Instant at) {
        deleted = true;
        credentials = null;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationCredentialsShreddingPendingEvent event) {
        shreddingPendingReason = event.reason();
    }

    @EventSourcingHandler
    void on(GlobalIntegrationCredentialsShreddedEvent event) {
        shredded = true;
    }
}
