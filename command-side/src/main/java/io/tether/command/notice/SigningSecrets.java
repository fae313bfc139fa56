package io.tether.command.notice;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Endpoints' signing secrets: {@code whsec_} and the base64 of 24 random bytes, as Standard Webhooks
 * libraries read them. Sealed by the credential cipher like every credential, under a key of the
 * endpoint's own (destroyed with the endpoint), bound to its organization; a platform-wide endpoint's
 * are bound to {@link #PLATFORM}.
 */
@Component
class SigningSecrets {

    static final String PREFIX = "whsec_";

    /** The organization a platform-wide endpoint's secrets are bound to: none. */
    static final UUID PLATFORM = new UUID(0, 0);

    private static final int BYTES = 24;
    private static final String FIELD = "signing_secret";

    private final SecureRandom random = new SecureRandom();
    private final CredentialCipher cipher;

    SigningSecrets(CredentialCipher cipher) {
        this.cipher = cipher;
    }

    String generate() {
        byte[] secret = new byte[BYTES];
        random.nextBytes(secret);
        return PREFIX + Base64.getEncoder().encodeToString(secret);
    }

    String seal(UUID organizationId, UUID endpointId, String secret) {
        return cipher.encrypt(owner(organizationId, endpointId), Map.of(FIELD, secret)).ciphertext();
    }

    String open(UUID organizationId, UUID endpointId, String sealed) {
        return cipher.decrypt(owner(organizationId, endpointId), new EncryptedCredentials(sealed)).get(FIELD);
    }

    void destroy(UUID endpointId) {
        cipher.destroyKey(endpointId);
    }

    private static CredentialOwner owner(UUID organizationId, UUID endpointId) {
        return new CredentialOwner(organizationId == null ? PLATFORM : organizationId, endpointId, FIELD);
    }
}
