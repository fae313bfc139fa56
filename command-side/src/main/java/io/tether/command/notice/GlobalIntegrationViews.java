package io.tether.command.notice;

import io.tether.api.global.GlobalIntegrationStatus;
import io.tether.api.global.GlobalIntegrationView;
import java.time.Instant;
import java.util.Map;

/**
 * What the global integration events do to the integration's public view, for the notices. The query
 * side's read model writes the same changes as SQL (a copy: no shared definition of the global
 * integration's view exists yet, as {@code AccountChanges} is the account's); {@code NoticesTest}
 * compares a notice's view with the API's answer for the same integration.
 */
final class GlobalIntegrationViews {

    private GlobalIntegrationViews() {
    }

    static GlobalIntegrationView connected(GlobalIntegrationView view, Instant at) {
        return with(view, view.displayName(), view.description(), view.logoUrl(), view.enabled(), view.config(),
                GlobalIntegrationStatus.CONNECTED, null, true, at, at);
    }

    static GlobalIntegrationView disconnected(GlobalIntegrationView view, Instant at) {
        return with(view, view.displayName(), view.description(), view.logoUrl(), view.enabled(), view.config(),
                GlobalIntegrationStatus.DISCONNECTED, null, false, null, at);
    }

    static GlobalIntegrationView enabled(GlobalIntegrationView view, boolean enabled, Instant at) {
        return with(view, view.displayName(), view.description(), view.logoUrl(), enabled, view.config(),
                view.status(), view.errorMessage(), view.hasCredentials(), view.connectedAt(), at);
    }

    static GlobalIntegrationView details(GlobalIntegrationView view, String displayName, String description, String logoUrl,
                                         Instant at) {
        return with(view, displayName, description, logoUrl, view.enabled(), view.config(), view.status(),
                view.errorMessage(), view.hasCredentials(), view.connectedAt(), at);
    }

    static GlobalIntegrationView config(GlobalIntegrationView view, Map<String, Object> config, Instant at) {
        return with(view, view.displayName(), view.description(), view.logoUrl(), view.enabled(), config, view.status(),
                view.errorMessage(), view.hasCredentials(), view.connectedAt(), at);
    }

    /** The service accepted the stored credentials: connected, any error cleared. */
    static GlobalIntegrationView verified(GlobalIntegrationView view, Instant at) {
        return with(view, view.displayName(), view.description(), view.logoUrl(), view.enabled(), view.config(),
                GlobalIntegrationStatus.CONNECTED, null, view.hasCredentials(), view.connectedAt(), at);
    }

    /** The service refused the stored credentials: in error, with its reason. */
    static GlobalIntegrationView rejected(GlobalIntegrationView view, String reason, Instant at) {
        return with(view, view.displayName(), view.description(), view.logoUrl(), view.enabled(), view.config(),
                GlobalIntegrationStatus.ERROR, reason, view.hasCredentials(), view.connectedAt(), at);
    }

    /** A change that shows only in {@code updated_at}, such as a new webhook secret. */
    static GlobalIntegrationView touched(GlobalIntegrationView view, Instant at) {
        return with(view, view.displayName(), view.description(), view.logoUrl(), view.enabled(), view.config(),
                view.status(), view.errorMessage(), view.hasCredentials(), view.connectedAt(), at);
    }

    private static GlobalIntegrationView with(GlobalIntegrationView view, String displayName, String description,
                                              String logoUrl, boolean enabled, Map<String, Object> config,
                                              GlobalIntegrationStatus status, String errorMessage, boolean hasCredentials,
                                              Instant connectedAt, Instant at) {
        return new GlobalIntegrationView(view.id(), view.organizationId(), view.projectId(), view.serviceName(), displayName,
                description, logoUrl, enabled, config, status, errorMessage, hasCredentials, view.createdBy(), connectedAt,
                view.createdAt(), at);
    }
}
