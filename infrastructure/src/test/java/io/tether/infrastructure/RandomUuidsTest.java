package io.tether.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomUuidsTest {

    @Test
    void eachIdIsARandomVersion4Uuid_inTheFormUuidParses() {
        for (int i = 0; i < 1_000; i++) {
            UUID id = RandomUuids.next();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
        }
    }

    @Test
    void idsDrawnOnManyThreadsAtOnce_neverRepeat_andCoverEveryRandomBit() {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(thread -> {
            for (int i = 0; i < 5_000; i++) {
                ids.add(RandomUuids.next());
            }
        });
        assertThat(ids).hasSize(40_000);
        // Every bit but the six fixed ones is set in some id and clear in another.
        long mostSet = 0;
        long mostClear = 0;
        long leastSet = 0;
        long leastClear = 0;
        for (UUID id : List.copyOf(ids)) {
            mostSet |= id.getMostSignificantBits();
            mostClear |= ~id.getMostSignificantBits();
            leastSet |= id.getLeastSignificantBits();
            leastClear |= ~id.getLeastSignificantBits();
        }
        assertThat(Long.bitCount(mostSet & mostClear)).isEqualTo(64 - 4);
        assertThat(Long.bitCount(leastSet & leastClear)).isEqualTo(64 - 2);
    }
}
