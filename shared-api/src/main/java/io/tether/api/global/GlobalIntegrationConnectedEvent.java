package io.tether.api.global;

import io.tether.api.credentials.EncryptedCredentials;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** Credentials were stored, replacing any earlier ones; the event holds only their ciphertext. */
@Revision("1")
public record GlobalIntegrationConnectedEvent(UUID integrationId, EncryptedCredentials credentials) {
}
