package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The deleted account's key could not be confirmed destroyed, for {@code reason} (the problem code of the key
 * store's answer, e.g. {@code credential_store_permission_denied}); the shredding is retried until the key
 * store confirms it, and then {@link AccountCredentialsShreddedEvent} follows. On record once per reason.
 */
@Revision("1")
public record AccountCredentialsShreddingPendingEvent(UUID accountId, String reason) {
}
