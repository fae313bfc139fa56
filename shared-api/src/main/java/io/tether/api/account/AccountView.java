package io.tether.api.account;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;

/** An account as the API shows it: everything but its credentials. */
public record AccountView(
        UUID id,
        UUID organizationId,
        Marketplace marketplace,
        IntegrationType integrationType,
        String accountName,
        Region region,
        AccountStatus status,
        @Nullable String errorMessage,
        boolean hasCredentials,
        @Nullable Instant connectedAt,
        Instant createdAt,
        Instant updatedAt) {
}
