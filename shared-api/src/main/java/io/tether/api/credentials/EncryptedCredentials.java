package io.tether.api.credentials;

import java.util.Objects;

/**
 * Credentials sealed by a credential cipher, as they are kept in events.
 * The ciphertext names the key version that sealed it ({@code <scheme>:v<n>:<base64>}).
 */
public record EncryptedCredentials(String ciphertext) {

    public EncryptedCredentials {
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public String toString() {
        return "EncryptedCredentials[" + ciphertext.substring(0, Math.min(ciphertext.length(), 12)) + "…]";
    }
}
