package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The deleted integration's key was destroyed: the ciphertexts of its credentials and webhook secrets
 * stay in its events for the audit trail, but nobody can open them any more.
 */
@Revision("1")
public record GlobalIntegrationCredentialsShreddedEvent(UUID integrationId) {
}
