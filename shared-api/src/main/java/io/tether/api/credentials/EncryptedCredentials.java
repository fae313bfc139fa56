package io.tether.api.credentials;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials sealed by a credential cipher, as they are kept in events. The ciphertext names the
 * key version that sealed it, {@code <scheme>:v<n>:<base64>}, as Vault transit's do ({@code vault:v3:…}).
 */
public record EncryptedCredentials(String ciphertext) {

    private static final Pattern VERSIONED = Pattern.compile("^([a-z]+):v(\\d{1,9}):.+");

    public EncryptedCredentials {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (!VERSIONED.matcher(ciphertext).matches()) {
            throw new IllegalArgumentException("Not a versioned ciphertext: " + ciphertext.substring(0, Math.min(12, ciphertext.length())));
        }
    }

    /** Which cipher sealed it: {@code vault} or {@code local}. */
    public String scheme() {
        return matcher().group(1);
    }

    /** The version of the owner's key that sealed it. */
    public int keyVersion() {
        return Integer.parseInt(matcher().group(2));
    }

    private Matcher matcher() {
        Matcher matcher = VERSIONED.matcher(ciphertext);
        if (!matcher.matches()) {
            throw new IllegalStateException("unreachable: checked at construction");
        }
        return matcher;
    }

    @Override
    public String toString() {
        return "EncryptedCredentials[" + scheme() + ":v" + keyVersion() + "]";
    }
}
