package io.tether.command.credentials;

import java.security.SecureRandom;
import java.time.Duration;

/** The real ciphers, for tests outside this package, where their constructors cannot be reached. */
public final class TestCiphers {

    private TestCiphers() {
    }

    /** A local keyring cipher with a fresh random master key. */
    public static CredentialCipher localKeyring() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new LocalKeyringCipher(key, new InMemoryDataKeyStore(), Duration.ofSeconds(30));
    }
}
