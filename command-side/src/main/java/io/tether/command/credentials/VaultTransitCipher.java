package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_KEY_NOT_DELETABLE;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_LOGIN_REFUSED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_MOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_PERMISSION_DENIED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTransitOperations;
import org.springframework.vault.support.Ciphertext;
import org.springframework.vault.support.Plaintext;
import org.springframework.vault.support.VaultTransitContext;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClientException;

/**
 * Seals credentials with HashiCorp Vault's transit engine. Each owner has a derived
 * {@code aes256-gcm96} key of its own, deletable so that it can be shredded; the owner's binding is
 * the derivation context, so a ciphertext only opens for the owner it was sealed for. Vault's
 * ciphertexts ({@code vault:v<n>:…}) go into events as they are.
 *
 * <p>Keys are read, created, configured and deleted with raw requests rather than through
 * {@link VaultTransitOperations}: Spring Vault reads every 404 as "nothing there" and sends every
 * unset field of a key configuration as {@code null}, which Vault reads as zero. Here a 404 counts as
 * an absent key only when its {@code errors} list is empty (the transit engine's own answer); a 404
 * with an error ("no handler for route") means no engine is mounted there, and a key is recorded as
 * destroyed only on the engine's own answer that it is gone.
 */
@Component
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "vault")
class VaultTransitCipher implements CredentialCipher {

    private static final String KEY_TYPE = "aes256-gcm96";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VaultOperations vault;
    private final VaultTransitOperations transit;
    private final VaultProperties properties;
    private final ShreddedKeys shreddedKeys;
    private final Set<String> knownKeys = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;

    VaultTransitCipher(VaultOperations vault, VaultProperties properties, ShreddedKeys shreddedKeys, MeterRegistry meters) {
        this.vault = vault;
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

    /**
     * Allows the key's deletion, then deletes it. The key counts as destroyed when the DELETE succeeds,
     * or when the transit engine at this mount answers that it has no such key; anything else (no
     * engine there, a refusal, an outage) throws, and nothing is recorded.
     */
    @Override
    public void destroyKey(UUID ownerId) {
        String keyName = keyName(ownerId);
        call("destroy", ownerId, () -> {
            Answer allowed = send(HttpMethod.POST, keyPath(keyName) + "/config", Map.of("deletion_allowed", true));
            if (allowed.status() == 400 && allowed.says("no existing key named")) {
                return null;
            }
            allowed.requireSuccess(this);
            Answer deleted = send(HttpMethod.DELETE, keyPath(keyName), null);
            if (deleted.status() == 400 && deleted.says("could not delete key; not found")) {
                return null;
            }
            if (deleted.status() == 400 && deleted.says("deletion is not allowed")) {
                throw refused(CREDENTIAL_STORE_KEY_NOT_DELETABLE, "Vault keeps " + keyPath(keyName) + ": " + deleted.errorText(), null);
            }
            deleted.requireSuccess(this);
            return null;
        });
        knownKeys.remove(keyName);
        shreddedKeys.record(ownerId);
    }

    /**
     * What the health check asks: can this token, logged in now, read a key under the prefix at the
     * mount? An absent key is the transit engine's own answer, so the answer is {@code null}; a refusal or
     * an outage throws, as an operation would.
     */
    void checkAccess() {
        call("check", null, () -> {
            Answer read = send(HttpMethod.GET, keyPath(properties.keyPrefix() + "access-check"), null);
            if (read.isAbsentKey()) {
                return null;
            }
            read.requireSuccess(this);
            return null;
        });
    }

    private void ensureKey(String keyName) {
        if (knownKeys.contains(keyName)) {
            return;
        }
        Answer read = send(HttpMethod.GET, keyPath(keyName), null);
        if (read.isAbsentKey()) {
            // Only the fields meant: Vault reads a null as zero (sdk/framework/field_data.go), not as "unset".
            send(HttpMethod.POST, keyPath(keyName), Map.of("type", KEY_TYPE, "derived", true)).requireSuccess(this);
            send(HttpMethod.POST, keyPath(keyName) + "/config", Map.of("deletion_allowed", true)).requireSuccess(this);
        } else {
            read.requireSuccess(this);
        }
        knownKeys.add(keyName);
    }

    private String keyPath(String keyName) {
        return properties.transitPath() + "/keys/" + keyName;
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

    /** One request on the session, answered with its status and Vault's {@code errors}, never thrown for a status. */
    private Answer send(HttpMethod method, String path, Map<String, ?> body) {
        return vault.doWithSession(rest -> {
            try {
                var response = rest.exchange(path, method, body == null ? null : new HttpEntity<>(body), String.class);
                return new Answer(path, response.getStatusCode().value(), List.of(), null);
            } catch (HttpStatusCodeException e) {
                return Answer.of(path, e);
            }
        });
    }

    /** A Vault answer: the path asked, the status, and what Vault said in {@code errors}. */
    private record Answer(String path, int status, List<String> errors, HttpStatusCodeException cause) {

        static Answer of(String path, HttpStatusCodeException e) {
            List<String> errors = new ArrayList<>();
            try {
                JsonNode body = JSON.readTree(e.getResponseBodyAsString());
                if (body != null && body.path("errors").isArray()) {
                    body.path("errors").forEach(error -> errors.add(error.asText()));
                }
            } catch (JsonProcessingException notJson) {
                errors.add(e.getResponseBodyAsString());
            }
            return new Answer(path, e.getStatusCode().value(), List.copyOf(errors), e);
        }

        /** The transit engine's own "no such key": a 404 without errors (Vault's answer to a nil response). */
        boolean isAbsentKey() {
            return status == 404 && errors.isEmpty();
        }

        boolean says(String text) {
            return errors.stream().anyMatch(error -> error.contains(text));
        }

        String errorText() {
            return String.join("; ", errors);
        }

        void requireSuccess(VaultTransitCipher cipher) {
            if (status >= 200 && status < 300) {
                return;
            }
            throw cipher.refusalOrOutage(path, status, errorText(), cause);
        }
    }

    /**
     * Vault's answers, turned into what the callers can act on, and timed as {@code tether.vault.operations}
     * by operation and outcome ({@code success} or the exception the caller gets).
     */
    private <T> T call(String operationName, UUID ownerId, Supplier<T> operation) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return operation.get();
        } catch (ProblemException e) {
            outcome = e.code().code();
            throw e;
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
     * Vault answers every refusal of a ciphertext or key with a 400 and says which in its error text; a 403,
     * a missing mount and a refused login are refusals an operator must fix; anything else (5xx, sealed)
     * means Vault cannot serve us right now.
     */
    private ProblemException translate(UUID ownerId, VaultException e) {
        if (e instanceof VaultLoginException) {
            return e.getCause() instanceof HttpStatusCodeException http && http.getStatusCode().is4xxClientError()
                    ? refused(CREDENTIAL_STORE_LOGIN_REFUSED, "Vault refused Tether's login: " + e.getMessage(), e)
                    : CREDENTIAL_STORE_UNAVAILABLE.exception("Vault could not log Tether in", e);
        }
        if (e.getCause() instanceof HttpStatusCodeException http) {
            int status = http.getStatusCode().value();
            String error = http.getResponseBodyAsString() + " " + e.getMessage();
            if (status == 400) {
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
            Answer answer = Answer.of(properties.transitPath() + "/…", http);
            return refusalOrOutage(answer.path(), status, answer.errorText(), e);
        }
        return CREDENTIAL_STORE_UNAVAILABLE.exception("Vault refused or failed the request", e);
    }

    private ProblemException refusalOrOutage(String path, int status, String error, Throwable cause) {
        String where = properties.usesNamespace() ? path + " in namespace " + properties.namespace() : path;
        if (status == 403) {
            return refused(CREDENTIAL_STORE_PERMISSION_DENIED,
                    "Vault's policies for Tether's token do not allow this request on " + where, cause);
        }
        if (status == 404 && !error.isBlank()) {
            return refused(CREDENTIAL_STORE_MOUNT_NOT_FOUND,
                    "Vault has no transit engine mounted at " + properties.transitPath() + "/"
                            + (properties.usesNamespace() ? " in namespace " + properties.namespace() : "")
                            + " (" + error.strip() + ")", cause);
        }
        return CREDENTIAL_STORE_UNAVAILABLE.exception("Vault answered " + status + " on " + where + ": " + error.strip(), cause);
    }

    /**
     * A refusal that waiting will not cure: an operator must fix Vault's policy, mount, namespace or AppRole.
     * It is answered as its own problem, which names the refusal, never as "try again later".
     */
    private static ProblemException refused(ProblemCode refusal, String message, Throwable cause) {
        return refusal.exception("The credential key store refused the request: " + message
                + ". Nothing was changed; an operator must fix Vault's configuration for Tether.", cause);
    }
}
