package io.tether.api.global;

import java.util.UUID;

/**
 * A page of an organization's global integrations, oldest first; answered with a
 * {@link GlobalIntegrationPageView}. Null filters match everything; {@code cursor} is the
 * {@code next_cursor} of the previous page.
 */
public record FindGlobalIntegrationsQuery(
        UUID organizationId,
        String serviceName,
        Boolean enabled,
        UUID projectId,
        int limit,
        String cursor) {
}
