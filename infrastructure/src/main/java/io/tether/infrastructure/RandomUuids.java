package io.tether.infrastructure;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for the ids Tether draws on its requests' paths (request ids, new accounts and endpoints,
 * and through the eventing module's {@code RandomIdentifiers} every Axon message's id), each thread drawing from a
 * generator of its own. {@link UUID#randomUUID()} draws from the JVM's one {@code NativePRNG}, whose reads are
 * serialized by one lock: on a busy node of 2 CPUs a thread descheduled while it holds that lock held up every request
 * behind it, 32 ms on average and up to 115 ms in a profile of credential reads (docs/benchmarks.md). A DRBG per thread
 * is as strong, seeded from the system's entropy when a thread first draws.
 * <p>
 * Each thread takes its generator's bytes {@value #IDS_PER_DRAW} ids at a time: a DRBG's cost is mostly per draw (it
 * hashes its state again after each), 3.5–6 µs for one id's 16 bytes and 0.4–0.8 µs an id drawn 512 bytes at a time,
 * with the JIT the run command uses. Axon draws an id for every message, also for each event handler's result, which a
 * replay of a read model draws for every event it handles. The ids are the same generator's output, in the same order.
 */
public final class RandomUuids {

    static final int IDS_PER_DRAW = 32;

    private static final ThreadLocal<Draw> DRAWS = ThreadLocal.withInitial(Draw::new);

    private RandomUuids() {
    }

    public static UUID next() {
        return DRAWS.get().next();
    }

    /** One thread's generator and the bytes it drew last, {@link #IDS_PER_DRAW} ids' worth. */
    private static final class Draw {

        private final SecureRandom generator = RandomBytes.newGenerator();
        private final byte[] bytes = new byte[16 * IDS_PER_DRAW];
        private final ByteBuffer unused = ByteBuffer.wrap(bytes).position(bytes.length);

        UUID next() {
            if (!unused.hasRemaining()) {
                generator.nextBytes(bytes);
                unused.clear();
            }
            long most = unused.getLong();
            long least = unused.getLong();
            most = (most & ~0xf000L) | 0x4000L; // version 4
            least = (least & 0x3fffffffffffffffL) | 0x8000000000000000L; // the IETF variant
            return new UUID(most, least);
        }
    }
}
