package io.tether.api.account;

import io.tether.api.credentials.EncryptedCredentials;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The account's credentials key has a new version. Earlier ciphertexts stay readable;
 * {@code credentials} is the current credentials re-sealed under the new version, or null when the
 * account holds none.
 */
@Revision("1")
public record AccountKeyRotatedEvent(UUID accountId, int keyVersion, EncryptedCredentials credentials) {
}
