package io.tether.api.global;

import io.tether.api.FieldChange;
import java.time.Instant;
import java.util.Optional;

/**
 * How each event changes a global integration as the API shows it ({@link GlobalIntegrationView}): the one
 * definition of its public state. The global integrations read model turns a change into its UPDATE's columns,
 * the notices keep their copy of the view with it, and the audit's point-in-time view applies it in memory
 * ({@link #apply}). The aggregate keeps more (its credentials, webhook secret, shredding); a command-side test
 * replays the same events through it and through this, and compares what the API would show.
 */
public final class GlobalIntegrationChanges {

    /** The fields an event may set; the id, organization, project, service, creator and creation time never change. */
    public enum Field {
        DISPLAY_NAME,
        DESCRIPTION,
        LOGO_URL,
        ENABLED,
        CONFIG,
        STATUS,
        ERROR_MESSAGE,
        HAS_CREDENTIALS,
        CONNECTED_AT,
        /** The read model's tombstone: a deleted integration is no longer listed. The view has no such field. */
        DELETED
    }

    private GlobalIntegrationChanges() {
    }

    /** A new integration: disconnected, without credentials (a connect event follows when it came with some). */
    public static GlobalIntegrationView created(GlobalIntegrationCreatedEvent event, Instant at) {
        return new GlobalIntegrationView(event.integrationId(), event.organizationId(), event.projectId(),
                event.serviceName(), event.displayName(), event.description(), event.logoUrl(), event.enabled(),
                event.config(), GlobalIntegrationStatus.DISCONNECTED, null, false, event.createdBy(), null, at, at);
    }

    /** New credentials: connected, any error of the ones before cleared. */
    public static FieldChange<Field> of(GlobalIntegrationConnectedEvent event, Instant at) {
        return change(Field.STATUS, GlobalIntegrationStatus.CONNECTED, Field.ERROR_MESSAGE, null,
                Field.HAS_CREDENTIALS, true, Field.CONNECTED_AT, at);
    }

    public static FieldChange<Field> of(GlobalIntegrationDisconnectedEvent event) {
        return change(Field.STATUS, GlobalIntegrationStatus.DISCONNECTED, Field.ERROR_MESSAGE, null,
                Field.HAS_CREDENTIALS, false, Field.CONNECTED_AT, null);
    }

    /** The service accepted the stored credentials: connected, also after an error (its recovery). */
    public static FieldChange<Field> of(GlobalIntegrationCredentialsVerifiedEvent event) {
        return change(Field.STATUS, GlobalIntegrationStatus.CONNECTED, Field.ERROR_MESSAGE, null);
    }

    /** The service refused the stored credentials; they stay until replaced or removed. */
    public static FieldChange<Field> of(GlobalIntegrationCredentialsRejectedEvent event) {
        return change(Field.STATUS, GlobalIntegrationStatus.ERROR, Field.ERROR_MESSAGE, event.reason());
    }

    public static FieldChange<Field> of(GlobalIntegrationDetailsChangedEvent event) {
        return change(Field.DISPLAY_NAME, event.displayName(), Field.DESCRIPTION, event.description(),
                Field.LOGO_URL, event.logoUrl());
    }

    public static FieldChange<Field> of(GlobalIntegrationConfigChangedEvent event) {
        return change(Field.CONFIG, event.config());
    }

    public static FieldChange<Field> of(GlobalIntegrationEnabledEvent event) {
        return change(Field.ENABLED, true);
    }

    public static FieldChange<Field> of(GlobalIntegrationDisabledEvent event) {
        return change(Field.ENABLED, false);
    }

    /** A new webhook secret shows only in {@code updated_at}. */
    public static FieldChange<Field> of(WebhookSecretRotatedEvent event) {
        return change();
    }

    /** Deleted: its credentials are gone; its status stays as it was. */
    public static FieldChange<Field> of(GlobalIntegrationDeletedEvent event) {
        return change(Field.DELETED, true, Field.HAS_CREDENTIALS, false);
    }

    /**
     * The change any global integration event makes, for readers that meet events of every type (a replay of
     * the store); empty for an event that changes nothing the API shows (a credentials read, a key rotation, a
     * webhook delivery, a shredding) and for the creation, which {@link #created} answers.
     */
    public static Optional<FieldChange<Field>> of(Object event, Instant at) {
        if (event instanceof GlobalIntegrationConnectedEvent connected) {
            return Optional.of(of(connected, at));
        }
        if (event instanceof GlobalIntegrationDisconnectedEvent disconnected) {
            return Optional.of(of(disconnected));
        }
        if (event instanceof GlobalIntegrationCredentialsVerifiedEvent verified) {
            return Optional.of(of(verified));
        }
        if (event instanceof GlobalIntegrationCredentialsRejectedEvent rejected) {
            return Optional.of(of(rejected));
        }
        if (event instanceof GlobalIntegrationDetailsChangedEvent details) {
            return Optional.of(of(details));
        }
        if (event instanceof GlobalIntegrationConfigChangedEvent config) {
            return Optional.of(of(config));
        }
        if (event instanceof GlobalIntegrationEnabledEvent enabled) {
            return Optional.of(of(enabled));
        }
        if (event instanceof GlobalIntegrationDisabledEvent disabled) {
            return Optional.of(of(disabled));
        }
        if (event instanceof WebhookSecretRotatedEvent rotated) {
            return Optional.of(of(rotated));
        }
        if (event instanceof GlobalIntegrationDeletedEvent deleted) {
            return Optional.of(of(deleted));
        }
        return Optional.empty();
    }

    /** The integration after the change, which happened at {@code at}. */
    public static GlobalIntegrationView apply(GlobalIntegrationView integration, FieldChange<Field> change, Instant at) {
        return new GlobalIntegrationView(integration.id(), integration.organizationId(), integration.projectId(),
                integration.serviceName(),
                change.valueOr(Field.DISPLAY_NAME, integration.displayName()),
                change.valueOr(Field.DESCRIPTION, integration.description()),
                change.valueOr(Field.LOGO_URL, integration.logoUrl()),
                change.valueOr(Field.ENABLED, integration.enabled()),
                change.valueOr(Field.CONFIG, integration.config()),
                change.valueOr(Field.STATUS, integration.status()),
                change.valueOr(Field.ERROR_MESSAGE, integration.errorMessage()),
                change.valueOr(Field.HAS_CREDENTIALS, integration.hasCredentials()),
                integration.createdBy(),
                change.valueOr(Field.CONNECTED_AT, integration.connectedAt()),
                integration.createdAt(), at);
    }

    private static FieldChange<Field> change(Object... fieldsAndValues) {
        return FieldChange.of(Field.class, fieldsAndValues);
    }
}
