package io.tether.api.account;

import io.tether.api.credentials.EncryptedCredentials;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** Credentials were stored; the event holds only their ciphertext. */
@Revision("1")
public record AccountConnectedEvent(UUID accountId, EncryptedCredentials credentials) {
}
