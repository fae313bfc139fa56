package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The deleted integration's key could not be confirmed destroyed, for {@code reason} (the problem code of the
 * key store's answer); the shredding is retried until the key store confirms it, and then
 * {@link GlobalIntegrationCredentialsShreddedEvent} follows. On record once per reason.
 */
@Revision("1")
public record GlobalIntegrationCredentialsShreddingPendingEvent(UUID integrationId, String reason) {
}
