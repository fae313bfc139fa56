package io.tether.infrastructure;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for the ids Tether draws on its requests' paths (request ids, new accounts and endpoints,
 * and through the eventing module's {@code RandomIdentifiers} every Axon message's id), each thread drawing from a
 * generator of its own. {@link UUID#randomUUID()} draws from the JVM's one {@code NativePRNG}, whose reads are
 * serialized by one lock: on a busy node of 2 CPUs a thread descheduled while it holds that lock held up every request
 * behind it, 32 ms on average and up to 115 ms in a profile of credential reads (docs/benchmarks.md). A DRBG per thread
 * is as strong, seeded from the system's entropy when a thread first draws.
 */
public final class RandomUuids {

    private static final ThreadLocal<SecureRandom> GENERATORS = ThreadLocal.withInitial(RandomUuids::generator);

    private RandomUuids() {
    }

    public static UUID next() {
        byte[] bytes = new byte[16];
        GENERATORS.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // the IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no DRBG SecureRandom", e);
        }
    }
}
