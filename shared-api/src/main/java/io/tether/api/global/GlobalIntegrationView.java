package io.tether.api.global;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A global integration as the API shows it: everything but its credentials and webhook secret. */
public record GlobalIntegrationView(
        UUID id,
        UUID organizationId,
        UUID projectId,
        String serviceName,
        String displayName,
        String description,
        String logoUrl,
        boolean enabled,
        Map<String, Object> config,
        GlobalIntegrationStatus status,
        String errorMessage,
        boolean hasCredentials,
        String createdBy,
        Instant connectedAt,
        Instant createdAt,
        Instant updatedAt) {
}
