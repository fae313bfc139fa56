package io.tether.command.notice;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.infrastructure.RandomBytes;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Endpoints' signing secrets: {@code whsec_} and the base64 of 24 random bytes, as Standard Webhooks
 * libraries read them. Sealed by the credential cipher like every credential, under a key of the
 * endpoint's own (destroyed with the endpoint), bound to its organization; a platform-wide endpoint's
 * are bound to {@link #PLATFORM}. An opened secret is kept in memory for
 * {@code tether.notices.signing-secrets-kept-for}, by its ciphertext and owner, so that a busy endpoint's
 * deliveries do not ask the key store (a network call with Vault) once each; a
 * rotated secret is another ciphertext, and destroying an endpoint's key forgets the secrets opened for it.
 */
@Component
class SigningSecrets {

    static final String PREFIX = "whsec_";

    /** The organization a platform-wide endpoint's secrets are bound to: none. */
    static final UUID PLATFORM = new UUID(0, 0);

    private static final int BYTES = 24;
    private static final String FIELD = "signing_secret";
    private static final int SECRETS_KEPT = 10_000;

    /** What was opened for one owner from one ciphertext. */
    private record Sealed(CredentialOwner owner, String ciphertext) {

        @Override
        public String toString() {
            return "Sealed[owner=" + owner + ", secret=<sealed>]";
        }
    }

    private final CredentialCipher cipher;
    private final Cache<Sealed, String> opened;

    SigningSecrets(CredentialCipher cipher, NoticeProperties properties) {
        this.cipher = cipher;
        this.opened = Caffeine.newBuilder().expireAfterWrite(properties.signingSecretsKeptFor()).maximumSize(SECRETS_KEPT)
                .executor(Runnable::run).build();
    }

    String generate() {
        byte[] secret = RandomBytes.next(BYTES);
        return PREFIX + Base64.getEncoder().encodeToString(secret);
    }

    String seal(UUID organizationId, UUID endpointId, String secret) {
        return cipher.encrypt(owner(organizationId, endpointId), Map.of(FIELD, secret)).ciphertext();
    }

    String open(UUID organizationId, UUID endpointId, String sealed) {
        return opened.get(new Sealed(owner(organizationId, endpointId), sealed),
                key -> cipher.decrypt(key.owner(), new EncryptedCredentials(key.ciphertext())).get(FIELD));
    }

    void destroy(UUID endpointId) {
        cipher.destroyKey(endpointId);
        opened.asMap().keySet().removeIf(sealed -> sealed.owner().aggregateId().equals(endpointId));
    }

    private static CredentialOwner owner(UUID organizationId, UUID endpointId) {
        return new CredentialOwner(organizationId == null ? PLATFORM : organizationId, endpointId, FIELD);
    }
}
