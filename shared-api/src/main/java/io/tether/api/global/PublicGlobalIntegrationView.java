package io.tether.api.global;

import jakarta.annotation.Nullable;
import java.util.UUID;

/**
 * What may be shown about a global integration to anyone who may see it at all: what it is and whether
 * it works, without its config, scope, creator or anything derived from its secrets.
 */
public record PublicGlobalIntegrationView(
        UUID id,
        String serviceName,
        String displayName,
        @Nullable String description,
        @Nullable String logoUrl,
        boolean enabled,
        GlobalIntegrationStatus status) {

    public static PublicGlobalIntegrationView of(GlobalIntegrationView integration) {
        return new PublicGlobalIntegrationView(integration.id(), integration.serviceName(), integration.displayName(),
                integration.description(), integration.logoUrl(), integration.enabled(), integration.status());
    }
}
