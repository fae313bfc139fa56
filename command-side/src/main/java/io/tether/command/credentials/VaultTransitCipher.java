package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTransitOperations;
import org.springframework.vault.support.Ciphertext;
import org.springframework.vault.support.Plaintext;
import org.springframework.vault.support.VaultTransitContext;
import org.springframework.vault.support.VaultTransitKeyConfiguration;
import org.springframework.vault.support.VaultTransitKeyCreationRequest;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClientException;

/**
 * Seals credentials with HashiCorp Vault's transit engine. Each owner has a derived
 * {@code aes256-gcm96} key of its own, deletable so that it can be shredded; the owner's binding is
 * the derivation context, so a ciphertext only opens for the owner it was sealed for. Vault's
 * ciphertexts ({@code vault:v<n>:…}) go into events as they are.
 */
@Component
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "vault")
class VaultTransitCipher implements CredentialCipher {

    private static final String KEY_TYPE = "aes256-gcm96";

    private final VaultTransitOperations transit;
    private final VaultProperties properties;
    private final ShreddedKeys shreddedKeys;
    private final Set<String> knownKeys = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;

    VaultTransitCipher(VaultOperations vault, VaultProperties properties, ShreddedKeys shreddedKeys, MeterRegistry meters) {
        this.transit = vault.opsForTransit(properties.transitPath());
        this.properties = properties;
        this.shreddedKeys = shreddedKeys;
        this.meters = meters;
    }

    @Override
    public EncryptedCredentials encrypt(CredentialOwner owner, Map<String, String> credentials) {
        String keyName = keyName(owner.aggregateId());
        if (shreddedKeys.contains(owner.aggregateId())) {
            // Vault would quietly create a fresh key for the name: a shredded owner gets no new secrets.
            throw CREDENTIALS_SHREDDED.exception("The credentials of " + owner.aggregateId()
                    + " were shredded: their key was destroyed when it was deleted");
        }
        return call("encrypt", owner.aggregateId(), () -> {
            ensureKey(keyName);
            Ciphertext sealed = transit.encrypt(keyName,
                    Plaintext.of(CredentialsJson.toBytes(credentials)).with(context(owner)));
            return new EncryptedCredentials(sealed.getCiphertext());
        });
    }

    @Override
    public Map<String, String> decrypt(CredentialOwner owner, EncryptedCredentials credentials) {
        requireVaultCiphertext(credentials);
        return call("decrypt", owner.aggregateId(), () -> CredentialsJson.fromBytes(transit.decrypt(keyName(owner.aggregateId()),
                Ciphertext.of(credentials.ciphertext()).with(context(owner))).getPlaintext()));
    }

    @Override
    public int rotateKey(UUID ownerId) {
        String keyName = keyName(ownerId);
        return call("rotate", ownerId, () -> {
            transit.rotate(keyName);
            return transit.getKey(keyName).getLatestVersion();
        });
    }

    @Override
    public EncryptedCredentials rewrap(CredentialOwner owner, EncryptedCredentials credentials) {
        requireVaultCiphertext(credentials);
        return call("rewrap", owner.aggregateId(), () -> new EncryptedCredentials(
                transit.rewrap(keyName(owner.aggregateId()), credentials.ciphertext(), context(owner))));
    }

    @Override
    public void destroyKey(UUID ownerId) {
        String keyName = keyName(ownerId);
        call("destroy", ownerId, () -> {
            if (transit.getKey(keyName) != null) {
                transit.configureKey(keyName, VaultTransitKeyConfiguration.builder().deletionAllowed(true).build());
                transit.deleteKey(keyName);
            }
            knownKeys.remove(keyName);
            return null;
        });
        shreddedKeys.record(ownerId);
    }

    private void ensureKey(String keyName) {
        if (knownKeys.contains(keyName)) {
            return;
        }
        if (transit.getKey(keyName) == null) {
            transit.createKey(keyName, VaultTransitKeyCreationRequest.builder().type(KEY_TYPE).derived(true).build());
            transit.configureKey(keyName, VaultTransitKeyConfiguration.builder().deletionAllowed(true).build());
        }
        knownKeys.add(keyName);
    }

    private String keyName(UUID ownerId) {
        return properties.keyPrefix() + ownerId;
    }

    private static VaultTransitContext context(CredentialOwner owner) {
        return VaultTransitContext.builder().context(owner.binding()).build();
    }

    private static void requireVaultCiphertext(EncryptedCredentials credentials) {
        if (!"vault".equals(credentials.scheme())) {
            throw CREDENTIALS_UNREADABLE.exception("Sealed by " + credentials.scheme() + ", not by Vault");
        }
    }

    /**
     * Vault's answers, turned into what the callers can act on, and timed as {@code tether.vault.operations}
     * by operation and outcome ({@code success} or the code of the problem the caller gets).
     */
    private <T> T call(String operationName, UUID ownerId, Supplier<T> operation) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return operation.get();
        } catch (VaultException e) {
            ProblemException translated = translate(ownerId, e);
            outcome = translated.code().code();
            throw translated;
        } catch (RestClientException e) {
            outcome = CREDENTIAL_STORE_UNAVAILABLE.code();
            throw CREDENTIAL_STORE_UNAVAILABLE.exception("Vault cannot be reached", e);
        } finally {
            sample.stop(Timer.builder("tether.vault.operations")
                    .description("Vault transit operations, by operation and outcome")
                    .tag("operation", operationName)
                    .tag("outcome", outcome)
                    .register(meters));
        }
    }

    /**
     * Vault answers every refusal of a ciphertext or key with a 400 and says which in its error text;
     * anything else (403, 5xx, sealed, a failed login) means Vault cannot serve us right now.
     */
    private ProblemException translate(UUID ownerId, VaultException e) {
        if (e.getCause() instanceof HttpStatusCodeException http && http.getStatusCode().value() == 400) {
            String error = http.getResponseBodyAsString() + " " + e.getMessage();
            if (error.contains("key not found") || error.contains("could not delete key; not found")) {
                return shreddedKeys.contains(ownerId)
                        ? CREDENTIALS_SHREDDED.exception("The credentials of " + ownerId
                                + " were shredded: their key was destroyed when it was deleted")
                        : CREDENTIALS_UNREADABLE.exception("Vault has no key for " + ownerId);
            }
            if (error.contains("message authentication failed") || error.contains("invalid ciphertext")) {
                return CREDENTIALS_UNREADABLE.exception(
                        "Vault refused the ciphertext: it was altered or belongs to another owner");
            }
        }
        return CREDENTIAL_STORE_UNAVAILABLE.exception("Vault refused or failed the request", e);
    }
}
