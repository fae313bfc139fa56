package io.tether.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomBytesTest {

    @Test
    void drawsTheLengthAskedFor_fromADrbg() {
        assertThat(RandomBytes.next(12)).hasSize(12);
        assertThat(RandomBytes.next(48)).hasSize(48);
        assertThat(RandomBytes.next(0)).isEmpty();
        assertThat(RandomBytes.ofThisThread().getAlgorithm()).isEqualTo("DRBG");
    }

    @Test
    void eachThreadDrawsFromAGeneratorOfItsOwn() throws Exception {
        SecureRandom here = RandomBytes.ofThisThread();
        SecureRandom elsewhere = CompletableFuture.supplyAsync(RandomBytes::ofThisThread).get();

        assertThat(RandomBytes.ofThisThread()).isSameAs(here);
        assertThat(elsewhere).isNotSameAs(here);
    }

    @Test
    void drawsOnManyThreadsAtOnce_neverRepeat_andCoverEveryBit() {
        Set<ByteBuffer> draws = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(thread -> {
            for (int i = 0; i < 5_000; i++) {
                draws.add(ByteBuffer.wrap(RandomBytes.next(16)));
            }
        });
        assertThat(draws).hasSize(40_000);
        byte[] set = new byte[16];
        byte[] clear = new byte[16];
        for (ByteBuffer draw : draws) {
            for (int i = 0; i < 16; i++) {
                set[i] |= draw.get(i);
                clear[i] |= (byte) ~draw.get(i);
            }
        }
        for (int i = 0; i < 16; i++) {
            assertThat(set[i] & clear[i] & 0xff).as("byte %d: each bit set in one draw and clear in another", i)
                    .isEqualTo(0xff);
        }
    }
}
