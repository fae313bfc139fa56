package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import io.tether.command.credentials.DataKeyStore.StoredDataKey;
import io.tether.infrastructure.DataDirectory;
import io.tether.infrastructure.RandomBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The embedded default, where no Vault runs: every owner has AES-256 data keys of its own, one per
 * version, kept wrapped by a master key; credentials are sealed with AES-256-GCM, bound to their owner
 * as associated data. Ciphertexts read {@code local:v<version>:<base64 of nonce and sealed bytes>}.
 * <p>
 * The data keys opened for decryption are kept in memory for {@link KeyringProperties#openedKeyLifetime()}, by owner,
 * so that repeated credential reads of an owner neither fetch nor unwrap its key again (nothing of them is ever
 * logged). Destroying or rotating an owner's key drops what is kept of it, once when the key store is told and again
 * when the transaction that told it completes: a read that fetched the key before the destruction committed cannot
 * leave it behind. Encryption always seals under the newest version read from the store.
 */
@Component
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "local", matchIfMissing = true)
class LocalKeyringCipher implements CredentialCipher {

    static final String SCHEME = "local";
    private static final String MASTER_KEY_FILE = "keyring/master.key";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int OWNERS_KEPT = 10_000;
    /**
     * An AES-GCM cipher per thread: {@code Cipher.getInstance} looks the transformation up among the providers each
     * time, which cost more than sealing a credential. Each use initializes it with its own key and a fresh nonce.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(LocalKeyringCipher::newCipher);

    private final SecretKey masterKey;
    private final DataKeyStore dataKeys;
    /** By key name: the versions of the owner's data key opened so far, unwrapped. */
    private final Cache<String, Map<Integer, byte[]>> openedKeys;

    @Autowired
    LocalKeyringCipher(KeyringProperties properties, DataDirectory dataDirectory, DataKeyStore dataKeys) {
        this(masterKey(properties, dataDirectory), dataKeys, properties.openedKeyLifetime());
    }

    LocalKeyringCipher(byte[] masterKey, DataKeyStore dataKeys, Duration openedKeyLifetime) {
        if (masterKey.length != KEY_BYTES) {
            throw new IllegalStateException("The keyring master key must be " + KEY_BYTES + " bytes; it is " + masterKey.length);
        }
        this.masterKey = new SecretKeySpec(masterKey, "AES");
        this.dataKeys = dataKeys;
        this.openedKeys = Caffeine.newBuilder().expireAfterWrite(openedKeyLifetime).maximumSize(OWNERS_KEPT)
                .executor(Runnable::run).build();
    }

    @Override
    public EncryptedCredentials encrypt(CredentialOwner owner, Map<String, String> credentials) {
        String keyName = keyName(owner.aggregateId());
        // The owner's first key is made before the look-up, so that a first seal stores it in the same round trip;
        // it is used as it was made unless the owner had a key, or another transaction stored one first.
        byte[] made = newDataKey();
        byte[] wrapped = wrap(keyName, 1, made);
        StoredDataKey key = dataKeys.latestOrFirst(keyName, wrapped);
        if (key.destroyed()) {
            throw CREDENTIALS_SHREDDED.exception("The credentials of " + owner.aggregateId()
                    + " were shredded: their key was destroyed when it was deleted");
        }
        byte[] dataKey = Arrays.equals(key.wrappedKey(), wrapped) ? made : openedOrUnwrapped(keyName, key);
        byte[] sealed = seal(dataKey, owner.binding(), CredentialsJson.toBytes(credentials));
        return new EncryptedCredentials(SCHEME + ":v" + key.version() + ":" + Base64.getEncoder().encodeToString(sealed));
    }

    /**
     * The newest version, as read from the store, opened: kept from an earlier read when it was (the same version of
     * the same key, whose wrapped bytes never change once stored), unwrapped otherwise. Sealing keeps nothing: what
     * is kept is what reads opened.
     */
    private byte[] openedOrUnwrapped(String keyName, StoredDataKey key) {
        Map<Integer, byte[]> kept = openedKeys.getIfPresent(keyName);
        byte[] opened = kept == null ? null : kept.get(key.version());
        return opened != null ? opened : unwrap(key);
    }

    @Override
    public Map<String, String> decrypt(CredentialOwner owner, EncryptedCredentials credentials) {
        if (!SCHEME.equals(credentials.scheme())) {
            throw CREDENTIALS_UNREADABLE.exception("Sealed by " + credentials.scheme() + ", not by the local keyring");
        }
        byte[] dataKey = opened(owner.aggregateId(), credentials.keyVersion());
        return CredentialsJson.fromBytes(open(dataKey, owner.binding(), body(credentials)));
    }

    /**
     * The version of the owner's data key, unwrapped: kept from an earlier read (a plain look-up, which leaves its
     * lifetime as it was), or fetched and kept. The fetch runs inside the cache's compute, so that dropping the
     * owner's keys waits for a fetch under way instead of missing it.
     */
    private byte[] opened(UUID ownerId, int version) {
        String keyName = keyName(ownerId);
        Map<Integer, byte[]> kept = openedKeys.getIfPresent(keyName);
        if (kept != null && kept.containsKey(version)) {
            return kept.get(version);
        }
        Map<Integer, byte[]> versions = openedKeys.asMap().compute(keyName, (name, known) -> {
            if (known != null && known.containsKey(version)) {
                return known;
            }
            Map<Integer, byte[]> more = known == null ? new HashMap<>() : new HashMap<>(known);
            more.put(version, unwrap(stored(ownerId, version)));
            return Map.copyOf(more);
        });
        return versions.get(version);
    }

    private StoredDataKey stored(UUID ownerId, int version) {
        String keyName = keyName(ownerId);
        StoredDataKey key = dataKeys.version(keyName, version)
                .orElseThrow(() -> dataKeys.isDestroyed(keyName)
                        ? CREDENTIALS_SHREDDED.exception("The credentials of " + ownerId
                                + " were shredded: their key was destroyed when it was deleted")
                        : CREDENTIALS_UNREADABLE.exception("The owner has no key version " + version));
        if (key.destroyed()) {
            throw CREDENTIALS_SHREDDED.exception("The credentials of " + ownerId
                    + " were shredded: their key was destroyed when it was deleted");
        }
        return key;
    }

    @Override
    public int rotateKey(UUID ownerId) {
        String keyName = keyName(ownerId);
        StoredDataKey latest = dataKeys.latest(keyName)
                .orElseThrow(() -> new IllegalStateException("Owner " + ownerId + " has no key to rotate"));
        if (latest.destroyed()) {
            throw CREDENTIALS_SHREDDED.exception("The credentials of " + ownerId
                    + " were shredded: their key was destroyed when it was deleted");
        }
        int next = latest.version() + 1;
        int version = dataKeys.insertIfAbsent(keyName, next, wrap(keyName, next, newDataKey())).version();
        forgetOpened(keyName);
        return version;
    }

    /** The keyring is the key store itself: re-sealing opens and seals again inside this process. */
    @Override
    public EncryptedCredentials rewrap(CredentialOwner owner, EncryptedCredentials credentials) {
        return encrypt(owner, decrypt(owner, credentials));
    }

    @Override
    public void destroyKey(UUID ownerId) {
        String keyName = keyName(ownerId);
        dataKeys.destroy(keyName);
        forgetOpened(keyName);
    }

    /** Drops the owner's opened keys now, and again once the transaction under way (if any) has completed. */
    private void forgetOpened(String keyName) {
        openedKeys.invalidate(keyName);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    openedKeys.invalidate(keyName);
                }
            });
        }
    }

    private static String keyName(UUID ownerId) {
        return "owner-" + ownerId;
    }

    private static byte[] newDataKey() {
        return RandomBytes.next(KEY_BYTES);
    }

    private byte[] wrap(String keyName, int version, byte[] dataKey) {
        return seal(masterKey.getEncoded(), wrappingBinding(keyName, version), dataKey);
    }

    private byte[] unwrap(StoredDataKey key) {
        try {
            return open(masterKey.getEncoded(), wrappingBinding(key.keyName(), key.version()), key.wrappedKey());
        } catch (ProblemException e) {
            throw CREDENTIALS_UNREADABLE.exception("A data key does not open with this master key: is "
                    + "TETHER_KEYRING_MASTER_KEY the one it was created with?", e);
        }
    }

    private static byte[] wrappingBinding(String keyName, int version) {
        return (keyName + ":v" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] seal(byte[] key, byte[] associatedData, byte[] plaintext) {
        try {
            byte[] nonce = RandomBytes.next(NONCE_BYTES);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    private static byte[] open(byte[] key, byte[] associatedData, byte[] nonceAndSealed) {
        try {
            if (nonceAndSealed.length <= NONCE_BYTES) {
                throw CREDENTIALS_UNREADABLE.exception("The ciphertext is too short");
            }
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, nonceAndSealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(nonceAndSealed, NONCE_BYTES, nonceAndSealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw CREDENTIALS_UNREADABLE.exception("The credentials were altered or belong to another owner", e);
        } catch (GeneralSecurityException e) {
            throw CREDENTIALS_UNREADABLE.exception("The ciphertext is malformed", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no AES-GCM", e);
        }
    }

    private static byte[] body(EncryptedCredentials credentials) {
        String ciphertext = credentials.ciphertext();
        try {
            return Base64.getDecoder().decode(ciphertext.substring(ciphertext.indexOf(':', SCHEME.length() + 1) + 1));
        } catch (IllegalArgumentException e) {
            throw CREDENTIALS_UNREADABLE.exception("The ciphertext is not base64", e);
        }
    }

    static byte[] masterKey(KeyringProperties properties, DataDirectory dataDirectory) {
        String encoded = properties.masterKey();
        if (encoded == null || encoded.isBlank()) {
            encoded = dataDirectory.readOrGenerateSecret(MASTER_KEY_FILE, "TETHER_KEYRING_MASTER_KEY",
                    () -> Base64.getEncoder().encodeToString(RandomBytes.next(KEY_BYTES)));
        }
        try {
            return Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TETHER_KEYRING_MASTER_KEY must be 32 bytes in base64", e);
        }
    }
}
