package io.tether.api.global;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A global integration as the API shows it: everything but its credentials and webhook secret. */
public record GlobalIntegrationView(
        UUID id,
        UUID organizationId,
        @Nullable UUID projectId,
        String serviceName,
        String displayName,
        @Nullable String description,
        @Nullable String logoUrl,
        boolean enabled,
        @Nullable Map<String, Object> config,
        GlobalIntegrationStatus status,
        @Nullable String errorMessage,
        boolean hasCredentials,
        @Nullable String createdBy,
        @Nullable Instant connectedAt,
        Instant createdAt,
        Instant updatedAt) {
}
