package io.tether.api.global;

import java.util.UUID;

/** One global integration of an organization; answered with an optional {@link GlobalIntegrationView}. */
public record FindGlobalIntegrationQuery(UUID organizationId, UUID integrationId) {
}
