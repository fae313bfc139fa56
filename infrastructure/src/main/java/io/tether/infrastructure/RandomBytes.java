package io.tether.infrastructure;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random bytes for keys, nonces, secrets and tokens, each thread drawing from a DRBG of its own. Every
 * {@code new SecureRandom()} on Linux is a {@code NativePRNG}, and all of them serialize their draws on one lock of the
 * JVM: on a busy node of 2 CPUs a thread descheduled while it holds that lock holds up every thread drawing behind it
 * ({@link RandomUuids} says what that cost credential reads). A DRBG (the JDK's Hash_DRBG, NIST SP 800-90A) is as
 * strong, and is seeded from the system's entropy when a thread first draws.
 */
public final class RandomBytes {

    private static final ThreadLocal<SecureRandom> GENERATORS = ThreadLocal.withInitial(RandomBytes::newGenerator);

    private RandomBytes() {
    }

    /** {@code length} random bytes. */
    public static byte[] next(int length) {
        byte[] bytes = new byte[length];
        GENERATORS.get().nextBytes(bytes);
        return bytes;
    }

    /** This thread's generator, for an API that takes a {@link SecureRandom}; not to be handed to another thread. */
    public static SecureRandom ofThisThread() {
        return GENERATORS.get();
    }

    static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no DRBG SecureRandom", e);
        }
    }
}
