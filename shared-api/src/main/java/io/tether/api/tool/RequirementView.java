package io.tether.api.tool;

import io.tether.api.catalog.CatalogKind;
import jakarta.annotation.Nullable;
import java.util.UUID;

/**
 * One required integration of a tool for one organization: whether it is satisfied and by what. Account
 * slugs are met by an integration account of that type ({@code accountId}), service slugs by a global
 * integration ({@code globalIntegrationId}); {@code connectionName} is that one's name. With no candidate
 * at all, the ids and name are null and {@code status} is {@link RequirementStatus#MISSING}.
 */
public record RequirementView(
        String integration,
        CatalogKind kind,
        String displayName,
        boolean satisfied,
        RequirementStatus status,
        @Nullable UUID accountId,
        @Nullable UUID globalIntegrationId,
        @Nullable String connectionName) {
}
