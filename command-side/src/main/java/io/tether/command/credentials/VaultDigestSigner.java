package io.tether.command.credentials;

import io.tether.infrastructure.audit.DigestKey;
import io.tether.infrastructure.audit.DigestSigner;
import io.tether.infrastructure.audit.Ed25519;
import java.util.Base64;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTransitOperations;
import org.springframework.vault.support.Plaintext;
import org.springframework.vault.support.VaultTransitKey;
import org.springframework.vault.support.VaultTransitKeyCreationRequest;

/**
 * Signs audit digests where Vault is the cipher: Vault transit's {@code sign} with a key of its own
 * ({@code <key-prefix>audit-digests}, type {@code ed25519}, created non-exportable on first use), so that the
 * private key never leaves Vault. Its public keys, one per version, are published with the digests; a
 * rotation in Vault is a new published key ({@code vault:<name>:v<version>}).
 */
@Component
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "vault")
class VaultDigestSigner implements DigestSigner {

    private static final String KEY_TYPE = "ed25519";

    private final VaultTransitOperations transit;
    private final String keyName;

    VaultDigestSigner(VaultOperations vault, VaultProperties properties) {
        this.transit = vault.opsForTransit(properties.transitPath());
        this.keyName = properties.keyPrefix() + "audit-digests";
    }

    @Override
    public DigestKey key() {
        VaultTransitKey key = transit.getKey(keyName);
        if (key == null) {
            transit.createKey(keyName, VaultTransitKeyCreationRequest.builder().type(KEY_TYPE).exportable(false).build());
            key = transit.getKey(keyName);
        }
        int version = key.getLatestVersion();
        Object described = key.getKeys().get(Integer.toString(version));
        if (!(described instanceof Map<?, ?> publicKey) || !(publicKey.get("public_key") instanceof String raw)) {
            throw new IllegalStateException("Vault's key " + keyName + " shows no public key: is it of type " + KEY_TYPE + "?");
        }
        return new DigestKey(keyId(version), Ed25519.ALGORITHM, Ed25519.x509FromRaw(Base64.getDecoder().decode(raw)));
    }

    /** Signs with the key's latest version; a rotation between {@link #key()} and here fails the digest, tried again. */
    @Override
    public String sign(byte[] content) {
        String signed = transit.sign(keyName, Plaintext.of(content)).getSignature();
        String[] parts = signed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("vault") || !parts[1].startsWith("v")) {
            throw new IllegalStateException("Vault answered a signature in an unknown form");
        }
        String expected = key().keyId();
        if (!keyId(Integer.parseInt(parts[1].substring(1))).equals(expected)) {
            throw new IllegalStateException("Vault's key " + keyName + " was rotated while a digest was signed");
        }
        return parts[2];
    }

    private String keyId(int version) {
        return "vault:" + keyName + ":v" + version;
    }
}
