package io.tether.command.credentials;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import io.tether.api.problem.ProblemCode;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Seals credentials before they enter an event and opens them for the few who may read them. Every
 * owner (an account or a global integration) has a key of its own, created when its first
 * credentials are sealed; a ciphertext is also bound to its owner's organization and field, so
 * opened for any other owner it fails.
 *
 * <p>Every method throws {@code CREDENTIAL_STORE_UNAVAILABLE} when the key store cannot be reached, or one
 * of the {@code CREDENTIAL_STORE_…} refusals an operator must fix ({@link #isKeyStoreFailure}); nothing falls
 * back to plaintext.
 */
public interface CredentialCipher {

    /** The key store's failures: out of service, or refusing for a reason an operator must fix. */
    Set<ProblemCode> KEY_STORE_FAILURES = Set.of(ProblemCode.CREDENTIAL_STORE_UNAVAILABLE,
            ProblemCode.CREDENTIAL_STORE_PERMISSION_DENIED, ProblemCode.CREDENTIAL_STORE_MOUNT_NOT_FOUND,
            ProblemCode.CREDENTIAL_STORE_LOGIN_REFUSED, ProblemCode.CREDENTIAL_STORE_KEY_NOT_DELETABLE);

    /** Whether the key store failed or refused (so a shredding stays pending), rather than the request being wrong. */
    static boolean isKeyStoreFailure(ProblemException problem) {
        return KEY_STORE_FAILURES.contains(problem.code());
    }

    /** Seals under the newest version of the owner's key, creating the key on first use. */
    EncryptedCredentials encrypt(CredentialOwner owner, Map<String, String> credentials);

    /**
     * @throws ProblemException {@code CREDENTIALS_SHREDDED} when the owner's key was destroyed
     * @throws ProblemException {@code CREDENTIALS_UNREADABLE} when the ciphertext is not this owner's or was altered
     */
    Map<String, String> decrypt(CredentialOwner owner, EncryptedCredentials credentials);

    /** Starts a new version of the owner's key; earlier versions keep opening what they sealed. */
    int rotateKey(UUID ownerId);

    /** Re-seals under the newest key version; the plaintext never leaves the key store's keeping. */
    EncryptedCredentials rewrap(CredentialOwner owner, EncryptedCredentials credentials);

    /** Destroys every version of the owner's key, for good. Destroying a destroyed or absent key does nothing. */
    void destroyKey(UUID ownerId);
}
