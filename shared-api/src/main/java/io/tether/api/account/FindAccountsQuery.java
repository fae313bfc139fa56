package io.tether.api.account;

import java.util.UUID;

/**
 * A page of an organization's accounts, oldest first; answered with an {@link AccountPageView}.
 * Null filters match everything; {@code cursor} is the {@code next_cursor} of the previous page.
 */
public record FindAccountsQuery(
        UUID organizationId,
        Marketplace marketplace,
        IntegrationType integrationType,
        AccountStatus status,
        int limit,
        String cursor) {
}
