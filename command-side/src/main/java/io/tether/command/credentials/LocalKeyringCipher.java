package io.tether.command.credentials;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.infrastructure.DataDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with a key held by this process: the embedded default, where no Vault runs.
 * Ciphertexts read {@code local:v1:<base64 of nonce and sealed bytes>}, bound to their owner as
 * associated data.
 */
@Component
class LocalKeyringCipher implements CredentialCipher {

    static final String PREFIX = "local:v1:";
    private static final String KEY_FILE = "keyring/master.key";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> CREDENTIALS = new TypeReference<>() {
    };

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    LocalKeyringCipher(KeyringProperties properties, DataDirectory dataDirectory) {
        this(masterKey(properties, dataDirectory));
    }

    LocalKeyringCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("The keyring master key must be " + KEY_BYTES + " bytes; it is " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public EncryptedCredentials encrypt(CredentialOwner owner, Map<String, String> credentials) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.associatedData());
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(new TreeMap<>(credentials)));
            byte[] nonceAndSealed = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return new EncryptedCredentials(PREFIX + Base64.getEncoder().encodeToString(nonceAndSealed));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Credentials could not be encrypted", e);
        }
    }

    @Override
    public Map<String, String> decrypt(CredentialOwner owner, EncryptedCredentials credentials) {
        String ciphertext = credentials.ciphertext();
        if (!ciphertext.startsWith(PREFIX)) {
            throw new CredentialsUnreadableException("Not sealed by this keyring's key: " + credentials);
        }
        try {
            byte[] nonceAndSealed = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceAndSealed, 0, NONCE_BYTES));
            cipher.updateAAD(owner.associatedData());
            byte[] plaintext = cipher.doFinal(nonceAndSealed, NONCE_BYTES, nonceAndSealed.length - NONCE_BYTES);
            return JSON.readValue(plaintext, CREDENTIALS);
        } catch (AEADBadTagException e) {
            throw new CredentialsUnreadableException("The credentials were altered or belong to another owner", e);
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            throw new CredentialsUnreadableException("The credentials ciphertext is malformed", e);
        }
    }

    private static byte[] masterKey(KeyringProperties properties, DataDirectory dataDirectory) {
        String encoded = properties.masterKey();
        if (encoded == null || encoded.isBlank()) {
            encoded = dataDirectory.readOrGenerateSecret(KEY_FILE, "TETHER_KEYRING_MASTER_KEY", () -> {
                byte[] generated = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(generated);
                return Base64.getEncoder().encodeToString(generated);
            });
        }
        try {
            return Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TETHER_KEYRING_MASTER_KEY must be 32 bytes in base64", e);
        }
    }
}
