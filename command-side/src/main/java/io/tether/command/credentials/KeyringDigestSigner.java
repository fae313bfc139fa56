package io.tether.command.credentials;

import io.tether.infrastructure.DataDirectory;
import io.tether.infrastructure.audit.DigestKey;
import io.tether.infrastructure.audit.DigestSigner;
import io.tether.infrastructure.audit.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Signs audit digests where the local keyring is the cipher: an Ed25519 key derived from the keyring's master
 * key (HMAC-SHA256 of a fixed label as the seed), so that it is the same on every node and after every
 * restart, and the database holds nothing of it.
 */
@Component
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "local", matchIfMissing = true)
class KeyringDigestSigner implements DigestSigner {

    private static final String LABEL = "tether audit digest signing key v1";

    private final KeyPair keys;
    private final DigestKey key;

    KeyringDigestSigner(KeyringProperties properties, DataDirectory dataDirectory) {
        byte[] masterKey = LocalKeyringCipher.masterKey(properties, dataDirectory);
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            this.keys = Ed25519.fromSeed(hmac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
        this.key = new DigestKey(Ed25519.keyId(keys.getPublic()), Ed25519.ALGORITHM, Ed25519.encoded(keys.getPublic()));
    }

    @Override
    public DigestKey key() {
        return key;
    }

    @Override
    public String sign(byte[] content) {
        return Ed25519.sign(keys.getPrivate(), content);
    }
}
