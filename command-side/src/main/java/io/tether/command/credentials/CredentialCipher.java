package io.tether.command.credentials;

import io.tether.api.credentials.EncryptedCredentials;
import java.util.Map;

/**
 * Seals credentials before they enter an event and opens them for the few who may read them.
 * A ciphertext is bound to its owner: opened for any other owner, it fails.
 */
public interface CredentialCipher {

    EncryptedCredentials encrypt(CredentialOwner owner, Map<String, String> credentials);

    /** @throws CredentialsUnreadableException when the ciphertext is not this owner's or was altered */
    Map<String, String> decrypt(CredentialOwner owner, EncryptedCredentials credentials);
}
