package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_ALREADY_SHREDDED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.ILLEGAL_GLOBAL_INTEGRATION_STATE;
import static io.tether.api.problem.ProblemCode.INTEGRATION_DISABLED;
import static io.tether.api.problem.ProblemCode.INVALID_GLOBAL_INTEGRATION;
import static io.tether.api.problem.ProblemCode.INVALID_WEBHOOK_SIGNATURE;
import static io.tether.api.problem.ProblemCode.OAUTH_FLOW_MISMATCH;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_ALREADY_USED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_EXPIRED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_UNKNOWN;
import static io.tether.api.problem.ProblemCode.STALE_WEBHOOK;
import static io.tether.api.problem.ProblemCode.WEBHOOK_BODY_EXPIRED;
import static io.tether.api.problem.ProblemCode.WEBHOOK_DELIVERY_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.UNKNOWN_SERVICE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.global.CheckGlobalIntegrationCredentialsCommand;
import io.tether.api.global.CompleteGlobalIntegrationOAuthCommand;
import io.tether.api.global.ExpireGlobalIntegrationOAuthCommand;
import io.tether.api.global.FailGlobalIntegrationOAuthCommand;
import io.tether.api.global.GlobalIntegrationOAuthCompletedEvent;
import io.tether.api.global.GlobalIntegrationOAuthExpiredEvent;
import io.tether.api.global.GlobalIntegrationOAuthFailedEvent;
import io.tether.api.global.GlobalIntegrationOAuthStartedEvent;
import io.tether.api.global.GlobalIntegrationOAuthStartedView;
import io.tether.api.global.GlobalIntegrationOAuthStateRedeemedEvent;
import io.tether.api.global.RedeemGlobalIntegrationOAuthStateCommand;
import io.tether.api.global.RedeemedGlobalIntegrationOAuthStateView;
import io.tether.api.global.StartGlobalIntegrationOAuthCommand;
import io.tether.api.oauth.OAuthFlow;
import io.tether.command.account.OAuthSecrets;
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
import io.tether.api.global.ReadWebhookDeliveryBodyCommand;
import io.tether.api.global.ReceiveWebhookDeliveryCommand;
import io.tether.api.global.RotateWebhookSecretCommand;
import io.tether.api.global.ShredGlobalIntegrationCredentialsCommand;
import io.tether.api.global.UpdateGlobalIntegrationCommand;
import io.tether.api.global.WebhookDeliveryBodyReadEvent;
import io.tether.api.global.WebhookDeliveryBodyView;
import io.tether.api.global.WebhookDeliveryReceivedEvent;
import io.tether.api.global.WebhookDeliveryView;
import io.tether.api.global.WebhookSecretRotatedEvent;
import io.tether.command.catalog.CredentialShapes;
import io.tether.api.problem.ProblemException;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.ShreddingResult;
import io.tether.command.global.WebhookDeliveries.AcceptedDelivery;
import io.tether.command.global.WebhookDeliveries.KeptDelivery;
import io.tether.command.global.webhook.IncomingDelivery;
import io.tether.command.global.webhook.Signatures;
import io.tether.command.global.webhook.VerifiedDelivery;
import io.tether.command.global.webhook.WebhookFormat;
import io.tether.command.global.webhook.WebhookFormat.SecretSource;
import io.tether.command.global.webhook.WebhookFormats;
import io.tether.command.provider.CredentialsUnderCheck;
import io.tether.command.provider.ProviderCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
 *   rotate or enter the webhook secret; receive deliveries signed in the service's own format while enabled;
 *   open a kept delivery body for a worker
 *   install through the provider's OAuth (Slack): start ─▶ redeem the state once, in time ─▶ completed (connected
 *   with the token) or failed; or expired. The integration keeps its status and credentials until it completes.
 *   delete from any state; a deleted integration accepts nothing but the shredding of its key.
 * </pre>
 *
 * Credentials and the webhook secret are sealed under the integration's own key, each bound to its
 * field, before any event holds them; so are the bodies of accepted deliveries, each bound to its delivery.
 * Every handler answers with the integration as it now is.
 */
@Aggregate
class GlobalIntegration {

    static final String CREDENTIALS_FIELD = "credentials";
    static final String WEBHOOK_SECRET_FIELD = "webhook_secret";
    static final String WEBHOOK_BODY_FIELD = "body";

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
    /** The app install under way, if any: what its callback must match. */
    private PendingInstall pendingInstall;

    GlobalIntegration() {
        // For Axon: the aggregate is rebuilt from its events.
    }

    /**
     * Everything is checked, and the scope reserved, before a key is created or anything is sealed. The
     * webhook secret is generated here where Tether makes it, and answered this once; where the provider
     * issues it, it is the one the admin entered, or none until they do.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    WithWebhookSecret handle(CreateGlobalIntegrationCommand command, GlobalIntegrationScopes scopes,
                             CredentialShapes shapes, CredentialCipher cipher, WebhookFormats formats,
                             WebhookSecrets secrets) {
        CatalogEntry service = serviceOf(command.serviceName());
        shapes.requireValidConfig(service, JSON.valueToTree(command.config()));
        if (command.credentials() != null) {
            shapes.requireValidCredentials(service, command.credentials());
        }
        WebhookFormat format = formats.of(command.serviceName());
        requireAcceptable(format, command.webhookSecret());
        scopes.reserve(command.organizationId(), command.projectId(), command.serviceName(), command.integrationId());
        String generated = format.secretSource() == SecretSource.GENERATED_BY_TETHER ? secrets.generate(format) : null;
        String secret = generated != null ? generated : command.webhookSecret();
        EncryptedCredentials sealedSecret = secret == null ? null : cipher.encrypt(
                webhookSecretOwner(command.organizationId(), command.integrationId()),
                Map.of(WEBHOOK_SECRET_FIELD, secret));
        EncryptedCredentials sealedCredentials = command.credentials() == null ? null : cipher.encrypt(
                credentialsOwner(command.organizationId(), command.integrationId()), command.credentials());
        apply(new GlobalIntegrationCreatedEvent(command.integrationId(), command.organizationId(), command.projectId(),
                command.serviceName(), command.displayName() == null ? service.displayName() : command.displayName(),
                command.description(), command.logoUrl(), command.enabled(), command.config(), sealedSecret,
                command.createdBy()));
        if (sealedCredentials != null) {
            apply(new GlobalIntegrationConnectedEvent(command.integrationId(), sealedCredentials));
        }
        return new WithWebhookSecret(view(), generated);
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

    /**
     * The new secret replaces the old one at once: deliveries signed with the old one fail from now on.
     * Generated where Tether makes the secret (and answered this once), entered where the provider issues it.
     */
    @CommandHandler
    WithWebhookSecret handle(RotateWebhookSecretCommand command, CredentialCipher cipher, WebhookFormats formats,
                             WebhookSecrets secrets) {
        requireLiveIntegrationOf(command.organizationId());
        WebhookFormat format = formats.of(serviceName);
        requireAcceptable(format, command.webhookSecret());
        if (format.secretSource() == SecretSource.ISSUED_BY_PROVIDER && command.webhookSecret() == null) {
            throw INVALID_GLOBAL_INTEGRATION.fieldException("webhook_secret", "is required: " + serviceName
                    + " issues the webhook secret; enter the one it shows");
        }
        String generated = command.webhookSecret() == null ? secrets.generate(format) : null;
        apply(new WebhookSecretRotatedEvent(integrationId, cipher.encrypt(
                webhookSecretOwner(organizationId, integrationId),
                Map.of(WEBHOOK_SECRET_FIELD, generated != null ? generated : command.webhookSecret()))));
        return new WithWebhookSecret(view(), generated);
    }

    /** An entered secret only where the provider issues it, and of the shape it issues. */
    private static void requireAcceptable(WebhookFormat format, String enteredSecret) {
        if (enteredSecret != null) {
            format.problemWithEnteredSecret(enteredSecret).ifPresent(problem -> {
                throw INVALID_GLOBAL_INTEGRATION.fieldException("webhook_secret", problem);
            });
        }
    }

    /** A new version of the integration's key; its credentials and webhook secret are re-sealed under it. */
    @CommandHandler
    GlobalIntegrationKeyView handle(RotateGlobalIntegrationKeyCommand command, CredentialCipher cipher) {
        requireLiveIntegrationOf(command.organizationId());
        int version = cipher.rotateKey(integrationId);
        EncryptedCredentials resealedCredentials = credentials == null ? null
                : cipher.rewrap(credentialsOwner(organizationId, integrationId), credentials);
        EncryptedCredentials resealedSecret = webhookSecret == null ? null
                : cipher.rewrap(webhookSecretOwner(organizationId, integrationId), webhookSecret);
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
     * Accepts a delivery only from whoever holds the webhook secret, in the service's own format, signed
     * recently where the format signs a time, and only once. The checks run in that order, so that an
     * unsigned request learns nothing about timestamps or ids. A URL verification is answered with its
     * challenge and records nothing. An accepted body is sealed for this delivery alone and kept beside the
     * event store for a bounded time; the event holds its digest. "Now" is the time the event will carry.
     */
    @CommandHandler
    WebhookAnswer handle(ReceiveWebhookDeliveryCommand command, CredentialCipher cipher, WebhookDeliveries deliveries,
                         WebhookFormats formats, Clock clock) {
        if (organizationId == null || deleted) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + command.integrationId()
                    + " does not exist");
        }
        if (!enabled) {
            throw INTEGRATION_DISABLED.exception("Global integration " + integrationId
                    + " is disabled and accepts no deliveries");
        }
        if (webhookSecret == null) {
            throw INVALID_WEBHOOK_SIGNATURE.exception("Global integration " + integrationId
                    + " has no webhook secret yet: an admin enters the one " + serviceName + " issues");
        }
        WebhookFormat format = formats.of(serviceName);
        String secret = cipher.decrypt(webhookSecretOwner(organizationId, integrationId), webhookSecret)
                .get(WEBHOOK_SECRET_FIELD);
        VerifiedDelivery delivery = format.verify(secret, new IncomingDelivery(command.headers(), command.body()));
        Instant now = clock.instant();
        format.tolerance().ifPresent(tolerance -> {
            if (Duration.between(delivery.signedAt(), now).abs().compareTo(tolerance) > 0) {
                throw STALE_WEBHOOK.exception("The delivery was signed more than " + tolerance.toSeconds()
                        + " seconds away from now");
            }
        });
        if (delivery.isChallenge()) {
            return WebhookAnswer.challenge(delivery.challenge());
        }
        String bodySha256 = Signatures.sha256Hex(command.body());
        EncryptedCredentials sealedBody = cipher.encrypt(webhookBodyOwner(delivery.deliveryId()),
                Map.of(WEBHOOK_BODY_FIELD, Base64.getEncoder().encodeToString(command.body())));
        deliveries.record(new AcceptedDelivery(integrationId, delivery.deliveryId(), delivery.signedContentSha256(),
                delivery.type(), bodySha256, sealedBody, now));
        apply(new WebhookDeliveryReceivedEvent(integrationId, delivery.deliveryId(), bodySha256, delivery.signedAt(),
                delivery.type()));
        return WebhookAnswer.accepted(new WebhookDeliveryView(integrationId, delivery.deliveryId(), delivery.type(),
                bodySha256, now));
    }

    /** A worker reads what a provider sent, while it is kept; the read is on record with who read it. */
    @CommandHandler
    WebhookDeliveryBodyView handle(ReadWebhookDeliveryBodyCommand command, CredentialCipher cipher,
                                   WebhookDeliveries deliveries, Clock clock) {
        requireLiveIntegrationOf(command.organizationId());
        KeptDelivery kept = deliveries.find(integrationId, command.deliveryId())
                .orElseThrow(() -> WEBHOOK_DELIVERY_NOT_FOUND.exception("Global integration " + integrationId
                        + " accepted no delivery " + command.deliveryId()));
        if (kept.sealedBody() == null || !kept.bodyExpiresAt().isAfter(clock.instant())) {
            throw WEBHOOK_BODY_EXPIRED.exception("The body of delivery " + command.deliveryId()
                    + " is no longer kept" + (kept.bodyExpiresAt() == null ? "" : "; it expired at " + kept.bodyExpiresAt()));
        }
        String body = cipher.decrypt(webhookBodyOwner(command.deliveryId()), kept.sealedBody()).get(WEBHOOK_BODY_FIELD);
        apply(new WebhookDeliveryBodyReadEvent(integrationId, command.deliveryId()));
        return new WebhookDeliveryBodyView(integrationId, command.deliveryId(), kept.type(), kept.bodySha256(),
                kept.receivedAt(), kept.bodyExpiresAt(), body);
    }

    /**
     * Starts an app install at the provider (Slack's OAuth v2) for an integration of the flow's service; one
     * already pending is replaced, and its state stops working. The integration keeps its status meanwhile.
     */
    @CommandHandler
    GlobalIntegrationOAuthStartedView handle(StartGlobalIntegrationOAuthCommand command, Clock clock) {
        requireLiveIntegrationOf(command.organizationId());
        if (!command.flow().installs(serviceName)) {
            throw OAUTH_FLOW_MISMATCH.exception("Global integration " + integrationId + " is a " + serviceName
                    + " integration, which the " + command.flow() + " install does not connect; it connects with "
                    + "credentials (PATCH /integrations/global/" + integrationId + ")");
        }
        Instant expiresAt = clock.instant().plus(command.lifetime());
        apply(new GlobalIntegrationOAuthStartedEvent(integrationId, command.flow(),
                OAuthSecrets.hashOfState(command.state()), expiresAt));
        return new GlobalIntegrationOAuthStartedView(view(), expiresAt);
    }

    /** Accepts the pending install's state once, within its lifetime; the answer is what the code exchange needs. */
    @CommandHandler
    RedeemedGlobalIntegrationOAuthStateView handle(RedeemGlobalIntegrationOAuthStateCommand command, Clock clock) {
        requireExisting(command.integrationId());
        String stateHash = OAuthSecrets.hashOfState(command.state());
        if (pendingInstall == null || !OAuthSecrets.sameHash(pendingInstall.stateHash(), stateHash)) {
            throw OAUTH_STATE_UNKNOWN.exception("Global integration " + integrationId + " rejects the OAuth state: UNKNOWN");
        }
        if (pendingInstall.redeemed()) {
            throw OAUTH_STATE_ALREADY_USED.exception("Global integration " + integrationId
                    + " rejects the OAuth state: ALREADY_USED");
        }
        if (!clock.instant().isBefore(pendingInstall.expiresAt())) {
            throw OAUTH_STATE_EXPIRED.exception("Global integration " + integrationId + " rejects the OAuth state: EXPIRED");
        }
        apply(new GlobalIntegrationOAuthStateRedeemedEvent(integrationId, stateHash));
        return new RedeemedGlobalIntegrationOAuthStateView(integrationId, organizationId, pendingInstall.flow(), stateHash);
    }

    /**
     * The redeemed install's token and what came with it replace the credentials, checked against the service's
     * schema and sealed before the event holds them: the integration is connected (and out of ERROR).
     */
    @CommandHandler
    GlobalIntegrationView handle(CompleteGlobalIntegrationOAuthCommand command, CredentialShapes shapes,
                                 CredentialCipher cipher) {
        requireExisting(command.integrationId());
        PendingInstall install = requireRedeemedInstall(command.stateHash());
        shapes.requireValidCredentials(serviceOf(serviceName), command.credentials());
        EncryptedCredentials sealed = cipher.encrypt(credentialsOwner(organizationId, integrationId), command.credentials());
        apply(new GlobalIntegrationConnectedEvent(integrationId, sealed));
        apply(new GlobalIntegrationOAuthCompletedEvent(integrationId, install.flow(), command.workspaceId(),
                command.workspaceName(), command.scopes()));
        return view();
    }

    /** The redeemed install failed: on record with what to do; the integration keeps what it had. */
    @CommandHandler
    GlobalIntegrationView handle(FailGlobalIntegrationOAuthCommand command) {
        requireExisting(command.integrationId());
        PendingInstall install = requireRedeemedInstall(command.stateHash());
        apply(new GlobalIntegrationOAuthFailedEvent(integrationId, install.flow(), command.errorMessage()));
        return view();
    }

    /** The install's deadline: an install still pending (redeemed or not) is abandoned. */
    @CommandHandler
    void handle(ExpireGlobalIntegrationOAuthCommand command) {
        requireExisting(command.integrationId());
        if (pendingInstall == null || !OAuthSecrets.sameHash(pendingInstall.stateHash(), command.stateHash())) {
            throw OAUTH_STATE_UNKNOWN.exception("Global integration " + integrationId + " rejects the OAuth state: UNKNOWN");
        }
        apply(new GlobalIntegrationOAuthExpiredEvent(integrationId, pendingInstall.flow(), pendingInstall.stateHash()));
    }

    private PendingInstall requireRedeemedInstall(String stateHash) {
        if (pendingInstall == null || !OAuthSecrets.sameHash(pendingInstall.stateHash(), stateHash)) {
            throw ILLEGAL_GLOBAL_INTEGRATION_STATE.exception("Global integration " + integrationId
                    + " has no install with this state; a newer install replaced it, or it expired");
        }
        if (!pendingInstall.redeemed()) {
            throw ILLEGAL_GLOBAL_INTEGRATION_STATE.exception("Global integration " + integrationId
                    + ": the install's state has not come back from the provider yet");
        }
        return pendingInstall;
    }

    /** For the provider's redirect and Tether's deadlines, which name no caller: the integration must still exist. */
    private void requireExisting(UUID id) {
        if (organizationId == null || deleted) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + id + " does not exist");
        }
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

    /** A kept body opens for its own delivery only: one delivery's ciphertext cannot stand in for another's. */
    private CredentialOwner webhookBodyOwner(String deliveryId) {
        return webhookBodyOwner(organizationId, integrationId, deliveryId);
    }

    static CredentialOwner webhookBodyOwner(UUID organizationId, UUID integrationId, String deliveryId) {
        return new CredentialOwner(organizationId, integrationId, "webhook_body:" + deliveryId);
    }

    /** An id that names no global integration (none, another aggregate's, another organization's) is not found. */
    private void requireLiveIntegrationOf(UUID callerOrganizationId) {
        if (organizationId == null || !organizationId.equals(callerOrganizationId) || deleted) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
        }
    }

    GlobalIntegrationView view() {
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
        pendingInstall = null;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationOAuthStartedEvent event) {
        pendingInstall = new PendingInstall(event.flow(), event.stateHash(), event.expiresAt(), false);
    }

    @EventSourcingHandler
    void on(GlobalIntegrationOAuthStateRedeemedEvent event) {
        pendingInstall = pendingInstall.asRedeemed();
    }

    @EventSourcingHandler
    void on(GlobalIntegrationOAuthCompletedEvent event) {
        pendingInstall = null;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationOAuthFailedEvent event) {
        pendingInstall = null;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationOAuthExpiredEvent event) {
        pendingInstall = null;
    }

    @EventSourcingHandler
    void on(GlobalIntegrationCredentialsShreddingPendingEvent event) {
        shreddingPendingReason = event.reason();
    }

    @EventSourcingHandler
    void on(GlobalIntegrationCredentialsShreddedEvent event) {
        shredded = true;
    }

    /** An install under way: the hash of its state, until when it works, and whether it came back already. */
    private record PendingInstall(OAuthFlow flow, String stateHash, Instant expiresAt, boolean redeemed) {

        PendingInstall asRedeemed() {
            return new PendingInstall(flow, stateHash, expiresAt, true);
        }
    }
}
