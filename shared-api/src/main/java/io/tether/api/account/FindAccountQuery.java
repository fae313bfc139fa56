package io.tether.api.account;

import java.util.UUID;

/** One account of an organization; answered with an optional {@link AccountView}. */
public record FindAccountQuery(UUID organizationId, UUID accountId) {
}
